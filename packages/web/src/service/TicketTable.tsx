import { Button, Empty, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { dateTime } from '../ui/format.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { useTicketPages, type TicketFilter, type TicketT } from './api.ts';
import { nextDue, PriorityTag, SlaTag, StatusTag } from './tags.tsx';

/** Tickets of a filter, newest first, a page at a time (keyset: "load more"), with rows to select for bulk actions. */
export function TicketTable({ filter, selected, onSelect, showCustomer = true }: {
  filter: TicketFilter; selected?: string[]; onSelect?: (ids: string[]) => void; showCustomer?: boolean;
}) {
  const { t } = useTranslation();
  const pages = useTicketPages(filter);
  if (pages.error) return <QueryState error={pages.error} retry={() => pages.refetch()} />;
  const rows = pages.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {/* Scrolled by its own box at phone width: the table's own scroll adds a hidden measuring row that holds the selection boxes' focus. */}
      <div style={{ overflowX: 'auto' }}>
      <Table<TicketT> rowKey="id" size="small" loading={pages.isLoading} dataSource={rows} pagination={false} style={{ minWidth: 880 }} data-testid="ticket-table"
        locale={{ emptyText: <Empty description={t('tickets.empty')} /> }}
        rowSelection={onSelect ? {
          selectedRowKeys: selected, onChange: (keys) => onSelect(keys as string[]),
          getCheckboxProps: (r) => ({ title: t('a11y.selectRow', { name: r.title }), ...{ 'aria-label': t('a11y.selectRow', { name: r.title }) } }),
        } : undefined}
        columns={[
          { title: t('tickets.titleLabel'), dataIndex: 'title', render: (title: string, r) => <Link to={`/tickets/${r.id}`}>{title}</Link> },
          { title: t('tickets.kind'), dataIndex: 'kind', width: 100, render: (k: TicketT['kind']) => t(`ticketKind.${k}`) },
          { title: t('tickets.status'), dataIndex: 'status', width: 120, render: (s: TicketT['status']) => <StatusTag status={s} /> },
          { title: t('tickets.priority'), dataIndex: 'priority', width: 80, render: (p: TicketT['priority']) => <PriorityTag priority={p} /> },
          { title: t('tickets.nextDue'), key: 'due', width: 190, render: (_v: unknown, r: TicketT) => {
            const due = nextDue(r);
            return <Space direction="vertical" size={0}><SlaTag standing={r.slaStanding} />{due && <Typography.Text type="secondary">{t(`tickets.${due.what}`)} {dateTime(due.at)}</Typography.Text>}</Space>;
          } },
          ...(showCustomer ? [{ title: t('tickets.customer'), dataIndex: 'customerName', render: (n: string | null, r: TicketT) => <Link to={`/customers/${r.customerId}`}>{n ?? '—'}</Link> }] : []),
          { title: t('tickets.assignee'), dataIndex: 'assigneeName', width: 120, render: (n: string | null) => n ?? t('tickets.unassigned') },
          { title: t('tickets.createdAt'), dataIndex: 'createdAt', width: 150, render: (d: string) => dateTime(d) },
        ]} />
      </div>
      {pages.hasNextPage && <Button onClick={() => pages.fetchNextPage()} loading={pages.isFetchingNextPage}>{t('tickets.more')}</Button>}
    </Space>
  );
}
