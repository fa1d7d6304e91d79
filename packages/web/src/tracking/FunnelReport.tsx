import { useMemo, useState } from 'react';
import { Alert, Button, Card, Input, InputNumber, Select, Space, Table, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { number } from '../ui/format.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { useFunnel, type FunnelBodyT, type FunnelReportT, type FunnelStepT, type ReportPeriodT } from './reports-api.ts';
import { percent, ReportChart } from './ReportChart.tsx';

type Draft = { kind: 'page' | 'event'; text: string };
const firstDraft: Draft[] = [{ kind: 'page', text: '/' }, { kind: 'page', text: '' }];
const asStep = (d: Draft): FunnelStepT => (d.kind === 'page' ? { kind: 'page', pattern: d.text.trim() } : { kind: 'event', name: d.text.trim() });

/** 漏斗 — the staff member lists the steps; the funnel is asked for when they run it, then follows the period. */
export function FunnelReport({ siteId, period }: { siteId: string; period: ReportPeriodT }) {
  const { t } = useTranslation();
  const [drafts, setDrafts] = useState<Draft[]>(firstDraft);
  const [within, setWithin] = useState<'session' | 'days'>('session');
  const [days, setDays] = useState(7);
  const [asked, setAsked] = useState<Omit<FunnelBodyT, 'from' | 'to'> | null>(null);
  const body = useMemo(() => (asked ? { ...asked, ...period } : null), [asked, period]);
  const funnel = useFunnel(siteId, body);
  const isFilled = drafts.every((d) => d.text.trim());
  const change = (i: number, patch: Partial<Draft>) => setDrafts(drafts.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  return (
    <Card size="small" title={t('reports.funnel.title')} data-testid="reports-funnel">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('reports.funnel.intro')}</Typography.Text>
        <form onSubmit={(e) => { e.preventDefault(); if (isFilled) setAsked({ steps: drafts.map(asStep), within, ...(within === 'days' ? { days } : {}) }); }}>
          <Space direction="vertical" style={{ width: '100%' }}>
            {drafts.map((d, i) => (
              <Space.Compact key={i} style={{ width: '100%', maxWidth: 560 }}>
                <Select value={d.kind} onChange={(kind) => change(i, { kind })} style={{ width: 110 }} aria-label={`${t('reports.funnel.step', { n: i + 1 })} ${t('reports.funnel.kind')}`}
                  options={[{ value: 'page', label: t('reports.funnel.page') }, { value: 'event', label: t('reports.funnel.event') }]} />
                <Input value={d.text} onChange={(e) => change(i, { text: e.target.value })} data-testid={`funnel-step-${i + 1}`}
                  aria-label={t('reports.funnel.step', { n: i + 1 })} placeholder={t(d.kind === 'page' ? 'reports.funnel.pattern' : 'reports.funnel.name')} />
                <Button icon={<DeleteOutlined />} disabled={drafts.length <= 2} aria-label={t('reports.funnel.remove', { n: i + 1 })}
                  onClick={() => setDrafts(drafts.filter((_, j) => j !== i))} />
              </Space.Compact>
            ))}
            <Space wrap>
              <Button icon={<PlusOutlined />} disabled={drafts.length >= 8} onClick={() => setDrafts([...drafts, { kind: 'page', text: '' }])} data-testid="funnel-add">{t('reports.funnel.add')}</Button>
              <Select value={within} onChange={setWithin} style={{ width: 190 }} aria-label={t('reports.funnel.within')}
                options={[{ value: 'session', label: t('reports.funnel.inSession') }, { value: 'days', label: t('reports.funnel.inDays') }]} />
              {within === 'days' && <InputNumber min={1} max={90} value={days} onChange={(v) => setDays(v ?? 7)} aria-label={t('reports.funnel.days')} addonAfter={t('reports.funnel.days')} style={{ width: 130 }} />}
              <Button type="primary" htmlType="submit" disabled={!isFilled} data-testid="funnel-run">{t('reports.funnel.run')}</Button>
            </Space>
          </Space>
        </form>
        {!body ? <Typography.Text type="secondary">{isFilled ? t('reports.funnel.notRun') : t('reports.funnel.fill')}</Typography.Text>
          : funnel.error ? (funnel.data ? <Alert type="error" showIcon message={(funnel.error as Error).message} /> : <QueryState error={funnel.error} retry={() => funnel.refetch()} />)
          : !funnel.data ? <QueryState isLoading error={null} retry={() => funnel.refetch()} /> : <FunnelResult f={funnel.data} />}
      </Space>
    </Card>
  );
}

function FunnelResult({ f }: { f: FunnelReportT }) {
  const { t, i18n } = useTranslation();
  const label = (s: FunnelReportT['steps'][number]['step']) => ('pattern' in s ? s.pattern : s.name);
  const option = useMemo(() => ({
    tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 48, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: f.steps.map((s, i) => `${i + 1}. ${label(s.step)}`) }, yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: t('reports.funnel.reached'), type: 'bar', stack: 'all', data: f.steps.map((s) => s.visitors) },
      { name: t('reports.funnel.dropOff'), type: 'bar', stack: 'all', data: f.steps.map((s) => s.dropOff), itemStyle: { color: '#ff7875' } },
    ],
  }), [f, t]);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{f.within === 'session' ? t('reports.funnel.windowSession') : t('reports.funnel.windowDays', { days: f.days })}</Typography.Text>
      <ReportChart option={option} height={260} testId="funnel-chart" />
      <div style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={t('reports.funnel.title')}>
        <Table size="small" pagination={false} rowKey={(_, i) => String(i)} dataSource={f.steps} style={{ minWidth: 480 }} data-testid="funnel-table"
          columns={[
            { title: '#', key: 'n', width: 40, render: (_v, _s, i) => i + 1 },
            { title: t('reports.funnel.kind'), key: 'kind', width: 80, render: (_v, s) => t(`reports.funnel.${s.step.kind}`) },
            { title: t('reports.path'), key: 'step', render: (_v, s) => <Typography.Text code>{label(s.step)}</Typography.Text> },
            { title: t('reports.funnel.reached'), dataIndex: 'visitors', align: 'right', render: (n: number) => number(n) },
            { title: t('reports.funnel.dropOff'), dataIndex: 'dropOff', align: 'right', render: (n: number) => number(n) },
            { title: t('reports.funnel.conversion'), dataIndex: 'conversion', align: 'right', render: (c: number | null) => percent(c, i18n.language) },
          ]} />
      </div>
    </Space>
  );
}
