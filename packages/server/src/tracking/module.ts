import { trackingEvents } from '@xiang/shared';
import { trackingAudit } from '@xiang/shared/codes/tracking';
import { defineModule } from '../module.ts';
import { defineActions, roles, type ActionsOf } from '../platform/policy.ts';
import { trackingRoutes } from './routes.ts';
import { widgetRoutes } from './widget-file.ts';
import { surveyPageRoutes } from './surveys-page.ts';
import { demoShopRoutes } from './demo-shop.ts';
import { partitionSchedule, partitionUpkeep } from './jobs.ts';
import { moveVisitorsOnMerge } from './visitors.ts';
import { moveOrdersOnMerge } from './orders.ts';
import { moveSurveyResponsesOnMerge } from './surveys.ts';

// 网站数据采集 — every staff role reads what the sites record; administrators and managers register sites.
// `tracking.vouch` is what a site's server does with an API token of theirs: post registrations and
// orders it vouches for, which may create and merge customers, so only those who may merge get it.
// 问卷 — marketing runs surveys too.
const actions = defineActions({
  'tracking.read': roles, 'tracking.manage': ['admin', 'manager'], 'tracking.vouch': ['admin', 'manager'],
  'survey.manage': ['admin', 'manager', 'marketing'],
});
declare module '../platform/policy.ts' { interface Actions extends ActionsOf<typeof actions> {} }
declare module '../platform/access.ts' { interface Reaches { site: true; survey: true } }

/** 网站数据采集 — the operator's sites, the script they carry, and the events it sends. */
export const trackingModule = defineModule({
  name: 'tracking',
  events: trackingEvents,
  audit: trackingAudit,
  routes: trackingRoutes,
  siteRoutes: async (app) => { await app.register(widgetRoutes); await app.register(surveyPageRoutes); await app.register(demoShopRoutes); },
  actions,
  recordNames: { Site: '站点', Survey: '问卷' },
  customerHooks: {
    merged: async (tx, merged, survivor) => ({
      ...await moveVisitorsOnMerge(tx, merged, survivor), ...await moveOrdersOnMerge(tx, merged, survivor),
      ...await moveSurveyResponsesOnMerge(tx, merged, survivor),
    }),
  },
  background: () => ({ kinds: [partitionUpkeep], schedules: [partitionSchedule] }),
});
