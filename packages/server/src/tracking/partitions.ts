import { sql } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import { rows } from '../platform/db/index.ts';

/** The name of the month's partition: tracking_events_2026_12. */
export const partitionOf = (month: Date) => `tracking_events_${month.getUTCFullYear()}_${String(month.getUTCMonth() + 1).padStart(2, '0')}`;

/**
 * 分区 — the month partitions of tracking_events, made ahead (this month and the next `ahead`),
 * so the DEFAULT partition stays empty in normal running. A month whose range the DEFAULT
 * partition already holds rows of (the job did not run for months) cannot be attached; it is
 * reported and the events stay in DEFAULT, where they are still read.
 */
export async function makePartitionsAhead(db: Db, now = new Date(), ahead = 3): Promise<{ made: string[]; refused: string[] }> {
  const made: string[] = [];
  const refused: string[] = [];
  const existing = new Set((await rows<{ name: string }>(db, sql`select c.relname as name from pg_inherits i
    join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent where p.relname = 'tracking_events'`)).map((r) => r.name));
  for (let i = 0; i <= ahead; i++) {
    const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + i, 1));
    const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + i + 1, 1));
    const name = partitionOf(from);
    if (existing.has(name)) continue;
    try {
      await db.execute(sql.raw(`create table if not exists "${name}" partition of tracking_events
        for values from ('${from.toISOString()}') to ('${to.toISOString()}')`));
      made.push(name);
    } catch {
      refused.push(name);
    }
  }
  return { made, refused };
}

/** Event ids older than a month are forgotten: the script gives up retrying long before. */
export async function forgetOldReceipts(db: Db, now = new Date()) {
  await db.execute(sql`delete from tracking_event_receipts where received_at < ${new Date(now.getTime() - 31 * 86_400_000).toISOString()}::timestamptz`);
}
