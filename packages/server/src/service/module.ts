import { serviceEvents } from '@xiang/shared';
import { serviceAudit } from '@xiang/shared/codes/service';
import { defineModule } from '../module.ts';
import { defineActions, roles, type ActionsOf } from '../platform/policy.ts';
import { ticketRoutes } from './routes.ts';
import { termsRoutes } from './terms-routes.ts';
import { contractRoutes } from './contract-routes.ts';
import { statsRoutes } from './stats-routes.ts';
import { slaSweep, slaSweepSchedule } from './jobs.ts';
import { followReassignment, moveTicketsOnMerge } from './service.ts';
import { ticketTopic } from './realtime.ts';
import { moveContractOnMerge } from './contracts.ts';

// 工单 — every staff role reads the queue; analysts only read; bulk actions and merges are a lead's.
const actions = defineActions({
  'ticket.read': roles,
  'ticket.write': roles.filter((r) => r !== 'analyst'),
  'ticket.manage': ['admin', 'manager'],
  // 服务时限 and the working calendar hold for everyone: the group's administrators set them.
  // A customer's service contract (服务合同) too, by an administrator who sees the customer; not their account manager.
  'sla.manage': ['admin'],
});
declare module '../platform/policy.ts' { interface Actions extends ActionsOf<typeof actions> {} }
declare module '../platform/access.ts' { interface Reaches { ticket: true; serviceTerms: true } }

/** 服务 — service tickets (工单): fault reports, complaints and inquiries, worked through a fixed workflow; they follow their customer. */
export const serviceModule = defineModule({
  name: 'service',
  events: serviceEvents,
  audit: serviceAudit,
  routes: async (app) => { await app.register(ticketRoutes); await app.register(termsRoutes); await app.register(contractRoutes); await app.register(statsRoutes); },
  actions,
  recordNames: { Ticket: '工单' },
  topics: [ticketTopic],
  customerHooks: {
    merged: async (tx, merged, survivor) => ({ ...(await moveTicketsOnMerge(tx, merged, survivor)), ...(await moveContractOnMerge(tx, merged, survivor)) }),
    reassigned: followReassignment,
  },
  background: () => ({ kinds: [slaSweep], schedules: [slaSweepSchedule] }),
});
