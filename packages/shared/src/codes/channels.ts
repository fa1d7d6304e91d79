// 电子渠道 — the channels module's audit codes.
export const channelAudit = {
  actions: ['channel.created', 'channel.changed', 'channel.token_renewed'],
  entities: ['channel'],
} as const;
