// 工单 — the service module's audit codes.
export const serviceAudit = {
  actions: ['ticket.opened', 'ticket.changed', 'ticket.status_changed', 'ticket.resolved', 'ticket.closed', 'ticket.reopened', 'ticket.merged', 'ticket.message_added'],
  entities: ['ticket'],
} as const;
