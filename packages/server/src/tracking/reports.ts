import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { CampaignReport, ListReportQuery, PageReport, PageReportQuery, ReportOverview, ReportPeriod, SearchReport, SourceReport } from '@xiang/shared';
import { rows, type Db } from '../platform/db/index.ts';
import type { Scope } from '../platform/scope.ts';
import { getSite } from './sites.ts';
import { ensureRollups } from './rollup-build.ts';
import { dateOf, daysBetween, hostOf, instant, pathOf, peopleIn, reportPeriod, type Period } from './reports-period.ts';
import { sessionIdleMs } from './ingest-write.ts';

type Options = { timeZone: string; now?: Date };

/** The session an event belongs to, as one value: a visitor's sessions are numbered from 1. */
const sessionKey = sql`e.visitor_id || ':' || e.session_number`;
const shareOf = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 1000 : null);

/** The site (through the caller's scope: another unit's is a 404) and the period's bounds. */
export async function reportContext(db: Db, scope: Scope, siteId: string, query: ReportPeriod, { timeZone, now }: Options) {
  const site = await getSite(db, scope, siteId);
  return { site, period: await reportPeriod(db, query, timeZone, now) };
}

const answerPeriod = ({ from, to, timeZone }: Period) => ({ from, to, timeZone });

/**
 * The overview's series counted from the events, as the hours of one day are (and, by days, as the
 * benchmark's baseline counts them without the rollups).
 */
export function seriesFromEvents(siteId: string, period: Period, interval: 'hour' | 'day') {
  return sql`
    with b as materialized (
      select date_trunc(${interval}, e.occurred_at at time zone ${period.timeZone}) as bucket, e.visitor_id, e.session_number,
        count(*) filter (where e.type = 'pageview') as page_views
      from tracking_events e where ${peopleIn(siteId, period)}
      group by 1, 2, 3),
    v as (select bucket, count(*) as visitors from (select bucket, visitor_id from b where visitor_id is not null group by 1, 2) x group by 1)
    select to_char(b.bucket, ${interval === 'hour' ? 'YYYY-MM-DD HH24:00' : 'YYYY-MM-DD'}) as bucket, sum(b.page_views)::int as "pageViews",
      coalesce(max(v.visitors), 0)::int as visitors, count(b.session_number)::int as sessions
    from b left join v on v.bucket = b.bucket
    group by b.bucket order by b.bucket`;
}

/**
 * The statements of the overview, as the API runs them (the benchmark runs them raw), from the
 * rollups (`rollups.ts`): a session counts, whole, on the day it began; an event sent without a
 * visitor (before consent) is a page view of no session. The visitors of the period are those of
 * its days not seen since before its first day. A single day's hours are counted from its events.
 */
export function overviewStatements(siteId: string, period: Period) {
  const interval = period.days === 1 ? 'hour' : 'day';
  const days = sql`site_id = ${siteId} and day between ${period.from}::date and ${period.to}::date`;
  return {
    interval,
    totals: sql`
      select coalesce(sum(page_views), 0)::int as "pageViews", coalesce(sum(sessions), 0)::int as sessions, coalesce(sum(bounces), 0)::int as bounces,
        (sum(session_ms) / nullif(sum(sessions), 0) / 1000)::float8 as "averageSessionSeconds",
        (select coalesce(sum(visitors), 0) from tracking_daily_visitors where ${days} and (gap = 0 or gap > day - ${period.from}::date))::int as visitors
      from tracking_daily where ${days}`,
    series: interval === 'day'
      ? sql`
        select to_char(day, 'YYYY-MM-DD') as bucket, coalesce(d.page_views, 0)::int as "pageViews", coalesce(v.visitors, 0)::int as visitors,
          coalesce(d.sessions, 0)::int as sessions
        from (select day, sum(page_views) as page_views, sum(sessions) as sessions from tracking_daily where ${days} group by day) d
        full join (select day, sum(visitors) as visitors from tracking_daily_visitors where ${days} group by day) v using (day)
        order by day`
      : seriesFromEvents(siteId, period, 'hour'),
  } as const;
}

/** Every bucket of the period in order: the hours of its one day, or its days. */
function bucketsOf(period: Period, interval: 'hour' | 'day') {
  if (interval === 'hour') return Array.from({ length: 24 }, (_, h) => `${period.from} ${String(h).padStart(2, '0')}:00`);
  const first = Date.parse(`${period.from}T00:00:00Z`) / 86_400_000;
  return Array.from({ length: daysBetween(period.from, period.to) + 1 }, (_, i) => dateOf(first + i));
}

/** 概览 — page views, visitors, sessions, bounce rate and average session length, with their series. */
export async function reportOverview(db: Db, scope: Scope, siteId: string, query: ReportPeriod, options: Options): Promise<ReportOverview> {
  const { site, period } = await reportContext(db, scope, siteId, query, options);
  await ensureRollups(db, site.id, options.timeZone);
  const statements = overviewStatements(site.id, period);
  const [totals] = await rows<{ pageViews: number; visitors: number; sessions: number; bounces: number; averageSessionSeconds: number | null }>(db, statements.totals);
  const found = new Map((await rows<ReportOverview['series'][number]>(db, statements.series)).map((b) => [b.bucket, b]));
  return {
    ...answerPeriod(period),
    pageViews: totals.pageViews, visitors: totals.visitors, sessions: totals.sessions,
    bounceRate: shareOf(totals.bounces, totals.sessions),
    averageSessionSeconds: totals.averageSessionSeconds === null ? null : Math.round(totals.averageSessionSeconds),
    interval: statements.interval,
    series: bucketsOf(period, statements.interval).map((bucket) => found.get(bucket) ?? { bucket, pageViews: 0, visitors: 0, sessions: 0 }),
  };
}

/**
 * The sessions that began in the period (as the overview counts them) and each one's first event,
 * or its first or last page view. A session that began before the period had an event in the 30
 * minutes before the period's first one of it (it would have ended otherwise), so that much
 * earlier is read to tell it apart.
 */
const sessionEnds = (siteId: string, period: Period, which: 'first event' | 'first page' | 'last page') => sql`
  select distinct on (e.visitor_id, e.session_number) e.visitor_id, e.session_number, e.url, e.referrer,
    e.utm_source, e.utm_medium, e.utm_campaign
  from (
    select e.*, min(e.occurred_at) over (partition by e.visitor_id, e.session_number) as began
    from tracking_events e
    where ${peopleIn(siteId, { start: new Date(period.start.getTime() - sessionIdleMs), end: period.end })} and e.session_number is not null) e
  where e.began >= ${instant(period.start)} ${which === 'first event' ? sql`` : sql`and e.type = 'pageview'`}
  order by e.visitor_id, e.session_number, e.occurred_at ${which === 'last page' ? sql`desc, e.event_id desc` : sql`, e.event_id`}`;

export function pageStatement(siteId: string, period: Period, kind: 'top' | 'entry' | 'exit', limit: number) {
  if (kind === 'top') {
    return sql`
      select ${pathOf(sql`e.url`)} as path, count(*)::int as "pageViews", count(distinct ${sessionKey})::int as sessions,
        count(distinct e.visitor_id)::int as visitors
      from tracking_events e where ${peopleIn(siteId, period)} and e.type = 'pageview'
      group by 1 order by 2 desc, 1 limit ${limit}`;
  }
  return sql`
    with ends as (${sessionEnds(siteId, period, kind === 'entry' ? 'first page' : 'last page')})
    select ${pathOf(sql`url`)} as path, count(*)::int as "pageViews", count(*)::int as sessions, count(distinct visitor_id)::int as visitors
    from ends group by 1 order by 2 desc, 1 limit ${limit}`;
}

/** 页面 — the most viewed pages, or the pages sessions began or ended on. */
export async function reportPages(db: Db, scope: Scope, siteId: string, query: z.infer<typeof PageReportQuery>, options: Options): Promise<PageReport> {
  const { site, period } = await reportContext(db, scope, siteId, query, options);
  return { ...answerPeriod(period), kind: query.kind, items: await rows(db, pageStatement(site.id, period, query.kind, query.limit)) };
}

export function sourceStatement(siteId: string, period: Period) {
  // A referrer on the site's own host is no source: the session began on a page opened from another of its pages.
  return sql`
    with firsts as (${sessionEnds(siteId, period, 'first event')}),
    sourced as (select visitor_id, case when ${hostOf(sql`referrer`)} = ${hostOf(sql`url`)} then null else ${hostOf(sql`referrer`)} end as host from firsts)
    select host, count(*)::int as sessions, count(distinct visitor_id)::int as visitors
    from sourced group by 1 order by 2 desc, 1 nulls first`;
}

/** 来源 — where sessions came from, by referring host; direct in one row (host null). Every session is in one row. */
export async function reportSources(db: Db, scope: Scope, siteId: string, query: z.infer<typeof ListReportQuery>, options: Options): Promise<SourceReport> {
  const { site, period } = await reportContext(db, scope, siteId, query, options);
  const all = await rows<SourceReport['items'][number]>(db, sourceStatement(site.id, period));
  return { ...answerPeriod(period), sessions: all.reduce((n, s) => n + s.sessions, 0), items: all.slice(0, query.limit) };
}

/** 推广活动 — sessions by the UTM source, medium and campaign of their first event. */
export async function reportCampaigns(db: Db, scope: Scope, siteId: string, query: z.infer<typeof ListReportQuery>, options: Options): Promise<CampaignReport> {
  const { site, period } = await reportContext(db, scope, siteId, query, options);
  const items = await rows<CampaignReport['items'][number]>(db, sql`
    with firsts as (${sessionEnds(site.id, period, 'first event')})
    select utm_source as source, utm_medium as medium, utm_campaign as campaign, count(*)::int as sessions, count(distinct visitor_id)::int as visitors
    from firsts where coalesce(utm_source, utm_medium, utm_campaign) is not null
    group by 1, 2, 3 order by 4 desc, 1 nulls last, 2 nulls last, 3 nulls last limit ${query.limit}`);
  return { ...answerPeriod(period), items };
}

/** 站内搜索 — the queries searched most (a search event, or a page whose address carries the site's search parameter). */
export async function reportSearches(db: Db, scope: Scope, siteId: string, query: z.infer<typeof ListReportQuery>, options: Options): Promise<SearchReport> {
  const { site, period } = await reportContext(db, scope, siteId, query, options);
  const items = await rows<SearchReport['items'][number]>(db, sql`
    select e.query, count(*)::int as searches, count(distinct e.visitor_id)::int as visitors
    from tracking_events e where ${peopleIn(site.id, period)} and e.query is not null
    group by 1 order by 2 desc, 1 limit ${query.limit}`);
  return { ...answerPeriod(period), items };
}
