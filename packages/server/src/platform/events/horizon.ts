import { sql } from 'drizzle-orm';

/**
 * 水位 — the writing-transaction id below which every transaction that could have written to
 * this database's outbox has ended, read in the calling statement's snapshot. Outbox readers take
 * only events below it, so none can appear later behind a position a reader has passed.
 *
 * `pg_snapshot_xmin` alone would do, but it is the whole server's: on a server shared with other
 * databases, one long transaction in any of them (a report, a migration) would hold back every
 * event here for as long as it runs. So the snapshot's running transactions are taken one by one,
 * and those the activity statistics show as another database's are passed over: they cannot
 * write our tables. (`pg_stat_get_activity`, the function behind `pg_stat_activity`: planning
 * the view took ~1.5 ms a time on the embedded store.) Every other one is kept, whatever the reason it is not shown (a session whose
 * details this role may not see, a prepared transaction, one that ended since the snapshot): the
 * horizon is then lower than it could be, never higher. `backend_xid` is the 32-bit id; the
 * snapshot's are 64-bit with the epoch above, and the running ones all lie within one span of 2^31.
 */
export const outboxHorizon = sql`(select case
    -- Nothing running (always so on the embedded store, with its one connection): no need to ask whose.
    when pg_snapshot_xmin(snapshot) = pg_snapshot_xmax(snapshot) then pg_snapshot_xmax(snapshot)
    else coalesce(
      (select min(running) from pg_snapshot_xip(snapshot) as running
        where not exists (
          select 1 from pg_stat_get_activity(null) as other
          where other.datid <> (select datid from pg_stat_get_activity(pg_backend_pid()))
            and other.backend_xid::text::bigint = (running::text::bigint & 4294967295))),
      pg_snapshot_xmax(snapshot))
  end from (select pg_current_snapshot() as snapshot) as now)`;
