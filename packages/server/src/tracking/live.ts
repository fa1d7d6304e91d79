import { sql } from 'drizzle-orm';
import type { SiteLive } from '@xiang/shared';
import { rows, type Db } from '../platform/db/index.ts';
import type { Scope } from '../platform/scope.ts';
import { getSite } from './sites.ts';

const minute = 60_000;
const day = 86_400_000;
/** Beijing keeps UTC+8 all year (no summer time), so its midnight is a fixed offset from UTC's. */
const beijingOffsetMs = 8 * 3_600_000;

/** 今天 — when the day began in Beijing (Asia/Shanghai), the day the operator's staff count by. */
export function startOfBeijingDay(now: number): Date {
  return new Date(Math.floor((now + beijingOffsetMs) / day) * day - beijingOffsetMs);
}

type CountsRow = Record<'events' | 'pageViews' | 'visitors' | 'botEvents', number>;

/**
 * 实时 — the site's counts for the last 30 minutes and for today, and the visitors active in the
 * last 5 minutes. The bounds are given as times, not computed in SQL, so the planner reads only
 * the partitions of the months they fall in (and the DEFAULT one, empty in normal running). A
 * crawler's events are counted apart and never as a visitor; an event sent before consent counts,
 * without a visitor.
 */
export async function siteLive(db: Db, scope: Scope, siteId: string): Promise<SiteLive> {
  const site = await getSite(db, scope, siteId);
  const now = Date.now();
  const halfHourAgo = new Date(now - 30 * minute);
  const fiveMinutesAgo = new Date(now - 5 * minute);
  const today = startOfBeijingDay(now);
  const from = new Date(Math.min(halfHourAgo.getTime(), today.getTime()));
  const countsSince = (start: Date, prefix: string) => {
    const within = sql`e.occurred_at >= ${start.toISOString()}::timestamptz`;
    return sql`
      (count(*) filter (where ${within} and not e.is_bot))::int as ${sql.identifier(`${prefix}Events`)},
      (count(*) filter (where ${within} and not e.is_bot and e.type = 'pageview'))::int as ${sql.identifier(`${prefix}PageViews`)},
      (count(distinct e.visitor_id) filter (where ${within} and not e.is_bot))::int as ${sql.identifier(`${prefix}Visitors`)},
      (count(*) filter (where ${within} and e.is_bot))::int as ${sql.identifier(`${prefix}BotEvents`)}`;
  };
  const [counts] = await rows<Record<string, number>>(db, sql`
    select ${countsSince(halfHourAgo, 'halfHour')}, ${countsSince(today, 'today')},
      (count(distinct e.visitor_id) filter (where e.occurred_at >= ${fiveMinutesAgo.toISOString()}::timestamptz and not e.is_bot))::int as "activeNow"
    from tracking_events e
    where e.site_id = ${site.id} and e.occurred_at >= ${from.toISOString()}::timestamptz
      and e.occurred_at < ${new Date(today.getTime() + day).toISOString()}::timestamptz`);
  const of = (prefix: string): CountsRow => ({
    events: counts[`${prefix}Events`], pageViews: counts[`${prefix}PageViews`], visitors: counts[`${prefix}Visitors`], botEvents: counts[`${prefix}BotEvents`],
  });
  return { at: new Date(now), lastHalfHour: of('halfHour'), today: of('today'), activeNow: counts.activeNow };
}
