// 网上营业厅 — the portal module's audit codes.
export const portalAudit = {
  actions: ['portal_account.created', 'portal_account.signed_in', 'portal_account.password_set'],
  entities: ['portal_account'],
} as const;
