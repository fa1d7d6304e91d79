import { portalEvents } from '@xiang/shared';
import { portalAudit } from '@xiang/shared/codes/portal';
import { defineModule } from '../module.ts';
import type { Db } from '../platform/db/index.ts';
import type { JobKind, Schedule } from '../platform/jobs/index.ts';
import { moveCustomerSessions } from '../platform/auth/customer-sessions.ts';
import { portalRoutes } from './routes.ts';
import { dropOldCodes, movePortalAccounts } from './sign-in.ts';

declare module '../platform/access.ts' { interface Reaches { portal_customer: true } }

const codeSweep: JobKind = { queue: 'portal.codes_sweep', async handle(_job, db: Db) { await dropOldCodes(db); } };
const codeSweepSchedule: Schedule = { name: 'portal.codes_sweep', queue: 'portal.codes_sweep', cron: '41 3 * * *' };

/** 网上营业厅 — the customers' own portal: sign-in by mobile number, their services, bills, tickets and consent. */
export const portalModule = defineModule({
  name: 'portal',
  events: portalEvents,
  audit: portalAudit,
  routes: portalRoutes,
  recordNames: { 'Portal account': '网上营业厅账号' },
  customerHooks: {
    // Whoever signs in with the merged customer's number is the survivor now, and stays signed in.
    async merged(tx, merged, survivor) {
      await moveCustomerSessions(tx, merged.id, survivor.id);
      return { portalAccounts: await movePortalAccounts(tx, merged.id, survivor.id) };
    },
  },
  background: () => ({ kinds: [codeSweep], schedules: [codeSweepSchedule] }),
});
