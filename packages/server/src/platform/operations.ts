import { operationsAudit } from '@xiang/shared/codes/operations';
import type { ModuleDefinition } from '../module.ts';
import { defineActions, type ActionsOf } from './policy.ts';
import { jobRoutes } from './jobs/routes.ts';
import { eventRoutes } from './events/routes.ts';
import { expiredSessionSchedule, expiredSessionSweep } from './auth/expired-sessions.ts';

// 运维 — the job queues and the events' dead letters.
const actions = defineActions({ 'operations.manage': ['admin'] });
declare module './policy.ts' { interface Actions extends ActionsOf<typeof actions> {} }
declare module './access.ts' { interface Reaches { job: true; dead_letter: true } }

/** The platform's own part of the house: operating the queues and the event delivery, sweeping sessions. */
export const operationsModule = {
  name: 'operations',
  audit: operationsAudit,
  async routes(api) {
    await api.register(jobRoutes);
    await api.register(eventRoutes);
  },
  actions,
  recordNames: { Job: '作业', 'Dead letter': '死信' },
  background: () => ({ kinds: [expiredSessionSweep], schedules: [expiredSessionSchedule] }),
} satisfies ModuleDefinition;
