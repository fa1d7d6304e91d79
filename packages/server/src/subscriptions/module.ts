import { subscriptionEvents } from '@xiang/shared';
import { subscriptionAudit } from '@xiang/shared/codes/subscriptions';
import { defineModule } from '../module.ts';
import { defineActions, type ActionsOf } from '../platform/policy.ts';
import { subscriptionRoutes } from './routes.ts';
import { moveBillingRecords } from './service.ts';

const actions = defineActions({
  'subscription.write': ['admin', 'manager', 'account_manager', 'sales'],
  'product.manage': ['admin'],
});
declare module '../platform/policy.ts' { interface Actions extends ActionsOf<typeof actions> {} }
declare module '../platform/access.ts' { interface Reaches { product: true } }

/** 业务 — products, a customer's services (subscriptions), bills and payments. */
export const subscriptionsModule = defineModule({
  name: 'subscriptions',
  events: subscriptionEvents,
  audit: subscriptionAudit,
  routes: subscriptionRoutes,
  actions,
  customerHooks: { merged: moveBillingRecords },
  recordNames: { Subscription: '业务' },
});
