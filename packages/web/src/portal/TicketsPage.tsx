import { Button, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { dateTime } from '../ui/format.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { useMyTickets } from './api.ts';
import { StatusBadge } from './StatusBadge.tsx';

/** 我的工单 — newest first; each shows where it stands, and what waits for the customer stands out. */
export default function TicketsPage() {
  const { t } = useTranslation();
  const tickets = useMyTickets();
  if (!tickets.data) return <QueryState isLoading={tickets.isLoading} error={tickets.error} retry={() => tickets.refetch()} />;
  const items = tickets.data.pages.flatMap((p) => p.items);
  return (
    <Card size="small" title={t('portal.tickets')}>
      <List dataSource={items} data-testid="portal-tickets"
        locale={{ emptyText: <Empty description={<Space direction="vertical"><span>{t('portal.ticket.empty')}</span><span>{t('portal.ticket.emptyHint')}</span><Link to="/portal/report">{t('portal.report')}</Link></Space>} /> }}
        renderItem={(ticket) => (
          <List.Item>
            <Link to={`/portal/tickets/${ticket.id}`} style={{ display: 'block', width: '100%', color: 'inherit' }} data-testid="portal-ticket-link">
              <Space direction="vertical" size={2} style={{ width: '100%' }}>
                <Space wrap><StatusBadge status={ticket.status} /><Tag>{t(`portal.newTicket.kinds.${ticket.kind}`)}</Tag>{ticket.canRate && <Tag color="gold">{t('portal.ticket.rate')}</Tag>}</Space>
                <Typography.Text strong>{ticket.title}</Typography.Text>
                <Typography.Text type="secondary">{t('portal.ticket.reference', { reference: ticket.reference })} · {t('portal.ticket.openedAt', { at: dateTime(ticket.createdAt) })}</Typography.Text>
              </Space>
            </Link>
          </List.Item>
        )} />
      {tickets.hasNextPage && <Button block onClick={() => tickets.fetchNextPage()} loading={tickets.isFetchingNextPage}>{t('portal.ticket.more')}</Button>}
    </Card>
  );
}
