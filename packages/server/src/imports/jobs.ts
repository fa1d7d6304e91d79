import type { JobKind, Schedule } from '../platform/jobs/index.ts';
import { sweepStaleReadings } from './kept-check.ts';

const queue = 'imports.sweep_readings';

/**
 * Each hour, the dry runs' kept readings that can no longer be used go: a reading serves a
 * commit on the day it was read only, and one of 100,000 rows takes ~40 MB.
 */
export const readingSweep: JobKind = { queue, async handle(_job, db) { await sweepStaleReadings(db); } };

export const readingSweepSchedule: Schedule = { name: queue, queue, cron: '17 * * * *' };
