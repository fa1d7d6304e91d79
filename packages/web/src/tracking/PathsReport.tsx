import { useState } from 'react';
import { Button, Card, Empty, Input, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { number } from '../ui/format.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { usePaths, type PathReportT, type ReportPeriodT } from './reports-api.ts';

/** 路径 — the pages visitors went to after a page, or the commonest three pages in a row. */
export function PathsReport({ siteId, period }: { siteId: string; period: ReportPeriodT }) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [page, setPage] = useState<string | undefined>();
  const paths = usePaths(siteId, period, page);
  const isPath = !typed.trim() || typed.trim().startsWith('/');
  return (
    <Card size="small" title={t('reports.paths.title')} data-testid="reports-paths">
      <Space direction="vertical" style={{ width: '100%' }}>
        <form onSubmit={(e) => { e.preventDefault(); if (isPath) setPage(typed.trim() || undefined); }}>
          <Space.Compact style={{ width: '100%', maxWidth: 560 }}>
            <Input value={typed} onChange={(e) => setTyped(e.target.value)} aria-label={t('reports.paths.from')} placeholder={t('reports.paths.fromPlaceholder')}
              status={isPath ? undefined : 'error'} data-testid="paths-page" />
            <Button type="primary" htmlType="submit" disabled={!isPath}>{t('reports.paths.go')}</Button>
          </Space.Compact>
        </form>
        {paths.error && !paths.data ? <QueryState error={paths.error} retry={() => paths.refetch()} /> : (
          <div style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={t('reports.paths.title')}>
            <Table<PathReportT['items'][number]> size="small" pagination={false} loading={paths.isLoading} dataSource={paths.data?.items}
              rowKey={(r) => r.pages.join('→')} style={{ minWidth: 480 }} locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reports.noRows')} /> }} data-testid="paths-table"
              columns={[
                { title: t('reports.paths.pages'), key: 'pages', render: (_v, r) => (
                  <Typography.Text style={{ wordBreak: 'break-all' }}>{r.pages.map((p) => p ?? t('reports.paths.ended')).join(' → ')}</Typography.Text>
                ) },
                { title: t('reports.paths.times'), dataIndex: 'times', width: 90, align: 'right', render: (n: number) => number(n) },
                { title: t('reports.sessions'), dataIndex: 'sessions', width: 90, align: 'right', render: (n: number) => number(n) },
              ]} />
          </div>
        )}
      </Space>
    </Card>
  );
}
