// 接触记录 — the timeline's audit codes.
export const interactionAudit = {
  actions: ['interaction.added', 'attachment.uploaded'],
  entities: ['interaction', 'attachment'],
} as const;
