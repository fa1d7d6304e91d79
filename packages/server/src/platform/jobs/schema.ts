import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * 作业队列 — every job waiting, running or failed. A finished job is deleted. A worker claims
 * jobs with FOR UPDATE SKIP LOCKED and leases them: `run_at` becomes the lease's end, so a
 * job whose worker died (kill -9, power cut) is claimed again once its lease runs out.
 */
export const jobs = pgTable('jobs', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  queue: text('queue').notNull(),
  payload: jsonb('payload').notNull().default({}),
  /** Higher first. */
  priority: integer('priority').notNull().default(0),
  state: text('state', { enum: ['waiting', 'running', 'failed'] }).notNull().default('waiting'),
  /** When it may run (waiting), or when its lease ends (running). */
  runAt: timestamp('run_at', { withTimezone: true }).notNull().defaultNow(),
  attempts: integer('attempts').notNull().default(0),
  maxAttempts: integer('max_attempts').notNull().default(5),
  /** At most one waiting or running job of a queue per key (a schedule's tick, one export per user …). */
  uniqueKey: text('unique_key'),
  lastError: text('last_error'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  failedAt: timestamp('failed_at', { withTimezone: true }),
}, (t) => [
  index('jobs_claim_idx').on(t.queue, t.priority.desc(), t.runAt, t.id).where(sql`state <> 'failed'`),
  uniqueIndex('jobs_unique_key_idx').on(t.queue, t.uniqueKey).where(sql`state <> 'failed'`),
  index('jobs_failed_idx').on(t.queue, t.failedAt).where(sql`state = 'failed'`),
]);

/** 定时作业 — a recurring job: its cron expression and the next time it is due. */
export const jobSchedules = pgTable('job_schedules', {
  name: text('name').primaryKey(),
  queue: text('queue').notNull(),
  cron: text('cron').notNull(),
  payload: jsonb('payload').notNull().default({}),
  nextRunAt: timestamp('next_run_at', { withTimezone: true }).notNull(),
});
