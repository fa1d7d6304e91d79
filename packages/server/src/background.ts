import type { Db } from './platform/db/index.ts';
import { startJobs, type JobKind, type Schedule } from './platform/jobs/index.ts';
import { startDispatcher, type Subscriber } from './platform/events/dispatcher.ts';
import { expiredSessionSchedule, expiredSessionSweep } from './platform/auth/expired-sessions.ts';

/** Every kind of job the server runs, every recurring one, and every subscriber to the events. */
const jobKinds: JobKind<never>[] = [expiredSessionSweep];
const schedules: Schedule[] = [expiredSessionSchedule];
const subscribers: Subscriber[] = [];

/**
 * What a server process does besides answering: its job worker and scheduler, and the event
 * dispatcher. Every process runs them; on PostgreSQL they share the work (SKIP LOCKED).
 */
export async function startBackgroundWork(db: Db, { timeZone }: { timeZone: string }) {
  const log = (what: string) => (error: unknown) => console.error(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  const jobs = await startJobs(db, { kinds: jobKinds, schedules, timeZone, onError: (job, error) => log(`Job ${job.queue} #${job.id} failed`)(error) });
  const dispatcher = await startDispatcher(db, subscribers, { onError: (name, error) => log(`Delivering events to ${name}`)(error) });
  return {
    async stop() {
      await Promise.all([jobs.stop(), dispatcher.stop()]);
    },
  };
}
