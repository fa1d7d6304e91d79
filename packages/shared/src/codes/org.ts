// 组织 — units, staff, sign-in and tokens.
export const orgAudit = {
  actions: ['unit.created', 'user.created', 'user.changed', 'user.password_reset', 'user.password_changed', 'user.signed_in', 'api_token.created', 'api_token.revoked'],
  entities: ['org_unit', 'user', 'api_token'],
} as const;
