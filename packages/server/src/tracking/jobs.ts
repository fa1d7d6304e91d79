import type { JobKind, Schedule } from '../platform/jobs/index.ts';
import { forgetOldReceipts, makePartitionsAhead } from './partitions.ts';

const queue = 'tracking.partitions';

/** Daily: next months' event partitions made, old event ids forgotten. */
export const partitionUpkeep: JobKind = {
  queue,
  async handle(_job, db) {
    await makePartitionsAhead(db);
    await forgetOldReceipts(db);
  },
};

export const partitionSchedule: Schedule = { name: queue, queue, cron: '17 3 * * *' };
