import { lazy, Suspense, useMemo, useState } from 'react';
import { Card, Col, Empty, List, Row, Skeleton, Space, Statistic, Table, Tag, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get } from '../api/client.ts';
import type { MyWork as MyWorkShape, UnitFigures as UnitFiguresShape } from '@xiang/shared';
import type { WireOf } from '../api/client.ts';
import type { CustomerT, Page } from '../api/types.ts';
import { useSignedIn } from '../session/session.ts';
import { date, dateTime, localName, money, number } from '../ui/format.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { UnitSelect } from '../ui/lookups.tsx';
import { channelLabel, timelineTypeLabel } from '../ui/labels.ts';

// ECharts is large; only the pages with charts load it.
const LazyChart = lazy(() => import('../ui/EChart.tsx').then((m) => ({ default: m.EChart })));
const EChart = (props: Parameters<typeof LazyChart>[0]) => (
  <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: props.height ?? 300 }} />}><LazyChart {...props} /></Suspense>
);

type UnitFigures = WireOf<typeof UnitFiguresShape>;
type MyWork = WireOf<typeof MyWorkShape>;

/** 工作台 — an account manager sees their own desk; everyone else their units' figures. */
export default function HomePage() {
  const me = useSignedIn();
  const { t } = useTranslation();
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>{t('home.greeting', { name: me.user.displayName })}</Typography.Title>
      {me.user.role === 'account_manager' ? <AccountManagerHome /> : <UnitFiguresHome />}
    </Space>
  );
}

function AccountManagerHome() {
  const { t } = useTranslation();
  const me = useSignedIn();
  const work = useQuery({ queryKey: ['dashboard', 'my-work'], queryFn: () => get<MyWork>('/dashboard/my-work') });
  const mine = useQuery({ queryKey: ['customers', 'mine'], queryFn: () => get<Page<CustomerT>>('/customers', { ownerId: me.user.id, limit: 10 }) });
  if (!work.data) return <QueryState isLoading={work.isLoading} error={work.error} retry={() => work.refetch()} />;
  const w = work.data;
  const owed = w.counts.owedFen;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={12} lg={6}><Card><Statistic title={t('home.myCustomers')} value={number(w.counts.customers)} /></Card></Col>
      <Col xs={12} lg={6}><Card><Statistic title={t('home.myKeyCustomers')} value={number(w.counts.keyCustomers)} /></Card></Col>
      <Col xs={12} lg={6}><Card><Statistic title={t('home.openBills')} value={number(w.counts.openBills)} data-testid="my-open-bills"
        suffix={w.counts.overdueBills ? <Typography.Text type="danger" style={{ fontSize: 14 }}>{t('c360.overdueN', { n: number(w.counts.overdueBills) })}</Typography.Text> : null} /></Card></Col>
      <Col xs={12} lg={6}><Card><Statistic title={t('home.owed')} value={money(owed)} data-testid="my-owed" valueStyle={owed ? { color: '#cf1322' } : undefined} /></Card></Col>
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

function UnitFiguresHome() {
  const { t, i18n } = useTranslation();
  const [unitId, setUnitId] = useState<string | undefined>();
  const figures = useQuery({ queryKey: ['dashboard', 'figures', unitId], queryFn: () => get<UnitFigures>('/dashboard/figures', { unitId }),
    placeholderData: keepPreviousData });
  const f = figures.data;
  const charts = useMemo(() => {
    if (!f) return null;
    const units = [...f.byUnit].slice(0, 14).reverse();
    const months = [...new Set(f.interactionsByMonth.map((r) => r.month))];
    return {
      byUnit: {
        tooltip: { trigger: 'axis' }, grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: 'value' }, yAxis: { type: 'category', data: units.map((u) => localName(u.unitName, u.unitNameEn)) },
        series: [{ type: 'bar', name: t('home.customers'), data: units.map((u) => u.customers), itemStyle: { color: '#1677ff' }, barMaxWidth: 18 }],
      },
      byTier: {
        tooltip: { trigger: 'item' }, legend: { bottom: 0 },
        series: [{ type: 'pie', radius: ['45%', '70%'], data: f.byTier.map((r) => ({ name: t(`tier.${r.tier}`), value: r.customers })), label: { formatter: '{b}\n{d}%' } }],
      },
      newByMonth: {
        tooltip: { trigger: 'axis' }, grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: f.newByMonth.map((r) => r.month) }, yAxis: { type: 'value' },
        series: [{ type: 'line', smooth: true, areaStyle: { opacity: 0.15 }, name: t('home.newCustomers'), data: f.newByMonth.map((r) => r.customers) }],
      },
      interactions: {
        tooltip: { trigger: 'axis' }, legend: { bottom: 0 }, grid: { left: 8, right: 16, top: 16, bottom: 32, containLabel: true },
        xAxis: { type: 'category', data: months }, yAxis: { type: 'value' },
        series: ['descriptive', 'promotional', 'transactional'].map((kind) => ({
          type: 'bar', stack: 'kind', name: t(`interactionKind.${kind}`),
          data: months.map((m) => f.interactionsByMonth.find((r) => r.month === m && r.kind === kind)?.count ?? 0),
        })),
      },
      services: {
        tooltip: { trigger: 'item' }, legend: { bottom: 0 },
        series: [{ type: 'pie', radius: '65%', data: f.servicesByCategory.map((r) => ({ name: t(`category.${r.category}`, { defaultValue: r.category }), value: r.count })) }],
      },
    };
  }, [f, t, i18n.language]);
  if (!f || !charts) return <QueryState isLoading={figures.isLoading} error={figures.error} retry={() => figures.refetch()} />;
  return (
    <Row gutter={[16, 16]} data-testid="manager-dashboard">
      <Col xs={12} lg={4}><Card><Statistic title={t('home.customers')} value={number(f.totals.customers)} /></Card></Col>
      <Col xs={12} lg={4}><Card><Statistic title={t('home.keyCustomers')} value={number(f.totals.keyCustomers)} /></Card></Col>
      <Col xs={12} lg={4}><Card><Statistic title={t('home.enterprises')} value={number(f.totals.enterprises)} /></Card></Col>
      <Col xs={12} lg={4}><Card><Statistic title={t('c360.activeServices')} value={number(f.totals.activeServices)} /></Card></Col>
      <Col xs={12} lg={4}><Card><Statistic title={t('home.monthlyRevenue')} value={money(f.totals.monthlyFeeFen)} /></Card></Col>
      <Col xs={12} lg={4}><Card><Statistic title={t('home.owed')} value={money(f.totals.owedFen)} valueStyle={{ color: f.totals.owedFen ? '#cf1322' : undefined }} /></Card></Col>
      <Col xs={24}>
        <Space wrap size={12}>
          <UnitSelect allowClear value={unitId} onChange={setUnitId} placeholder={t('homeFigures.allUnits')} style={{ width: 240 }} />
          <Typography.Text type="secondary" data-testid="figures-as-of">{t('home.asOf', { time: dateTime(f.asOf) })}</Typography.Text>
        </Space>
      </Col>
      <Col xs={24} xl={12}><Card title={t('home.byUnit')}><EChart option={charts.byUnit} height={340} testId="chart-by-unit" /></Card></Col>
      <Col xs={24} xl={12}><Card title={t('home.newByMonth')}><EChart option={charts.newByMonth} height={340} /></Card></Col>
      <Col xs={24} xl={8}><Card title={t('home.byTier')}><EChart option={charts.byTier} height={280} /></Card></Col>
      <Col xs={24} xl={8}><Card title={t('home.servicesByCategory')}><EChart option={charts.services} height={280} /></Card></Col>
      <Col xs={24} xl={8}><Card title={t('home.interactionsByMonth')}><EChart option={charts.interactions} height={280} /></Card></Col>
    </Row>
  );
}
