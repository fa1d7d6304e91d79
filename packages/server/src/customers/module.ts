import { customerEvents } from '@xiang/shared';
import { customerAudit } from '@xiang/shared/codes/customers';
import { defineModule } from '../module.ts';
import { defineActions, roles, type ActionsOf } from '../platform/policy.ts';
import { customerRoutes } from './routes.ts';
import { customerTopics } from './realtime.ts';

const actions = defineActions({
  'customer.read': roles,
  'customer.write': ['admin', 'manager', 'account_manager', 'sales', 'service_agent'],
  'customer.archive': ['admin', 'manager', 'account_manager'],
  'customer.reassign': ['admin', 'manager'],
  'customer.merge': ['admin', 'manager', 'account_manager'],
  'customer.export': ['admin', 'manager', 'account_manager', 'marketing', 'analyst'],
  // 查看完整号码 — phones and ID numbers are masked for everyone else (PIPL); each reveal is audited.
  'customer.reveal': ['admin', 'manager', 'account_manager', 'service_agent'],
});
declare module '../platform/policy.ts' { interface Actions extends ActionsOf<typeof actions> {} }
declare module '../platform/access.ts' { interface Reaches { customer: true } }

/** 客户 — the unified customer: identities, contacts, addresses, search, merge, reassignment, export. */
export const customersModule = defineModule({
  name: 'customers',
  events: customerEvents,
  audit: customerAudit,
  routes: customerRoutes,
  actions,
  recordNames: { Customer: '客户', Contact: '联系人', Identity: '身份标识' },
  topics: customerTopics,
});
