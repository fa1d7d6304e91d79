import { sql } from 'drizzle-orm';
import { reportMaxDays } from '@xiang/shared';
import { rows, type Db } from '../platform/db/index.ts';

/**
 * 报表汇总 — a site's rollups built again from its events, with days in `timeZone`: what ingest keeps
 * a flush at a time (`rollups.ts`), worked out in SQL from the whole history. Needed when the rollups
 * are not in the operator's zone (the first report after an upgrade, or after `TIME_ZONE` changed)
 * and after a writer other than ingest added events (the demo's COPY, the benchmark).
 *
 * Ingest is held back while it runs (a share lock on the events and the visitors, which every
 * flush's writes wait for), so no flush adds to rollups that are being replaced; the visitors'
 * days and current sessions, which later flushes start from, are set from the same events.
 */
export async function buildRollups(db: Db, siteId: string, timeZone: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`lock table tracking_events, tracking_visitors in share mode`);
    const [state] = await rows<{ time_zone: string }>(tx, sql`select time_zone from tracking_rollups where site_id = ${siteId}`);
    if (state?.time_zone === timeZone) return; // built by another request while this one waited
    for (const table of ['tracking_daily', 'tracking_daily_visitors', 'tracking_retention']) {
      await tx.execute(sql`delete from ${sql.identifier(table)} where site_id = ${siteId}`);
    }
    const dayOf = (at: string) => sql`(${sql.raw(at)} at time zone ${timeZone})::date`;
    await tx.execute(sql`create temporary table rollup_sessions on commit drop as
      select visitor_id, session_number, min(occurred_at) as started_at, max(occurred_at) as last_at, count(*)::int as events
      from tracking_events where site_id = ${siteId} and not is_bot and visitor_id is not null and session_number is not null
      group by 1, 2`);
    await tx.execute(sql`create temporary table rollup_days on commit drop as
      select visitor_id, ${dayOf('occurred_at')} as day
      from tracking_events where site_id = ${siteId} and not is_bot and visitor_id is not null
      group by 1, 2`);
    await tx.execute(sql`
      insert into tracking_daily (site_id, day, shard, page_views, sessions, bounces, session_ms)
      select ${siteId}, day, 0, sum(page_views), sum(sessions), sum(bounces), sum(session_ms)
      from (
        select ${dayOf('occurred_at')} as day, count(*) as page_views, 0 as sessions, 0 as bounces, 0 as session_ms
        from tracking_events where site_id = ${siteId} and not is_bot and type = 'pageview' group by 1
        union all
        select ${dayOf('started_at')}, 0, count(*), count(*) filter (where events = 1),
          sum(round(extract(epoch from last_at - started_at) * 1000))
        from rollup_sessions group by 1) d
      group by day`);
    await tx.execute(sql`
      insert into tracking_daily_visitors (site_id, day, gap, shard, visitors)
      select ${siteId}, day, gap, 0, count(*)
      from (select day, coalesce(nullif(least(day - lag(day) over (partition by visitor_id order by day), ${reportMaxDays}), ${reportMaxDays}), 0) as gap from rollup_days) g
      group by day, gap`);
    await tx.execute(sql`
      insert into tracking_retention (site_id, by, cohort, bucket, first_day, shard, visitors)
      select ${siteId}::uuid, 'day', cohort, day, day, 0, count(*)
      from (select day, min(day) over (partition by visitor_id) as cohort from rollup_days) d
      group by cohort, day
      union all
      select ${siteId}::uuid, 'week', cohort, week, first_day, 0, count(*)
      from (select min(min(day)) over (partition by visitor_id) as cohort, date_trunc('week', day::timestamp)::date as week, min(day) as first_day
        from rollup_days group by visitor_id, 2) w
      group by cohort, week, first_day`);
    await tx.execute(sql`
      update tracking_visitors v set active_days = coalesce(d.days, '{}'), session_started_at = s.started_at, session_events = coalesce(s.events, 0)
      from tracking_visitors w
      left join (select visitor_id, array_agg(day - date '1970-01-01' order by day) as days from rollup_days group by 1) d on d.visitor_id = w.visitor_id
      left join rollup_sessions s on s.visitor_id = w.visitor_id and s.session_number = w.sessions
      where v.site_id = ${siteId} and w.site_id = ${siteId} and w.visitor_id = v.visitor_id`);
    await tx.execute(sql`insert into tracking_rollups (site_id, time_zone, built_at) values (${siteId}, ${timeZone}, now())
      on conflict (site_id) do update set time_zone = excluded.time_zone, built_at = excluded.built_at`);
  });
}

/** The site's rollups in the zone, built first when they are not. */
export async function ensureRollups(db: Db, siteId: string, timeZone: string): Promise<void> {
  const [state] = await rows<{ time_zone: string }>(db, sql`select time_zone from tracking_rollups where site_id = ${siteId}`);
  if (state?.time_zone !== timeZone) await buildRollups(db, siteId, timeZone);
}

/** Rollups to build again before the next report: a writer other than ingest added events to the site. */
export async function forgetRollups(db: Db, siteId: string): Promise<void> {
  await db.execute(sql`delete from tracking_rollups where site_id = ${siteId}`);
}
