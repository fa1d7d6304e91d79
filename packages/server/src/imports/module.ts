import { importEvents } from '@xiang/shared';
import { importAudit } from '@xiang/shared/codes/imports';
import { defineModule } from '../module.ts';
import { defineActions, type ActionsOf } from '../platform/policy.ts';
import { importRoutes } from './routes.ts';
import { readingSweep, readingSweepSchedule } from './jobs.ts';

const actions = defineActions({ 'customer.import': ['admin', 'manager', 'account_manager'] });
declare module '../platform/policy.ts' { interface Actions extends ActionsOf<typeof actions> {} }
declare module '../platform/access.ts' { interface Reaches { customer_import: true } }

/** 客户导入 — customer files checked, committed, merged and undone. */
export const importsModule = defineModule({
  name: 'imports', routes: importRoutes, actions, recordNames: { Import: '导入记录' }, events: importEvents, audit: importAudit,
  background: () => ({ kinds: [readingSweep], schedules: [readingSweepSchedule] }),
});
