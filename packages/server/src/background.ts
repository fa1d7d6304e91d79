import type { Database, Db } from './platform/db/index.ts';
import { startJobs, type JobKind, type Schedule } from './platform/jobs/index.ts';
import { startDispatcher, type Subscriber } from './platform/events/dispatcher.ts';
import type { Config } from './platform/config.ts';
import { loggingGateways, smtpGateway, type Gateways } from './notifications/gateways.ts';
import { modules } from './modules.ts';

/**
 * Where messages go out: e-mail through SMTP_URL (written to the log when there is none), SMS
 * through the logging gateway until an operator's gateway is configured.
 */
export function gatewaysOf(config: Pick<Config, 'smtpUrl' | 'mailFrom'>, log: (line: string) => void): Gateways {
  const logged = loggingGateways(log);
  return config.smtpUrl ? { ...logged, email: smtpGateway(config.smtpUrl, config.mailFrom) } : logged;
}

/** Every kind of job the server runs, every recurring one, and every subscriber to the events: the modules'. */
function workOf(gateways: Gateways, timeZone: string) {
  const work = modules.map((m) => m.background?.({ gateways, timeZone }) ?? {});
  return {
    kinds: work.flatMap((w) => w.kinds ?? []) as JobKind<never>[],
    schedules: work.flatMap((w) => w.schedules ?? []) as Schedule[],
    subscribers: work.flatMap((w) => w.subscribers ?? []) as Subscriber[],
  };
}

/**
 * What a server process does besides answering: its job worker and scheduler, and the event
 * dispatcher. Every process runs them; on PostgreSQL they share the work (SKIP LOCKED).
 */
export async function startBackgroundWork(db: Db, { timeZone, gateways, listen }: { timeZone: string; gateways: Gateways; listen?: Database['listen'] }) {
  const log = (what: string) => (error: unknown) => console.error(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  const { kinds, schedules, subscribers } = workOf(gateways, timeZone);
  const jobs = await startJobs(db, { kinds, schedules, timeZone, onError: (job, error) => log(`Job ${job.queue} #${job.id} failed`)(error) });
  const dispatcher = await startDispatcher(db, subscribers, { listen, onError: (name, error) => log(`Delivering events to ${name}`)(error) });
  return {
    async stop() {
      await Promise.all([jobs.stop(), dispatcher.stop()]);
    },
  };
}
