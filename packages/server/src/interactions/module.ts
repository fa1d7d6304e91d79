import { interactionEvents } from '@xiang/shared';
import { interactionAudit } from '@xiang/shared/codes/interactions';
import { defineModule } from '../module.ts';
import { defineActions, type ActionsOf } from '../platform/policy.ts';
import { interactionRoutes } from './routes.ts';
import { moveTimeline } from './service.ts';

const actions = defineActions({
  'interaction.write': ['admin', 'manager', 'account_manager', 'sales', 'marketing', 'service_agent'],
});
declare module '../platform/policy.ts' { interface Actions extends ActionsOf<typeof actions> {} }

/** 接触记录 — what happened between the operator and a customer, with attachments: the timeline. */
export const interactionsModule = defineModule({
  name: 'interactions',
  events: interactionEvents,
  audit: interactionAudit,
  routes: interactionRoutes,
  actions,
  customerHooks: { merged: moveTimeline },
  recordNames: { Attachment: '附件', 'Attachment file': '附件文件' },
});
