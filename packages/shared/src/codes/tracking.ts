// 网站数据采集 — the tracking module's audit codes (sites, and their surveys 问卷).
export const trackingAudit = {
  actions: ['site.created', 'site.changed', 'site.identity_secret_rotated', 'order.recorded', 'registration.recorded',
    'survey.created', 'survey.changed', 'survey.opened', 'survey.closed'],
  entities: ['site', 'order', 'survey'],
} as const;
