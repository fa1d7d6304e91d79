// 通知 — templates, messages out and consent.
export const notificationAudit = {
  actions: ['message_template.created', 'message.queued', 'consent.changed', 'notice_channel.changed'],
  entities: ['message_template', 'outbound_message'],
} as const;
