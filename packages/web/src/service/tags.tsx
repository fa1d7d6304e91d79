import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TicketStatusT, TicketT } from './api.ts';

// Ant Design's named colours: their text keeps a 4.5:1 contrast on the tag (the status ones do not).
const statusColours: Record<TicketStatusT, string> = {
  new: 'blue', assigned: 'geekblue', in_progress: 'purple', waiting_on_customer: 'orange', resolved: 'green', closed: 'default',
};
const priorityColours: Record<TicketT['priority'], string> = { low: 'default', normal: 'blue', high: 'orange', urgent: 'red' };

export function StatusTag({ status }: { status: TicketStatusT }) {
  const { t } = useTranslation();
  return <Tag color={statusColours[status]} data-testid="ticket-status">{t(`ticketStatus.${status}`)}</Tag>;
}
export function PriorityTag({ priority }: { priority: TicketT['priority'] }) {
  const { t } = useTranslation();
  return <Tag color={priorityColours[priority]}>{t(`ticketPriority.${priority}`)}</Tag>;
}
