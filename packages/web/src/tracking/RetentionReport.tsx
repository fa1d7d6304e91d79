import { useState } from 'react';
import { Card, Empty, Segmented, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { date, number } from '../ui/format.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { useRetention, type ReportPeriodT } from './reports-api.ts';
import { percent } from './ReportChart.tsx';

/** 留存 — a grid: a row per cohort of new visitors, a cell per later day or week, shaded by the share that came back. */
export function RetentionReport({ siteId, period }: { siteId: string; period: ReportPeriodT }) {
  const { t, i18n } = useTranslation();
  const [by, setBy] = useState<'day' | 'week'>('week');
  const retention = useRetention(siteId, period, by);
  const r = retention.data;
  const width = r ? Math.max(0, ...r.cohorts.map((c) => c.returned.length)) : 0;
  const cell: React.CSSProperties = { padding: '4px 8px', textAlign: 'right', whiteSpace: 'nowrap', borderBottom: '1px solid #f0f0f0' };
  return (
    <Card size="small" title={t('reports.retention.title')} data-testid="reports-retention"
      extra={<Segmented size="small" value={by} onChange={(v) => setBy(v as 'day' | 'week')} aria-label={t('reports.retention.title')}
        options={[{ value: 'week', label: t('reports.retention.byWeek') }, { value: 'day', label: t('reports.retention.byDay') }]} />}>
      {!r ? <QueryState isLoading={retention.isLoading} error={retention.error} retry={() => retention.refetch()} />
        : !r.cohorts.length ? <Empty description={t('reports.retention.empty')} />
        : (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text type="secondary">{t('reports.retention.hint')}</Typography.Text>
            <div style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={t('reports.retention.title')}>
              <table style={{ borderCollapse: 'collapse', minWidth: '100%' }} data-testid="retention-grid">
                <thead><tr>
                  <th style={{ ...cell, textAlign: 'left' }}>{t('reports.retention.cohort')}</th>
                  <th style={cell}>{t('reports.retention.newVisitors')}</th>
                  {Array.from({ length: width }, (_, i) => <th key={i} style={cell}>{t(by === 'day' ? 'reports.retention.offsetDay' : 'reports.retention.offsetWeek', { n: i + 1 })}</th>)}
                </tr></thead>
                <tbody>{r.cohorts.map((c) => (
                  <tr key={c.start}>
                    <th scope="row" style={{ ...cell, textAlign: 'left', fontWeight: 'normal' }}>{date(c.start)}</th>
                    <td style={cell}>{number(c.visitors)}</td>
                    {Array.from({ length: width }, (_, i) => {
                      const back = c.returned[i];
                      const share = back === undefined || !c.visitors ? null : back / c.visitors;
                      // Dark enough text on every shade: the blue stays light (at most 45 % strength).
                      return <td key={i} title={back === undefined ? undefined : number(back)}
                        style={{ ...cell, background: share === null ? undefined : `rgba(22, 119, 255, ${0.06 + share * 0.39})` }}>{share === null ? '' : percent(share, i18n.language)}</td>;
                    })}
                  </tr>
                ))}</tbody>
              </table>
            </div>
          </Space>
        )}
    </Card>
  );
}
