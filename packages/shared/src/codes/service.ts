// 工单 — the service module's audit codes.
export const serviceAudit = {
  actions: ['ticket.opened', 'ticket.changed', 'ticket.status_changed', 'ticket.resolved', 'ticket.closed', 'ticket.reopened', 'ticket.merged', 'ticket.message_added', 'ticket.rated',
    'sla.policies_changed', 'sla.contract_changed', 'calendar.working_hours_changed', 'calendar.year_changed'],
  entities: ['ticket', 'sla_policy', 'calendar'],
} as const;
