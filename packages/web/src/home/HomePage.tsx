import { lazy, Suspense, useMemo, useState } from 'react';
import { Card, Col, Empty, List, Row, Skeleton, Space, Statistic, Table, Tag, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api/client.ts';
import type { MyWorkT as MyWork, UnitFiguresT as UnitFigures } from '../api/types.ts';
import { useSignedIn } from '../session/session.ts';
import { date, dateTime, localName, money, number } from '../ui/format.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { UnitSelect } from '../ui/lookups.tsx';
import { channelLabel, timelineTypeLabel } from '../ui/labels.ts';
import { MyTasksCard } from '../tasks/MyTasksCard.tsx';

// ECharts is large; only the pages with charts load it.
const LazyChart = lazy(() => import('../ui/EChart.tsx').then((m) => ({ default: m.EChart })));
const EChart = (props: Parameters<typeof LazyChart>[0]) => (
  <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: props.height ?? 300 }} />}><LazyChart {...props} /></Suspense>
);

/** KPI cards fill their row's height, so a title that wraps in one language leaves them even. */
const kpi = { height: '100%' };

/** 工作台 — an account manager sees their own desk; everyone else their units' figures. */
export default function HomePage() {
  const me = useSignedIn();
  const { t } = useTranslation();
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>{t('home.greeting', { name: me.user.displayName })}</Typography.Title>
      {me.permissions.includes('task.read') && <MyTasksCard />}
      {me.user.role === 'account_manager' ? <AccountManagerHome /> : <UnitFiguresHome />}
    </Space>
  );
}

function AccountManagerHome() {
  const { t } = useTranslation();
  const me = useSignedIn();
  const work = useQuery({ queryKey: ['dashboard', 'my-work'], queryFn: () => api.GET('/dashboard/my-work') });
  const mine = useQuery({ queryKey: ['customers', 'mine'], queryFn: () => api.GET('/customers', { params: { query: { ownerId: me.user.id, limit: 10 } } }) });
  if (!work.data) return <QueryState isLoading={work.isLoading} error={work.error} retry={() => work.refetch()} />;
  const w = work.data;
  const owed = w.counts.owedFen;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={12} lg={6}><Card style={kpi} data-testid="kpi"><Statistic title={t('home.myCustomers')} value={number(w.counts.customers)} /></Card></Col>
      <Col xs={12} lg={6}><Card style={kpi} data-testid="kpi"><Statistic title={t('home.myKeyCustomers')} value={number(w.counts.keyCustomers)} /></Card></Col>
      <Col xs={12} lg={6}><Card style={kpi} data-testid="kpi"><Statistic title={t('home.openBills')} value={number(w.counts.openBills)} data-testid="my-open-bills"
        suffix={w.counts.overdueBills ? <Typography.Text type="danger" style={{ fontSize: 14 }}>{t('c360.overdueN', { n: number(w.counts.overdueBills) })}</Typography.Text> : null} /></Card></Col>
      <Col xs={12} lg={6}><Card style={kpi} data-testid="kpi"><Statistic title={t('home.owed')} value={money(owed)} data-testid="my-owed" valueStyle={owed ? { color: '#cf1322' } : undefined} /></Card></Col>
      <Col xs={24} xl={14}>
        <Card title={t('home.myCustomers')} extra={<Link to={`/customers?ownerId=${me.user.id}`}>{t('common.more')}</Link>} styles={{ body: { padding: 0 } }}>
          <Table rowKey="id" size="small" pagination={false} loading={mine.isLoading} dataSource={mine.data?.items} columns={[
            { title: t('customers.name'), dataIndex: 'name', render: (v, c) => <Link to={`/customers/${c.id}`}>{v}</Link> },
            { title: t('customers.tier'), dataIndex: 'tier', render: (v) => <Tag color={v === 'key' ? 'gold' : 'default'}>{t(`tier.${v}`)}</Tag> },
            { title: t('customers.tags'), dataIndex: 'tags', render: (tags: string[]) => tags.map((x) => <Tag key={x}>{x}</Tag>) },
            { title: t('customers.createdAt'), dataIndex: 'createdAt', render: (v) => date(v) },
          ]} />
        </Card>
        <Card title={t('home.openItems')} style={{ marginTop: 16 }} styles={{ body: { padding: 0 } }}
          extra={w.counts.openBills > w.openBills.length ? <Typography.Text type="secondary">{t('homeFigures.firstDue', { shown: number(w.openBills.length), total: number(w.counts.openBills) })}</Typography.Text> : null}>
          <Table rowKey="billId" size="small" pagination={false} dataSource={w.openBills} locale={{ emptyText: <Empty description={t('home.noOpenItems')} /> }} columns={[
            { title: t('customers.name'), dataIndex: 'customerName', render: (v, b) => <Link to={`/customers/${b.customerId}`}>{v}</Link> },
            { title: t('bill.period'), dataIndex: 'period' },
            { title: t('bill.amount'), dataIndex: 'amountFen', align: 'right', render: (v, b) => money(v - b.paidFen) },
            { title: t('bill.due'), dataIndex: 'dueDate', render: (v) => date(v) },
            { title: t('bill.status'), dataIndex: 'status', render: (v) => <Tag color={v === 'overdue' ? 'red' : 'blue'}>{t(`billStatus.${v}`)}</Tag> },
          ]} />
        </Card>
      </Col>
      <Col xs={24} xl={10}>
        <Card title={t('home.recentTimeline')}>
          <List size="small" dataSource={w.recentInteractions} locale={{ emptyText: t('timeline.empty') }} renderItem={(i) => (
            <List.Item>
              <List.Item.Meta
                title={<Space size={6}><Link to={`/customers/${i.customerId}`}>{i.customerName}</Link><Tag bordered={false}>{channelLabel(t, i.channel, i.actorRole)}</Tag>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{timelineTypeLabel(t, i.type)}</Typography.Text></Space>}
                description={<><div>{i.summary}</div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{dateTime(i.occurredAt)}</Typography.Text></>} />
            </List.Item>
          )} />
        </Card>
      </Col>
    </Row>
  );
}

/** The n months up to and including `month` (YYYY-MM), oldest first. */
function lastMonths(month: string, n: number): string[] {
  const [year, m] = month.split('-').map(Number);
  return Array.from({ length: n }, (_, i) => {
    const d = new Date(Date.UTC(year, m - 1 - (n - 1 - i), 1));
    return d.toISOString().slice(0, 7);
  });
}

function UnitFiguresHome() {
  const { t, i18n } = useTranslation();
  const [unitId, setUnitId] = useState<string | undefined>();
  const figures = useQuery({ queryKey: ['dashboard', 'figures', unitId], queryFn: () => api.GET('/dashboard/figures', { params: { query: { unitId } } }),
    placeholderData: keepPreviousData });
  const f = figures.data;
  const charts = useMemo(() => {
    if (!f) return null;
    const units = [...f.byUnit].slice(0, 14).reverse();
    // The current month has only its first days: it is drawn lighter and dashed, and says so,
    // so a manager does not read a cliff where there is none.
    const thisMonth = new Date(f.asOf).toISOString().slice(0, 7);
    const monthLabel = (m: string) => (m === thisMonth ? `${m}\n${t('homeFigures.soFar')}` : m);
    const isPartial = (m: string) => m === thisMonth;
    const partial = { opacity: 0.45 };
    // Every month of the span, a month with nothing in it included (as 0, not skipped).
    const newMonths = lastMonths(thisMonth, 12);
    const months = lastMonths(thisMonth, 6);
    const newCustomers = newMonths.map((m) => f.newByMonth.find((r) => r.month === m)?.customers ?? 0);
    const lastFull = newMonths.length - 2;
    // Six bars leave room for 7月 or Jul, not 2026-07; the tooltip keeps the whole month.
    const monthName = new Intl.DateTimeFormat(i18n.language, { month: 'short', timeZone: 'UTC' });
    const shortMonth = (label: string) => label.replace(/^(\d{4})-(\d{2})/, (_, y, mm) => monthName.format(Date.UTC(Number(y), Number(mm) - 1, 1)));
    return {
      byUnit: {
        tooltip: { trigger: 'axis' }, grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: 'value' }, yAxis: { type: 'category', data: units.map((u) => localName(u.unitName, u.unitNameEn)) },
        series: [{ type: 'bar', name: t('home.customers'), data: units.map((u) => u.customers), itemStyle: { color: '#1677ff' }, barMaxWidth: 18 }],
      },
      byTier: {
        tooltip: { trigger: 'item' }, legend: { bottom: 0 },
        series: [{ type: 'pie', radius: ['40%', '62%'], center: ['50%', '44%'], data: f.byTier.map((r) => ({ name: t(`tier.${r.tier}`), value: r.customers })), label: { formatter: '{b}\n{d}%' } }],
      },
      newByMonth: {
        tooltip: { trigger: 'axis' }, grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: newMonths.map(monthLabel), axisLabel: { hideOverlap: true } }, yAxis: { type: 'value' },
        series: [
          { type: 'line', smooth: true, areaStyle: { opacity: 0.15 }, name: t('home.newCustomers'),
            data: newCustomers.map((n, i) => (isPartial(newMonths[i]) ? '-' : n)) },
          // The step into the current month, dashed.
          { type: 'line', name: t('home.newCustomers'), lineStyle: { type: 'dashed', ...partial }, itemStyle: partial, tooltip: { show: false },
            data: newCustomers.map((n, i) => (i >= lastFull ? n : '-')) },
        ],
      },
      interactions: {
        tooltip: { trigger: 'axis' }, legend: { bottom: 0 }, grid: { left: 8, right: 16, top: 16, bottom: 32, containLabel: true },
        xAxis: { type: 'category', data: months.map(monthLabel), axisLabel: { interval: 0, formatter: shortMonth } }, yAxis: { type: 'value' },
        series: ['descriptive', 'promotional', 'transactional'].map((kind) => ({
          type: 'bar', stack: 'kind', name: t(`interactionKind.${kind}`),
          data: months.map((m) => {
            const value = f.interactionsByMonth.find((r) => r.month === m && r.kind === kind)?.count ?? 0;
            return isPartial(m) ? { value, itemStyle: partial } : value;
          }),
        })),
      },
      services: {
        tooltip: { trigger: 'item' }, legend: { bottom: 0, itemWidth: 14, itemGap: 8 },
        // Room on every side for the labels, and the legend below the pie, not over it.
        series: [{ type: 'pie', radius: '50%', center: ['50%', '40%'], avoidLabelOverlap: true, minShowLabelAngle: 6,
          label: { formatter: '{b}\n{d}%', overflow: 'none' }, labelLine: { length: 8, length2: 8 },
          data: f.servicesByCategory.map((r) => ({ name: t(`category.${r.category}`, { defaultValue: r.category }), value: r.count })) }],
      },
    };
  }, [f, t, i18n.language]);
  if (!f || !charts) return <QueryState isLoading={figures.isLoading} error={figures.error} retry={() => figures.refetch()} />;
  return (
    <Row gutter={[16, 16]} data-testid="manager-dashboard">
      <Col xs={24}>
        <Row gutter={[16, 16]} align="stretch">
          <Col xs={12} lg={4}><Card style={kpi} data-testid="kpi"><Statistic title={t('home.customers')} value={number(f.totals.customers)} /></Card></Col>
          <Col xs={12} lg={4}><Card style={kpi} data-testid="kpi"><Statistic title={t('home.keyCustomers')} value={number(f.totals.keyCustomers)} /></Card></Col>
          <Col xs={12} lg={4}><Card style={kpi} data-testid="kpi"><Statistic title={t('home.enterprises')} value={number(f.totals.enterprises)} /></Card></Col>
          <Col xs={12} lg={4}><Card style={kpi} data-testid="kpi"><Statistic title={t('c360.activeServices')} value={number(f.totals.activeServices)} /></Card></Col>
          <Col xs={12} lg={4}><Card style={kpi} data-testid="kpi"><Statistic title={t('home.monthlyRevenue')} value={money(f.totals.monthlyFeeFen)} /></Card></Col>
          <Col xs={12} lg={4}><Card style={kpi} data-testid="kpi"><Statistic title={t('home.owed')} value={money(f.totals.owedFen)} valueStyle={{ color: f.totals.owedFen ? '#cf1322' : undefined }} /></Card></Col>
        </Row>
      </Col>
      <Col xs={24}>
        <Space wrap size={12}>
          <UnitSelect allowClear value={unitId} onChange={setUnitId} placeholder={t('homeFigures.allUnits')} style={{ width: 240 }} />
          <Typography.Text type="secondary" data-testid="figures-as-of">{t('home.asOf', { time: dateTime(f.asOf) })}</Typography.Text>
        </Space>
      </Col>
      <Col xs={24} xl={12}><Card title={t('home.byUnit')}><EChart option={charts.byUnit} height={340} testId="chart-by-unit" /></Card></Col>
      <Col xs={24} xl={12}><Card title={t('home.newByMonth')}><EChart option={charts.newByMonth} height={340} testId="chart-new-by-month" /></Card></Col>
      <Col xs={24} xl={8}><Card title={t('home.byTier')}><EChart option={charts.byTier} height={300} /></Card></Col>
      <Col xs={24} xl={8}><Card title={t('home.servicesByCategory')}><EChart option={charts.services} height={300} testId="chart-services" /></Card></Col>
      <Col xs={24} xl={8}><Card title={t('home.interactionsByMonth')}><EChart option={charts.interactions} height={300} testId="chart-interactions" /></Card></Col>
    </Row>
  );
}
