import { notificationEvents } from '@xiang/shared';
import { notificationAudit } from '@xiang/shared/codes/notifications';
import { defineModule } from '../module.ts';
import { defineActions, type ActionsOf } from '../platform/policy.ts';
import { notificationRoutes } from './routes.ts';
import { messageDelivery, messageDeliverySchedule } from './jobs.ts';
import { moveNoticesOnMerge } from './notice-channel.ts';

// 消息 — templates are written by marketing and managers; messages sent by anyone who serves customers.
const actions = defineActions({
  'message.template': ['admin', 'manager', 'marketing'],
  'message.send': ['admin', 'manager', 'account_manager', 'sales', 'marketing', 'service_agent'],
});
declare module '../platform/policy.ts' { interface Actions extends ActionsOf<typeof actions> {} }
declare module '../platform/access.ts' { interface Reaches { message_template: true } }

/** 消息通知 — e-mail and SMS to customers: templates, consent, quiet hours, delivery. */
export const notificationsModule = defineModule({
  name: 'notifications',
  events: notificationEvents,
  audit: notificationAudit,
  routes: notificationRoutes,
  actions,
  recordNames: { Template: '消息模板' },
  customerHooks: { merged: moveNoticesOnMerge },
  background: ({ gateways }) => ({ kinds: [messageDelivery(gateways)], schedules: [messageDeliverySchedule] }),
});
