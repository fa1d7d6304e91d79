import type { Db } from '../db/index.ts';
import { startWorker, type JobKind, type WorkerOptions } from './queue.ts';
import { enqueueDueSchedules, keepSchedules, type Schedule } from './schedules.ts';

export { enqueue, enqueueMany, startWorker, type Job, type JobKind } from './queue.ts';
export type { Schedule } from './schedules.ts';

/**
 * The jobs of this process: a worker for the given kinds and a scheduler that turns due cron
 * ticks into jobs. Every server process runs one; on PostgreSQL they share the queue.
 */
export async function startJobs(db: Db, { kinds, schedules = [], timeZone, tickMs = 1_000, ...options }:
  { kinds: JobKind<never>[]; schedules?: Schedule[]; timeZone?: string; tickMs?: number } & WorkerOptions) {
  await keepSchedules(db, schedules, timeZone);
  const worker = startWorker(db, kinds, options);
  let ticking = Promise.resolve();
  const ticker = setInterval(() => {
    ticking = ticking.then(() => enqueueDueSchedules(db, timeZone)).then(() => {}, () => {});
  }, tickMs);
  return {
    async stop() {
      clearInterval(ticker);
      await ticking;
      await worker.stop();
    },
  };
}
