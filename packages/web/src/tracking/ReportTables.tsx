import { Empty, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { number } from '../ui/format.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { useCampaigns, usePages, useSearches, useSources, type CampaignReportT, type PageReportT, type ReportPeriodT, type SearchReportT, type SourceReportT } from './reports-api.ts';

type Props = { siteId: string; period: ReportPeriodT };
const count = (title: string, dataIndex: string) => ({ title, dataIndex, width: 110, align: 'right' as const, render: (n: number) => number(n) });

/** One report's table, in a box of its own that scrolls sideways at phone width (and by keyboard). */
function ReportTable<T extends object>({ query, rows, columns, rowKey, label, testId }: {
  query: UseQueryResult<unknown>; rows: T[] | undefined; columns: ColumnsType<T>; rowKey: (row: T) => string; label: string; testId: string;
}) {
  const { t } = useTranslation();
  if (query.error && !rows) return <QueryState error={query.error} retry={() => query.refetch()} />;
  return (
    <div style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={label}>
      <Table<T> size="small" rowKey={rowKey} loading={query.isLoading} dataSource={rows} columns={columns} pagination={false}
        style={{ minWidth: 480 }} data-testid={testId} locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reports.noRows')} /> }} />
    </div>
  );
}

const pathCell = (path: string) => <Typography.Text style={{ wordBreak: 'break-all' }}>{path}</Typography.Text>;

export function PageTable({ siteId, period, kind }: Props & { kind: 'top' | 'entry' | 'exit' }) {
  const { t } = useTranslation();
  const query = usePages(siteId, period, kind);
  const columns: ColumnsType<PageReportT['items'][number]> = [
    { title: t('reports.path'), dataIndex: 'path', render: pathCell },
    ...(kind === 'top' ? [count(t('reports.pageViews'), 'pageViews')] : []),
    count(t('reports.sessions'), 'sessions'), count(t('reports.visitors'), 'visitors'),
  ];
  return <ReportTable query={query} rows={query.data?.items} columns={columns} rowKey={(r) => r.path} label={t(`reports.tabs.${kind}`)} testId={`reports-pages-${kind}`} />;
}

export function SourceTable({ siteId, period }: Props) {
  const { t } = useTranslation();
  const query = useSources(siteId, period);
  const columns: ColumnsType<SourceReportT['items'][number]> = [
    { title: t('reports.host'), dataIndex: 'host', render: (host: string | null) => host ?? <Typography.Text type="secondary">{t('reports.direct')}</Typography.Text> },
    count(t('reports.sessions'), 'sessions'), count(t('reports.visitors'), 'visitors'),
  ];
  return <ReportTable query={query} rows={query.data?.items} columns={columns} rowKey={(r) => r.host ?? ''} label={t('reports.tabs.sources')} testId="reports-sources" />;
}

export function CampaignTable({ siteId, period }: Props) {
  const { t } = useTranslation();
  const query = useCampaigns(siteId, period);
  const tag = (value: string | null) => value ?? '—';
  const columns: ColumnsType<CampaignReportT['items'][number]> = [
    { title: t('reports.source'), dataIndex: 'source', render: tag }, { title: t('reports.medium'), dataIndex: 'medium', render: tag },
    { title: t('reports.campaign'), dataIndex: 'campaign', render: tag }, count(t('reports.sessions'), 'sessions'), count(t('reports.visitors'), 'visitors'),
  ];
  return <ReportTable query={query} rows={query.data?.items} columns={columns} rowKey={(r) => `${r.source}/${r.medium}/${r.campaign}`} label={t('reports.tabs.campaigns')} testId="reports-campaigns" />;
}

export function SearchTable({ siteId, period }: Props) {
  const { t } = useTranslation();
  const query = useSearches(siteId, period);
  const columns: ColumnsType<SearchReportT['items'][number]> = [
    { title: t('reports.query'), dataIndex: 'query', render: pathCell }, count(t('reports.searches'), 'searches'), count(t('reports.visitors'), 'visitors'),
  ];
  return <ReportTable query={query} rows={query.data?.items} columns={columns} rowKey={(r) => r.query} label={t('reports.tabs.searches')} testId="reports-searches" />;
}
