import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { PathQuery, PathReport, RetentionQuery, RetentionReport } from '@xiang/shared';
import { rows, type Db } from '../platform/db/index.ts';
import type { Scope } from '../platform/scope.ts';
import { dateOf, daysBetween, instant, pathOf, peopleIn, type Period } from './reports-period.ts';
import { reportContext } from './reports.ts';
import { ensureRollups } from './rollup-build.ts';

type Options = { timeZone: string; now?: Date };

/**
 * The retention statement, from the rollups (`rollups.ts`): each visitor first seen in the period
 * (its first event that is no crawler's) in the cohort of that day or week, and the later days or
 * weeks of the period in which it had an event again.
 */
export function retentionStatement(siteId: string, period: Period, by: 'day' | 'week') {
  const cohorts = sql`site_id = ${siteId} and cohort between ${period.from}::date and ${period.to}::date`;
  if (by === 'day') {
    return sql`
      select to_char(cohort, 'YYYY-MM-DD') as cohort, nullif(bucket - cohort, 0) as "offset", sum(visitors)::int as visitors
      from tracking_retention where ${cohorts} and by = 'day' and bucket <= ${period.to}::date
      group by cohort, bucket having sum(visitors) > 0`;
  }
  const week = sql`date_trunc('week', cohort::timestamp)::date`;
  return sql`
    select to_char(${week}, 'YYYY-MM-DD') as cohort, null::int as "offset", sum(visitors)::int as visitors
    from tracking_retention where ${cohorts} and by = 'day' and bucket = cohort
    group by 1 having sum(visitors) > 0
    union all
    select to_char(w.week, 'YYYY-MM-DD'), ((w.bucket - w.week) / 7)::int, sum(w.visitors)::int
    from (select ${week} as week, bucket, visitors from tracking_retention where ${cohorts} and by = 'week' and first_day <= ${period.to}::date) w
    where w.bucket > w.week
    group by w.week, w.bucket having sum(w.visitors) > 0`;
}

/** The Monday a day's week begins on (ISO weeks, as `date_trunc('week')` counts them). */
const mondayOf = (date: string) => {
  const day = Date.parse(`${date}T00:00:00Z`) / 86_400_000;
  return dateOf(day - ((new Date(day * 86_400_000).getUTCDay() + 6) % 7));
};

/** 留存 — cohorts of new visitors and how many came back in each following day or week. */
export async function reportRetention(db: Db, scope: Scope, siteId: string, query: z.infer<typeof RetentionQuery>, options: Options): Promise<RetentionReport> {
  const { site, period } = await reportContext(db, scope, siteId, query, options);
  await ensureRollups(db, site.id, options.timeZone);
  const found = await rows<{ cohort: string; offset: number | null; visitors: number }>(db, retentionStatement(site.id, period, query.by));
  const last = query.by === 'day' ? period.to : mondayOf(period.to);
  const step = query.by === 'day' ? 1 : 7;
  const cohorts = found.filter((r) => r.offset === null).map((r) => r.cohort).sort();
  return {
    from: period.from, to: period.to, timeZone: period.timeZone, by: query.by,
    cohorts: cohorts.map((start) => {
      const returned = Array.from({ length: daysBetween(start, last) / step }, () => 0);
      for (const r of found) if (r.cohort === start && r.offset !== null) returned[r.offset - 1] = r.visitors;
      return { start, visitors: found.find((r) => r.cohort === start && r.offset === null)!.visitors, returned };
    }),
  };
}

export function pathStatement(siteId: string, period: Period, page: string | undefined, limit: number) {
  const views = sql`
    select ${pathOf(sql`e.url`)} as path, e.visitor_id || ':' || e.session_number as session,
      e.visitor_id, e.session_number, e.occurred_at, e.event_id
    from tracking_events e where ${peopleIn(siteId, period)} and e.type = 'pageview' and e.session_number is not null`;
  const next = (n: number) => sql.raw(`lead(path, ${n}) over (partition by visitor_id, session_number order by occurred_at, event_id)`);
  if (page !== undefined) {
    return sql`
      with v as (${views}), n as (select path, session, ${next(1)} as next from v)
      select array[path, next] as pages, count(*)::int as times, count(distinct session)::int as sessions
      from n where path = ${page} group by path, next order by 2 desc, next nulls first limit ${limit}`;
  }
  return sql`
    with v as (${views}), n as (select path, session, ${next(1)} as second, ${next(2)} as third from v)
    select array[path, second, third] as pages, count(*)::int as times, count(distinct session)::int as sessions
    from n where third is not null group by path, second, third order by 2 desc, 1 limit ${limit}`;
}

/** 路径 — where visitors went after a page (or the session ended), or the commonest runs of three pages. */
export async function reportPaths(db: Db, scope: Scope, siteId: string, query: z.infer<typeof PathQuery>, options: Options): Promise<PathReport> {
  const { site, period } = await reportContext(db, scope, siteId, query, options);
  const items = await rows<PathReport['items'][number]>(db, pathStatement(site.id, period, query.page, query.limit));
  return { from: period.from, to: period.to, timeZone: period.timeZone, page: query.page ?? null, items };
}
