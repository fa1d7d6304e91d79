import { useMemo, useState } from 'react';
import { Button, Card, Col, DatePicker, Empty, Row, Segmented, Space, Statistic, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import dayjs from 'dayjs';
import { number } from '../ui/format.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { useSite } from './api.ts';
import { useOverview, type OverviewT, type ReportPeriodT } from './reports-api.ts';
import { percent, ReportChart } from './ReportChart.tsx';
import { PageTable, SourceTable, CampaignTable, SearchTable } from './ReportTables.tsx';
import { FunnelReport } from './FunnelReport.tsx';
import { RetentionReport } from './RetentionReport.tsx';
import { PathsReport } from './PathsReport.tsx';

const presets = [7, 30, 90] as const;

/** 网站分析报表 — one site's reports for a period: the overview, the tables, a funnel, retention and paths. */
export default function ReportsPage() {
  const { t } = useTranslation();
  const { siteId = '' } = useParams();
  const site = useSite(siteId);
  const [preset, setPreset] = useState<number | 'custom'>(7);
  const [range, setRange] = useState<[string, string] | null>(null);
  // A preset counts back from today on the reader's calendar; the server's default (no dates) is the last 7 days of the operator's.
  const period = useMemo<ReportPeriodT>(() => (preset === 'custom' && range ? { from: range[0], to: range[1] }
    : preset === 7 || preset === 'custom' ? {} : { from: dayjs().subtract(preset - 1, 'day').format('YYYY-MM-DD'), to: dayjs().format('YYYY-MM-DD') }), [preset, range]);
  const overview = useOverview(siteId, period);
  if (!site.data) return <QueryState isLoading={site.isLoading} error={site.error} retry={() => site.refetch()} />;
  const o = overview.data;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%', minWidth: 0 }} data-testid="site-reports">
      <Space wrap>
        <Link to={`/tracking/sites/${siteId}`}><Button icon={<ArrowLeftOutlined />} aria-label={t('reports.back')} /></Link>
        <Typography.Title level={4} style={{ margin: 0, wordBreak: 'break-all' }}>{t('reports.title', { name: site.data.name })}</Typography.Title>
      </Space>
      <Card size="small">
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: '8px 16px', alignItems: 'center' }}>
          <div style={{ maxWidth: '100%', overflowX: 'auto' }}>
            <Segmented value={preset} aria-label={t('reports.period')} data-testid="reports-preset"
              onChange={(v) => { setPreset(v as number | 'custom'); if (v !== 'custom') setRange(null); }}
              options={[...presets.map((n) => ({ value: n, label: t(`reports.last${n}`) })), { value: 'custom', label: t('reports.custom') }]} />
          </div>
          {preset === 'custom' && (
            <DatePicker.RangePicker aria-label={t('reports.period')} allowClear={false} data-testid="reports-range"
              value={range ? [dayjs(range[0]), dayjs(range[1])] : o ? [dayjs(o.from), dayjs(o.to)] : null}
              onChange={(v) => { if (v?.[0] && v[1]) setRange([v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')]); }} />
          )}
          {o && <Typography.Text type="secondary" data-testid="reports-period">{t('reports.periodLine', { from: o.from, to: o.to, timeZone: o.timeZone })}</Typography.Text>}
        </div>
      </Card>
      {!o ? <QueryState isLoading={overview.isLoading} error={overview.error} retry={() => overview.refetch()} /> : (
        <>
          <OverviewCards o={o} />
          {o.sessions === 0 && o.pageViews === 0
            ? <Card><Empty data-testid="reports-empty" description={<><div>{t('reports.empty')}</div><Typography.Text type="secondary">{t('reports.emptyHint')}</Typography.Text></>} /></Card>
            : <OverviewChart o={o} />}
          <ReportTablesCard siteId={siteId} period={period} />
          <FunnelReport siteId={siteId} period={period} />
          <RetentionReport siteId={siteId} period={period} />
          <PathsReport siteId={siteId} period={period} />
        </>
      )}
    </Space>
  );
}

function OverviewCards({ o }: { o: OverviewT }) {
  const { t, i18n } = useTranslation();
  const length = o.averageSessionSeconds === null ? '—' : o.averageSessionSeconds < 60 ? t('reports.seconds', { count: o.averageSessionSeconds })
    : t('reports.minutes', { minutes: Math.floor(o.averageSessionSeconds / 60), seconds: o.averageSessionSeconds % 60 });
  const cards = [
    ['pageViews', number(o.pageViews)], ['visitors', number(o.visitors)], ['sessions', number(o.sessions)],
    ['bounceRate', percent(o.bounceRate, i18n.language)], ['averageSession', length],
  ] as const;
  return (
    <Row gutter={[12, 12]} data-testid="reports-overview">
      {cards.map(([key, value]) => (
        <Col xs={12} sm={8} lg={4} key={key}><Card size="small" style={{ height: '100%' }} data-testid={`reports-${key}`}><Statistic title={t(`reports.${key}`)} value={value} /></Card></Col>
      ))}
    </Row>
  );
}

function OverviewChart({ o }: { o: OverviewT }) {
  const { t } = useTranslation();
  const option = useMemo(() => ({
    tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 48, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: o.series.map((b) => (o.interval === 'hour' ? b.bucket.slice(11) : b.bucket.slice(5))) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: t('reports.pageViews'), type: 'bar', data: o.series.map((b) => b.pageViews) },
      { name: t('reports.visitors'), type: 'line', data: o.series.map((b) => b.visitors) },
      { name: t('reports.sessions'), type: 'line', data: o.series.map((b) => b.sessions) },
    ],
  }), [o, t]);
  return <Card size="small" title={t(o.interval === 'hour' ? 'reports.chartByHour' : 'reports.chartByDay')}><ReportChart option={option} height={280} testId="reports-chart" /></Card>;
}

const tables = ['top', 'entry', 'exit', 'sources', 'campaigns', 'searches'] as const;

/** One table at a time, chosen above it; the choices scroll sideways at phone width (no menu of leftovers to reach). */
function ReportTablesCard({ siteId, period }: { siteId: string; period: ReportPeriodT }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState<(typeof tables)[number]>('top');
  return (
    <Card size="small">
      <Space direction="vertical" style={{ width: '100%' }}>
        <div style={{ maxWidth: '100%', overflowX: 'auto' }}>
          <Segmented value={shown} onChange={(v) => setShown(v as typeof shown)} aria-label={t('reports.tables')} data-testid="reports-tables"
            options={tables.map((key) => ({ value: key, label: t(`reports.tabs.${key}`) }))} />
        </div>
        {shown === 'top' || shown === 'entry' || shown === 'exit' ? <PageTable siteId={siteId} period={period} kind={shown} />
          : shown === 'sources' ? <SourceTable siteId={siteId} period={period} />
          : shown === 'campaigns' ? <CampaignTable siteId={siteId} period={period} /> : <SearchTable siteId={siteId} period={period} />}
      </Space>
    </Card>
  );
}
