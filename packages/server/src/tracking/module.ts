import { trackingEvents } from '@xiang/shared';
import { trackingAudit } from '@xiang/shared/codes/tracking';
import { defineModule } from '../module.ts';
import { defineActions, roles, type ActionsOf } from '../platform/policy.ts';
import { trackingRoutes } from './routes.ts';
import { widgetRoutes } from './widget-file.ts';
import { demoShopRoutes } from './demo-shop.ts';
import { partitionSchedule, partitionUpkeep } from './jobs.ts';
import { moveVisitorsOnMerge } from './visitors.ts';

// 网站数据采集 — every staff role reads what the sites record; administrators and managers register sites.
const actions = defineActions({ 'tracking.read': roles, 'tracking.manage': ['admin', 'manager'] });
declare module '../platform/policy.ts' { interface Actions extends ActionsOf<typeof actions> {} }
declare module '../platform/access.ts' { interface Reaches { site: true } }

/** 网站数据采集 — the operator's sites, the script they carry, and the events it sends. */
export const trackingModule = defineModule({
  name: 'tracking',
  events: trackingEvents,
  audit: trackingAudit,
  routes: trackingRoutes,
  siteRoutes: async (app) => { await app.register(widgetRoutes); await app.register(demoShopRoutes); },
  actions,
  recordNames: { Site: '站点' },
  customerHooks: { merged: moveVisitorsOnMerge },
  background: () => ({ kinds: [partitionUpkeep], schedules: [partitionSchedule] }),
});
