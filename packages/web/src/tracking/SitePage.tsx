import { useMemo, useState } from 'react';
import { Button, Card, Col, Empty, Row, Select, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { ArrowLeftOutlined, BarChartOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { dateTime } from '../ui/format.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { useSite, useSiteLive, useVisitorPages, type SiteLiveT, type VisitorFilter, type VisitorT } from './api.ts';

const periods = [1, 7, 30, 90] as const;
const day = 86_400_000;
type Choice = 'all' | 'yes' | 'no';
const asFilter = (choice: Choice) => (choice === 'all' ? undefined : choice === 'yes' ? 'true' : 'false');

/** 站点 — one site's live counts and its visitors: who came, from where, whether they came back, who they are. */
export default function SitePage() {
  const { t } = useTranslation();
  const { siteId = '' } = useParams();
  const site = useSite(siteId);
  if (!site.data) return <QueryState isLoading={site.isLoading} error={site.error} retry={() => site.refetch()} />;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%', minWidth: 0 }}>
      <Space wrap>
        <Link to="/tracking/sites"><Button icon={<ArrowLeftOutlined />} aria-label={t('sites.back')} /></Link>
        <Typography.Title level={4} style={{ margin: 0, wordBreak: 'break-all' }}>{site.data.name}</Typography.Title>
        {!site.data.isActive && <Tag>{t('sites.inactive')}</Tag>}
        <Link to={`/tracking/sites/${siteId}/reports`} data-testid="site-reports-link"><Button icon={<BarChartOutlined />}>{t('reports.open')}</Button></Link>
      </Space>
      <LiveCard siteId={siteId} />
      <Visitors siteId={siteId} />
    </Space>
  );
}

function LiveCard({ siteId }: { siteId: string }) {
  const { t } = useTranslation();
  const live = useSiteLive(siteId);
  return (
    <Card size="small" title={t('live.title')} data-testid="site-live"
      extra={live.data && <Typography.Text type="secondary">{t('live.refreshed', { at: dateTime(live.data.at) })}</Typography.Text>}>
      {live.error && !live.data ? <QueryState error={live.error} retry={() => live.refetch()} /> : (
        <Row gutter={[16, 16]}>
          <Col xs={24} md={10}><Counts title={t('live.lastHalfHour')} counts={live.data?.lastHalfHour} isLoading={live.isLoading} /></Col>
          <Col xs={24} md={10}><Counts title={t('live.today')} counts={live.data?.today} isLoading={live.isLoading} /></Col>
          <Col xs={24} md={4}><Statistic title={t('live.activeNow')} value={live.data?.activeNow ?? 0} loading={live.isLoading} /></Col>
        </Row>
      )}
    </Card>
  );
}

function Counts({ title, counts, isLoading }: { title: string; counts: SiteLiveT['today'] | undefined; isLoading: boolean }) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" size={4} style={{ width: '100%' }}>
      <Typography.Text strong>{title}</Typography.Text>
      <Row gutter={[8, 8]}>
        {(['visitors', 'pageViews', 'events', 'botEvents'] as const).map((what) => (
          <Col xs={12} sm={6} key={what}><Statistic title={t(`live.${what}`)} value={counts?.[what] ?? 0} loading={isLoading} /></Col>
        ))}
      </Row>
    </Space>
  );
}

function Visitors({ siteId }: { siteId: string }) {
  const { t } = useTranslation();
  const [returning, setReturning] = useState<Choice>('all');
  const [identified, setIdentified] = useState<Choice>('all');
  const [days, setDays] = useState<(typeof periods)[number]>(30);
  // The start is fixed when the period is chosen, so refetching a page keeps the same list.
  const filter = useMemo<VisitorFilter>(() => ({
    limit: 20, since: new Date(Date.now() - days * day).toISOString(),
    ...(asFilter(returning) ? { returning: asFilter(returning) } : {}), ...(asFilter(identified) ? { identified: asFilter(identified) } : {}),
  }), [returning, identified, days]);
  const pages = useVisitorPages(siteId, filter);
  const visitors = pages.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card size="small" title={t('visitors.title')} data-testid="site-visitors">
      <Space direction="vertical" style={{ width: '100%', minWidth: 0 }}>
        <Space wrap size={[16, 8]}>
          <Select value={returning} onChange={setReturning} style={{ width: 140 }} aria-label={t('visitors.visitorType')} data-testid="visitors-returning"
            options={[{ value: 'all', label: t('visitors.all') }, { value: 'yes', label: t('visitors.returning') }, { value: 'no', label: t('visitors.firstTime') }]} />
          <Select value={identified} onChange={setIdentified} style={{ width: 140 }} aria-label={t('visitors.identity')} data-testid="visitors-identified"
            options={[{ value: 'all', label: t('visitors.all') }, { value: 'yes', label: t('visitors.identified') }, { value: 'no', label: t('visitors.anonymous') }]} />
          <Select value={days} onChange={setDays} style={{ width: 150 }} aria-label={t('visitors.period')}
            options={periods.map((d) => ({ value: d, label: t(`visitors.periodDays.${d}`) }))} />
        </Space>
        {pages.error ? <QueryState error={pages.error} retry={() => pages.refetch()} /> : (
          // The table scrolls in its own box at phone width (as the audit trail does); the page itself never scrolls sideways.
          <Table<VisitorT> rowKey="visitorId" size="small" loading={pages.isLoading} dataSource={visitors} pagination={false} scroll={{ x: 1200 }}
              data-testid="visitors-table"
              locale={{ emptyText: <Empty description={<><div>{t('visitors.empty')}</div><Typography.Text type="secondary">{t('visitors.emptyHint')}</Typography.Text></>} /> }}
              columns={[
                { title: t('visitors.visitor'), dataIndex: 'visitorId', width: 110, render: (id: string) => (
                  // Focusable, so the whole id shows to a keyboard user too (and the scrolling box holds something to tab to).
                  <Tooltip title={id}><Typography.Text code tabIndex={0} aria-label={id}>{id.slice(0, 8)}</Typography.Text></Tooltip>
                ) },
                { title: t('visitors.customer'), key: 'customer', width: 170, render: (_v: unknown, v: VisitorT) => <Who visitor={v} /> },
                { title: t('visitors.lastSeen'), dataIndex: 'lastSeenAt', width: 150, render: (at: string) => dateTime(at) },
                { title: t('visitors.firstSeen'), dataIndex: 'firstSeenAt', width: 150, render: (at: string) => dateTime(at) },
                { title: t('visitors.sessions'), dataIndex: 'sessions', width: 110, render: (n: number, v: VisitorT) => (
                  <Space size={4}>{n}{v.isReturning && <Tag color="blue" bordered={false}>{t('visitors.returning')}</Tag>}</Space>
                ) },
                { title: t('visitors.pageViews'), dataIndex: 'pageViews', width: 80 },
                { title: t('visitors.source'), key: 'source', width: 150, render: (_v: unknown, v: VisitorT) => v.utmSource ?? v.referrerHost ?? t('visitors.direct') },
                { title: t('visitors.landing'), dataIndex: 'landingPage', width: 280, render: (url: string | null) => (
                  url ? <Typography.Text style={{ wordBreak: 'break-all' }} title={url}>{pageOf(url)}</Typography.Text> : '—'
                ) },
              ]} />
        )}
        {pages.hasNextPage && <Button onClick={() => pages.fetchNextPage()} loading={pages.isFetchingNextPage}>{t('visitors.more')}</Button>}
      </Space>
    </Card>
  );
}

/** The customer an identified visitor is, linked to their 360° page; only "identified" when the caller's units do not hold them. */
function Who({ visitor }: { visitor: VisitorT }) {
  const { t } = useTranslation();
  if (visitor.customer) return <Link to={`/customers/${visitor.customer.id}`}>{visitor.customer.name} <Typography.Text type="secondary">{visitor.customer.number}</Typography.Text></Link>;
  if (visitor.isIdentified) return <Tag bordered={false}>{t('visitors.identifiedHidden')}</Tag>;
  return <Typography.Text type="secondary">{t('visitors.anonymous')}</Typography.Text>;
}

/** A page of the site as its path and query: the site's own origin, the same on every row, would crowd out what differs. */
function pageOf(url: string): string {
  try {
    const { pathname, search } = new URL(url);
    return `${pathname}${search}`;
  } catch {
    return url;
  }
}
