// 热线与信箱 — the contact centre's audit codes.
export const contactcentreAudit = {
  actions: ['hotline.call_logged', 'hotline.ticket_made', 'mailbox.message_received', 'mailbox.ticket_made'],
  entities: ['hotline_call', 'mailbox_message'],
} as const;
