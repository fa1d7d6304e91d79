import { lazy, Suspense, useMemo, useState } from 'react';
import { Alert, Card, Col, DatePicker, Empty, Row, Segmented, Select, Skeleton, Space, Statistic, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { dateTime, localName, number } from '../ui/format.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { channelLabel } from '../ui/labels.ts';
import { useServiceStats, type ServiceStatsGroupT, type ServiceStatsQueryT, type ServiceStatsT } from './api.ts';

// ECharts is large; only the pages with charts load it.
const LazyChart = lazy(() => import('../ui/EChart.tsx').then((m) => ({ default: m.EChart })));
const EChart = (props: Parameters<typeof LazyChart>[0]) => (
  <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: props.height ?? 300 }} />}><LazyChart {...props} /></Suspense>
);

const presets = [7, 30, 90] as const;
const groupings = ['day', 'unit', 'team', 'agent', 'channel', 'kind'] as const;
const kinds = ['fault', 'complaint', 'inquiry'] as const;
const channels = ['hotline', 'phone', 'web', 'chat', 'sms', 'email', 'store', 'portal', 'staff', 'import', 'system'] as const;
type Grouping = (typeof groupings)[number];

/** A share as the API gives it (0.333) read as a percentage (33.3 %), nothing added or rounded away. */
const percent = (share: number | null | undefined, language: string) => (share === null || share === undefined ? '—'
  : new Intl.NumberFormat(language === 'en' ? 'en-US' : 'zh-CN', { style: 'percent', maximumFractionDigits: 1 }).format(share));
/** For a chart's axis: the same share in percent points, to one place. */
const points = (share: number | null) => (share === null ? '-' : Math.round(share * 1000) / 10);

const kpi = { height: '100%' };

/** 服务统计 — a period's tickets of the caller's units: volume, backlog, answer and resolution times, SLA, ratings, faults. */
export default function StatsPage() {
  const { t, i18n } = useTranslation();
  const [preset, setPreset] = useState<number | 'custom'>(30);
  const [range, setRange] = useState<[string, string] | null>(null);
  const [groupBy, setGroupBy] = useState<Grouping>('day');
  const [kind, setKind] = useState<ServiceStatsQueryT['kind']>();
  const [channel, setChannel] = useState<ServiceStatsQueryT['channel']>();
  const query = useMemo<ServiceStatsQueryT>(() => {
    // A preset counts back from today; the server's own default is the last 30 days of the operator's calendar.
    const period = preset === 'custom' && range ? { from: range[0], to: range[1] }
      : preset === 30 || preset === 'custom' ? {} : { from: dayjs().subtract(preset - 1, 'day').format('YYYY-MM-DD'), to: dayjs().format('YYYY-MM-DD') };
    return { ...period, groupBy, ...(kind ? { kind } : {}), ...(channel ? { channel } : {}) };
  }, [preset, range, groupBy, kind, channel]);
  const stats = useServiceStats(query);
  const s = stats.data;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="service-stats">
      <Typography.Title level={4} style={{ margin: 0 }}>{t('serviceStats.title')}</Typography.Title>
      <Card size="small">
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: '8px 16px', alignItems: 'center' }}>
          {/* Four presets are wider than a phone in English: they scroll, the page does not. */}
          <div style={{ maxWidth: '100%', overflowX: 'auto' }}>
            <Segmented value={preset} aria-label={t('serviceStats.period')} data-testid="stats-preset"
              onChange={(v) => { setPreset(v as number | 'custom'); if (v !== 'custom') setRange(null); }}
              options={[...presets.map((n) => ({ value: n, label: t(`serviceStats.last${n}`) })), { value: 'custom', label: t('serviceStats.custom') }]} />
          </div>
          {preset === 'custom' && (
            <DatePicker.RangePicker aria-label={t('serviceStats.period')} allowClear={false} data-testid="stats-range"
              value={range ? [dayjs(range[0]), dayjs(range[1])] : s ? [dayjs(s.from), dayjs(s.to)] : null}
              onChange={(v) => { if (v?.[0] && v[1]) setRange([v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')]); }} />
          )}
          <Select value={groupBy} onChange={setGroupBy} style={{ width: 130 }} aria-label={t('serviceStats.groupBy')} data-testid="stats-group-by"
            options={groupings.map((g) => ({ value: g, label: t(`serviceStats.by.${g}`) }))} />
          <Select value={kind} onChange={setKind} allowClear placeholder={t('serviceStats.kind')} aria-label={t('tickets.kind')} style={{ width: 130 }}
            options={kinds.map((k) => ({ value: k, label: t(`ticketKind.${k}`) }))} />
          <Select value={channel} onChange={setChannel} allowClear placeholder={t('serviceStats.channel')} aria-label={t('tickets.channel')} style={{ width: 150 }}
            options={channels.map((c) => ({ value: c, label: channelLabel(t, c) }))} />
        </div>
      </Card>
      {stats.error && s && <Alert type="error" showIcon message={(stats.error as Error).message} data-testid="stats-error" />}
      {!s ? <QueryState isLoading={stats.isLoading} error={stats.error} retry={() => stats.refetch()} /> : (
        <>
          <Typography.Text type="secondary" data-testid="stats-period">
            {t('serviceStats.periodLine', { from: s.from, to: s.to, timeZone: s.timeZone, asOf: dateTime(s.asOf) })}
          </Typography.Text>
          <Summary s={s} />
          {s.totals.opened === 0
            ? <Card><Empty description={t('serviceStats.empty')} data-testid="stats-empty" /></Card>
            : <Figures s={s} language={i18n.language} />}
          <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 12 }}>{t('serviceStats.wallClock')}</Typography.Paragraph>
        </>
      )}
    </Space>
  );
}

/** Minutes as the API gives them (one place), with the hours beside them when there are many. */
function useMinutes() {
  const { t } = useTranslation();
  return (minutes: number | null) => (minutes === null ? '—' : t('serviceStats.minutes', { n: number(minutes) }));
}

function Summary({ s }: { s: ServiceStatsT }) {
  const { t, i18n } = useTranslation();
  const minutes = useMinutes();
  const { totals } = s;
  const hours = (m: number | null) => (m !== null && m >= 120 ? t('serviceStats.aboutHours', { n: number(Math.round(m / 6) / 10) }) : null);
  const card = (testId: string, title: string, value: string, note?: string | null, danger?: boolean) => (
    <Col xs={12} md={8} xl={6} xxl={3}>
      <Card style={kpi} size="small" data-testid={testId}>
        <Statistic title={title} value={value} valueStyle={danger ? { color: '#cf1322' } : undefined} />
        {note && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{note}</Typography.Text>}
      </Card>
    </Col>
  );
  return (
    <Row gutter={[12, 12]} align="stretch" data-testid="stats-summary">
      {card('stats-opened', t('serviceStats.opened'), number(totals.opened))}
      {card('stats-backlog', t('serviceStats.backlog'), number(totals.backlog))}
      {card('stats-first-response', t('serviceStats.firstResponse'), minutes(totals.firstResponse.medianMinutes),
        totals.firstResponse.p90Minutes === null ? null : t('serviceStats.p90', { value: minutes(totals.firstResponse.p90Minutes) }))}
      {card('stats-resolution', t('serviceStats.resolution'), minutes(totals.resolution.medianMinutes),
        [hours(totals.resolution.medianMinutes), totals.resolution.p90Minutes === null ? null : t('serviceStats.p90', { value: minutes(totals.resolution.p90Minutes) })].filter(Boolean).join(' · '))}
      {card('stats-sla-met', t('serviceStats.slaMet'), percent(totals.sla.metShare, i18n.language),
        t('serviceStats.slaOf', { met: number(totals.sla.met), n: number(totals.sla.tickets), running: number(totals.sla.running) }))}
      {card('stats-breach-rate', t('serviceStats.breachRate'), percent(totals.sla.breachRate, i18n.language),
        t('serviceStats.breachedOf', { breached: number(totals.sla.breached), n: number(totals.sla.tickets) }), Boolean(totals.sla.breached))}
      {card('stats-satisfaction', t('serviceStats.satisfaction'), totals.satisfaction.average === null ? '—' : number(totals.satisfaction.average),
        totals.satisfaction.rated ? t('serviceStats.rated', { n: number(totals.satisfaction.rated), good: percent(totals.satisfaction.goodShare, i18n.language) }) : t('serviceStats.noRatings'))}
    </Row>
  );
}

/** A group's name in the reader's words: a unit or agent by name, a channel or kind by its label, a day as it is. */
function useGroupName(groupBy: Grouping) {
  const { t } = useTranslation();
  return (g: ServiceStatsGroupT) => {
    if (groupBy === 'day') return g.key ?? '—';
    if (groupBy === 'channel') return channelLabel(t, g.key ?? '');
    if (groupBy === 'kind') return t(`ticketKind.${g.key}`, { defaultValue: g.key ?? '' });
    if (g.key === null) return groupBy === 'agent' ? t('serviceStats.unassigned') : t('serviceStats.noTeam');
    if (g.name === null) return groupBy === 'agent' ? t('serviceStats.someone') : t('serviceStats.someUnit');
    return localName(g.name, g.nameEn);
  };
}

function Figures({ s, language }: { s: ServiceStatsT; language: string }) {
  const { t } = useTranslation();
  const nameOf = useGroupName(s.groupBy);
  const charts = useMemo(() => {
    const grid = { left: 8, right: 16, top: 32, bottom: 8, containLabel: true };
    // The groups that opened tickets in the period: a breach rate of nothing is no bar.
    const rated = s.groups.filter((g) => g.sla.tickets > 0).slice(0, s.groupBy === 'day' ? undefined : 15);
    return {
      days: {
        tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid,
        xAxis: { type: 'category', data: s.days.map((d) => d.day.slice(5)), axisLabel: { hideOverlap: true } }, yAxis: { type: 'value', minInterval: 1 },
        series: [
          { type: 'line', name: t('serviceStats.opened'), data: s.days.map((d) => d.opened), smooth: true, areaStyle: { opacity: 0.12 } },
          { type: 'line', name: t('serviceStats.backlogAtDayEnd'), data: s.days.map((d) => d.backlog ?? '-'), smooth: true },
        ],
      },
      breach: {
        tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v}%` }, grid,
        xAxis: { type: 'category', data: rated.map(nameOf), axisLabel: { hideOverlap: true, rotate: s.groupBy === 'day' ? 0 : 30, width: 90, overflow: 'truncate' } },
        yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
        series: [{ type: 'bar', name: t('serviceStats.breachRate'), data: rated.map((g) => points(g.sla.breachRate)), itemStyle: { color: '#ff4d4f' }, barMaxWidth: 28 }],
      },
      faults: {
        tooltip: { trigger: 'axis' }, grid: { ...grid, top: 8 },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: { type: 'category', data: [...s.faultCategories].reverse().map((c) => c.category ?? t('serviceStats.uncategorised')) },
        series: [{ type: 'bar', name: t('serviceStats.opened'), data: [...s.faultCategories].reverse().map((c) => c.tickets), barMaxWidth: 18 }],
      },
      scores: {
        tooltip: { trigger: 'axis' }, grid: { ...grid, top: 8 },
        xAxis: { type: 'category', data: s.totals.satisfactionScores.map((x) => t('serviceStats.score', { n: x.score })) }, yAxis: { type: 'value', minInterval: 1 },
        series: [{ type: 'bar', name: t('serviceStats.ratings'), barMaxWidth: 36,
          data: s.totals.satisfactionScores.map((x) => ({ value: x.tickets, itemStyle: { color: ['#ff4d4f', '#fa8c16', '#faad14', '#95de64', '#52c41a'][x.score - 1] } })) }],
      },
    };
  }, [s, t, nameOf]);
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={12}><Card title={t('serviceStats.openedAndBacklog')} size="small"><EChart option={charts.days} height={300} testId="chart-stats-days" /></Card></Col>
      <Col xs={24} xl={12}><Card title={t('serviceStats.breachByGroup')} size="small"><EChart option={charts.breach} height={300} testId="chart-stats-breach" /></Card></Col>
      <Col xs={24} xl={12}>
        <Card title={t('serviceStats.faultCategories')} size="small">
          {s.faultCategories.length ? <EChart option={charts.faults} height={300} testId="chart-stats-faults" /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card title={t('serviceStats.satisfactionScores')} size="small">
          {s.totals.satisfaction.rated ? <EChart option={charts.scores} height={300} testId="chart-stats-scores" /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('serviceStats.noRatings')} />}
        </Card>
      </Col>
      <Col xs={24}><GroupTable s={s} language={language} /></Col>
    </Row>
  );
}

/** Sorts nulls (no figure) last whichever way the column is sorted. */
const byNumber = (pick: (g: ServiceStatsGroupT) => number | null) => (a: ServiceStatsGroupT, b: ServiceStatsGroupT) =>
  (pick(a) ?? -Infinity) - (pick(b) ?? -Infinity);

function GroupTable({ s, language }: { s: ServiceStatsT; language: string }) {
  const { t } = useTranslation();
  const nameOf = useGroupName(s.groupBy);
  const minutes = (v: number | null) => (v === null ? '—' : number(v));
  const columns: ColumnsType<ServiceStatsGroupT> = [
    { title: t('serviceStats.group'), key: 'group', fixed: 'left', width: 150, render: (_v, g) => nameOf(g),
      sorter: (a, b) => nameOf(a).localeCompare(nameOf(b)) },
    { title: t('serviceStats.opened'), dataIndex: 'opened', align: 'right', sorter: byNumber((g) => g.opened), render: number },
    { title: t('serviceStats.backlog'), dataIndex: 'backlog', align: 'right', sorter: byNumber((g) => g.backlog), render: number },
    { title: t('serviceStats.firstResponseMedian'), key: 'frMedian', align: 'right', sorter: byNumber((g) => g.firstResponse.medianMinutes), render: (_v, g) => minutes(g.firstResponse.medianMinutes) },
    { title: t('serviceStats.firstResponseP90'), key: 'frP90', align: 'right', sorter: byNumber((g) => g.firstResponse.p90Minutes), render: (_v, g) => minutes(g.firstResponse.p90Minutes) },
    { title: t('serviceStats.resolutionMedian'), key: 'resMedian', align: 'right', sorter: byNumber((g) => g.resolution.medianMinutes), render: (_v, g) => minutes(g.resolution.medianMinutes) },
    { title: t('serviceStats.resolutionP90'), key: 'resP90', align: 'right', sorter: byNumber((g) => g.resolution.p90Minutes), render: (_v, g) => minutes(g.resolution.p90Minutes) },
    { title: t('serviceStats.slaTickets'), key: 'slaTickets', align: 'right', sorter: byNumber((g) => g.sla.tickets), render: (_v, g) => number(g.sla.tickets) },
    { title: t('serviceStats.slaMet'), key: 'slaMet', align: 'right', sorter: byNumber((g) => g.sla.metShare), render: (_v, g) => percent(g.sla.metShare, language) },
    { title: t('serviceStats.breachRate'), key: 'breachRate', align: 'right', sorter: byNumber((g) => g.sla.breachRate), render: (_v, g) => percent(g.sla.breachRate, language) },
    { title: t('serviceStats.averageScore'), key: 'average', align: 'right', sorter: byNumber((g) => g.satisfaction.average), render: (_v, g) => (g.satisfaction.average === null ? '—' : number(g.satisfaction.average)) },
    { title: t('serviceStats.ratings'), key: 'rated', align: 'right', sorter: byNumber((g) => g.satisfaction.rated), render: (_v, g) => number(g.satisfaction.rated) },
  ];
  return (
    <Card title={t('serviceStats.table')} size="small" styles={{ body: { padding: 0 } }}>
      <Table<ServiceStatsGroupT> rowKey={(g) => g.key ?? 'none'} size="small" dataSource={s.groups} columns={columns} data-testid="stats-table"
        scroll={{ x: 1300 }} pagination={s.groups.length > 31 ? { pageSize: 31, showSizeChanger: false } : false} />
    </Card>
  );
}
