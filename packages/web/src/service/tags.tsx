import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TicketStatusT, TicketT } from './api.ts';

// Ant Design's named colours: their text keeps a 4.5:1 contrast on the tag (the status ones do not).
const statusColours: Record<TicketStatusT, string> = {
  new: 'blue', assigned: 'geekblue', in_progress: 'purple', waiting_on_customer: 'orange', resolved: 'green', closed: 'default',
};
/** The priorities as the terms list them, the most pressing first. */
export const prioritiesUrgentFirst = ['urgent', 'high', 'normal', 'low'] as const satisfies readonly TicketT['priority'][];
const priorityColours: Record<TicketT['priority'], string> = { low: 'default', normal: 'blue', high: 'orange', urgent: 'red' };

export function StatusTag({ status }: { status: TicketStatusT }) {
  const { t } = useTranslation();
  return <Tag color={statusColours[status]} data-testid="ticket-status">{t(`ticketStatus.${status}`)}</Tag>;
}
export function PriorityTag({ priority }: { priority: TicketT['priority'] }) {
  const { t } = useTranslation();
  return <Tag color={priorityColours[priority]}>{t(`ticketPriority.${priority}`)}</Tag>;
}

const slaColours: Record<NonNullable<TicketT['slaStanding']>, string> = { on_track: 'green', at_risk: 'orange', breached: 'red', paused: 'default', met: 'blue' };

/** Where the ticket stands against its SLA (服务时限); nothing where no policy applies. */
export function SlaTag({ standing }: { standing: TicketT['slaStanding'] }) {
  const { t } = useTranslation();
  if (!standing) return null;
  return <Tag color={slaColours[standing]} data-testid="ticket-sla">{t(`slaStanding.${standing}`)}</Tag>;
}

/** The next thing the clock waits for on a running ticket: the first response, the next one, or the resolution. */
export function nextDue(r: Pick<TicketT, 'firstResponseDueAt' | 'firstRespondedAt' | 'nextResponseDueAt' | 'resolutionDueAt' | 'slaPausedAt'>) {
  if (r.slaPausedAt || !r.resolutionDueAt) return null;
  if (r.firstResponseDueAt && !r.firstRespondedAt) return { what: 'firstResponseDue' as const, at: r.firstResponseDueAt };
  if (r.nextResponseDueAt) return { what: 'nextResponseDue' as const, at: r.nextResponseDueAt };
  return { what: 'resolutionDue' as const, at: r.resolutionDueAt };
}
