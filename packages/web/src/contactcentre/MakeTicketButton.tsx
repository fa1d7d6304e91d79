import { App, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { UseMutationResult } from '@tanstack/react-query';
import { useCan } from '../session/session.ts';

/** 一键转工单 — one click; once made, the link to the ticket instead. A contact without a customer has no button. */
export function MakeTicketButton({ ticketId, customerId, make, id }: {
  ticketId: string | null; customerId: string | null; id: string;
  make: UseMutationResult<{ ticketId: string }, Error, string>;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  if (ticketId) return <Link to={`/tickets/${ticketId}`}>{t('contactCentre.openTicket')}</Link>;
  // Only a contact with a customer can be a ticket, and only for those who may open tickets.
  if (!customerId || !can('ticket.write')) return null;
  return (
    <Button size="small" loading={make.isPending && make.variables === id} data-testid="make-ticket"
      onClick={() => make.mutate(id, { onSuccess: () => message.success(t('contactCentre.ticketMade')), onError: (e) => message.error(e.message) })}>
      {t('contactCentre.makeTicket')}
    </Button>
  );
}
