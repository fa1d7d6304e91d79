import { Cron } from 'croner';
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/index.ts';
import { enqueue } from './queue.ts';

/**
 * 定时作业 — recurring jobs by cron expression (minute hour day month weekday, in the server's
 * TIME_ZONE). Each due tick becomes one ordinary job whose unique key is the schedule and the
 * tick, so two processes ticking the same schedule, or one restarted mid-tick, add it once.
 */
export interface Schedule {
  name: string;
  queue: string;
  cron: string;
  payload?: object;
}

function nextTick(cron: string, after: Date, timeZone?: string): Date {
  const next = new Cron(cron, { timezone: timeZone }).nextRun(after);
  if (!next) throw new Error(`The cron expression ${cron} never comes due`);
  return next;
}

/** Puts the schedules in place: new ones start from now, changed ones from their new expression. */
export async function keepSchedules(db: Db, schedules: Schedule[], timeZone?: string) {
  for (const s of schedules) {
    const next = nextTick(s.cron, new Date(), timeZone);
    await db.execute(sql`
      insert into job_schedules (name, queue, cron, payload, next_run_at)
      values (${s.name}, ${s.queue}, ${s.cron}, ${JSON.stringify(s.payload ?? {})}::jsonb, ${next.toISOString()}::timestamptz)
      on conflict (name) do update set queue = excluded.queue, payload = excluded.payload, cron = excluded.cron,
        next_run_at = case when job_schedules.cron = excluded.cron then job_schedules.next_run_at else excluded.next_run_at end`);
  }
}

/** Adds a job for every schedule that is due, and moves each on to its next tick. */
export async function enqueueDueSchedules(db: Db, timeZone?: string): Promise<number> {
  return db.transaction(async (tx) => {
    const due = await rows<{ name: string; queue: string; cron: string; payload: object; next_run_at: string | Date }>(tx, sql`
      select name, queue, cron, payload, next_run_at from job_schedules where next_run_at <= now() for update skip locked`);
    for (const s of due) {
      const tick = new Date(s.next_run_at);
      await enqueue(tx, s.queue, { ...s.payload, scheduledFor: tick.toISOString() }, { uniqueKey: `schedule:${s.name}:${tick.toISOString()}` });
      // A server that was down for a while runs a missed schedule once, not once per missed tick.
      const next = nextTick(s.cron, new Date(Math.max(Date.now(), tick.getTime())), timeZone);
      await tx.execute(sql`update job_schedules set next_run_at = ${next.toISOString()}::timestamptz where name = ${s.name}`);
    }
    return due.length;
  });
}
