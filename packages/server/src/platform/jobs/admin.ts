import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/index.ts';
import type { Scope } from '../scope.ts';
import { authorize } from '../policy.ts';
import { notFound } from '../errors.ts';
import { wakeWorkers } from './queue.ts';
import { audit } from '../audit.ts';

/** 作业监控 — per queue: how many wait (due now or later), run and failed, and how late the oldest due one is. */
export async function queueFigures(db: Db, scope: Scope) {
  authorize(scope.role, 'operations.manage');
  // The queues are the whole organisation's: a unit's administrator sees none of them.
  if (!scope.isWholeOrganisation) return [];
  const figures = await rows<{ queue: string; due: number; delayed: number; running: number; failed: number; lag_ms: number | null }>(db, sql`
    select queue,
      count(*) filter (where state = 'waiting' and run_at <= now())::int as due,
      count(*) filter (where state = 'waiting' and run_at > now())::int as delayed,
      count(*) filter (where state = 'running')::int as running,
      count(*) filter (where state = 'failed')::int as failed,
      (extract(epoch from now() - min(run_at) filter (where state = 'waiting' and run_at <= now())) * 1000)::float8 as lag_ms
    from jobs group by queue order by queue`);
  return figures.map((f) => ({ queue: f.queue, due: f.due, delayed: f.delayed, running: f.running, failed: f.failed, lagMs: f.lag_ms === null ? null : Math.round(f.lag_ms) }));
}

/** Jobs that failed for good, newest first, with the error of their last run. */
export async function failedJobs(db: Db, scope: Scope, { queue, limit }: { queue?: string; limit: number }) {
  authorize(scope.role, 'operations.manage');
  // The queues are the whole organisation's: a unit's administrator sees none of them.
  if (!scope.isWholeOrganisation) return [];
  const found = await rows<{ id: number; queue: string; payload: unknown; attempts: number; last_error: string | null; failed_at: string | Date; created_at: string | Date }>(db, sql`
    select id, queue, payload, attempts, last_error, failed_at, created_at from jobs
    where state = 'failed' ${queue ? sql`and queue = ${queue}` : sql``}
    order by failed_at desc, id desc limit ${limit}`);
  return found.map((j) => ({
    id: Number(j.id), queue: j.queue, payload: j.payload, attempts: j.attempts, error: j.last_error ?? '',
    failedAt: new Date(j.failed_at).toISOString(), createdAt: new Date(j.created_at).toISOString(),
  }));
}

/** Runs a failed job again, with its attempts counted afresh; the trail records who did. */
export async function retryJob(db: Db, scope: Scope, id: number) {
  authorize(scope.role, 'operations.manage');
  if (!scope.isWholeOrganisation) throw notFound('Job');
  await db.transaction(async (tx) => {
    const [failed] = await rows<{ queue: string; attempts: number; last_error: string | null }>(tx, sql`
      select queue, attempts, last_error from jobs where id = ${id} and state = 'failed' for update`);
    if (!failed) throw notFound('Job');
    await tx.execute(sql`update jobs set state = 'waiting', attempts = 0, run_at = now(), failed_at = null where id = ${id}`);
    await audit(tx, scope, { action: 'job.retried', entity: 'job', entityId: String(id), before: { state: 'failed', attempts: failed.attempts, error: failed.last_error }, after: { state: 'waiting', queue: failed.queue } });
  });
  wakeWorkers();
}
