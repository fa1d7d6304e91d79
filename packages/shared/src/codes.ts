// Codes the server writes and the console labels, without zod, so the console can take them
// at no cost to its script size. The label test (e2e/labels.test.ts) asks for each in both languages.

// 审计 — what the server writes in the trail. The server's audit() takes only these, so a new
// action or kind of record is added here first.
export const auditActions = [
  'customer.created', 'customer.updated', 'customer.archived', 'customer.restored', 'customer.reassigned', 'customer.merged',
  'customer.imported', 'customer.import_undone', 'customer.import_merged', 'customer.import_merge_undone', 'customer_import.checked',
  'identity.added', 'identity.removed', 'identity.refused_elsewhere', 'identity.revealed', 'contact.added', 'contact.archived', 'contact.revealed',
  'subscription.revealed',
  'customers.exported',
  'interaction.added', 'attachment.uploaded', 'product.created', 'subscription.added', 'subscription.changed', 'payment.recorded',
  'unit.created', 'user.created', 'user.changed', 'user.password_reset', 'user.password_changed', 'user.signed_in',
  'api_token.created', 'api_token.revoked',
  'task.created', 'task.changed', 'task.completed', 'task.reopened', 'task.cancelled',
  'message_template.created', 'message.queued', 'consent.changed',
  'job.retried', 'dead_letter.replayed',
  'site.created', 'site.changed', // tracking
] as const;
/** The kinds of record the trail names (its `entity`). */
export const auditEntities = [
  'customer', 'customer_import', 'customer_export', 'contact', 'interaction', 'attachment', 'product', 'subscription', 'payment', 'org_unit', 'user', 'api_token', 'task', 'message_template', 'outbound_message', 'job', 'dead_letter',
  'site', // tracking
] as const;
/** The type of the note staff write on the 360° page. */
export const staffNoteType = 'note';
