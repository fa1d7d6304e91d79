// 网站数据采集 — the tracking module's audit codes.
export const trackingAudit = {
  actions: ['site.created', 'site.changed', 'site.identity_secret_rotated', 'order.recorded', 'registration.recorded'],
  entities: ['site', 'order'],
} as const;
