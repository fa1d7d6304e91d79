import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PortalTicketT } from './api.ts';

const colors: Record<PortalTicketT['status'], string> = {
  new: 'blue', assigned: 'blue', in_progress: 'processing', waiting_on_customer: 'orange', resolved: 'green', closed: 'default',
};

/** Where a ticket stands, in the customer's words (已受理, 待您回复 …). */
export function StatusBadge({ status }: { status: PortalTicketT['status'] }) {
  const { t } = useTranslation();
  return <Tag color={colors[status]} data-testid="portal-ticket-status">{t(`portal.ticket.status.${status}`)}</Tag>;
}
