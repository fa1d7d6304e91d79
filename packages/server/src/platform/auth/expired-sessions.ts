import { lt, sql } from 'drizzle-orm';
import { customerSessions, sessions } from './schema.ts';
import type { JobKind, Schedule } from '../jobs/index.ts';

/**
 * Sessions past their end no longer sign anyone in (identify.ts checks the time); once a night
 * their rows are deleted, so the table holds only live sessions.
 */
export const expiredSessionSweep: JobKind = {
  queue: 'sessions.sweep',
  async handle(_job, db) {
    await db.delete(sessions).where(lt(sessions.expiresAt, sql`now()`));
    await db.delete(customerSessions).where(lt(customerSessions.expiresAt, sql`now()`));
  },
};

export const expiredSessionSchedule: Schedule = { name: 'sessions.sweep', queue: 'sessions.sweep', cron: '17 3 * * *' };
