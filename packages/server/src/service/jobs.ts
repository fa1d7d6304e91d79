import type { JobKind, Schedule } from '../platform/jobs/index.ts';
import { sweepSla } from './sla.ts';

const queue = 'service.sla';

/** Each minute, the SLA clock's warnings and escalations that have come are sent, each once. */
export const slaSweep: JobKind = {
  queue,
  async handle(_job, db) {
    await sweepSla(db);
  },
};

export const slaSweepSchedule: Schedule = { name: queue, queue, cron: '* * * * *' };
