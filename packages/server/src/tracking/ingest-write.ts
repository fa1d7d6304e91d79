import { sql } from 'drizzle-orm';
import type { TrackedEvent } from '@xiang/shared';
import type { Db } from '../platform/db/index.ts';
import { rows } from '../platform/db/index.ts';
import { recordSystemInteraction } from '../interactions/system.ts';
import type { CollectingSite } from './site-keys.ts';
import { dayCounter, RollupChanges, withDays, type Day, type SessionState } from './rollups.ts';

/** 30 minutes without an event ends a visitor's session (the common web-analytics rule). */
export const sessionIdleMs = 30 * 60_000;

/** A batch checked and ready to write: everything about it that needs no lock is known. */
export interface CheckedBatch {
  site: CollectingSite;
  /** Null before consent or under Do-Not-Track: counted, not identified. */
  visitorId: string | null;
  isBot: boolean;
  mayIdentify: boolean;
  /** Oldest first, times corrected by the server's clock. */
  events: { event: TrackedEvent; occurredAt: Date }[];
  /** Whether the batch carried a signed identity (the answer then says whether it was linked). */
  hasIdentity: boolean;
  /** The customer the signed identity names, found in the site unit's scope. */
  holder: { id: string; name: string } | null;
}

export interface CollectReceiptOf { stored: number; duplicates: number; identified?: boolean }

/** The day counter of each zone (one per process in practice): it remembers offsets. */
const dayCounters = new Map<string, (at: number) => Day>();
/** Each flush adds to one shard of the rollups' rows, in turn, so concurrent flushes seldom wait on the same row. */
const rollupShards = 8;
let flushes = 0;

/** A visitor's session clock for the flush: where its rows stood, and the sessions its events touch. */
interface Clock {
  siteId: string; visitorId: string; first: Date; last: number; sessions: number;
  days: readonly Day[]; seenOn: Set<Day>;
  /** The current session as the row had it (null for a new visitor), and every session this flush adds to. */
  before: (SessionState & { number: number }) | null; touched: (SessionState & { number: number })[];
}

/**
 * Writes the batches of one flush in the transaction `tx`, in four statements whatever their
 * number: the event ids taken (a replayed batch, or one retried after a lost answer, stores
 * nothing twice — nor does the same event sent twice in one flush: the first batch holding it
 * keeps it); the visitors' rows made and locked, in key order so two flushes never wait on each
 * other in a circle; their sessions numbered here, batch after batch, as if the batches had come
 * one by one; then the visitors' session clocks, the events and what they add to the reports'
 * rollups (`rollups.ts`, days counted in `timeZone`) in one statement. A visitor's row
 * is locked until the commit, so a batch of the same visitor in another flush (or process)
 * numbers its sessions after this one's.
 */
export async function writeBatches(tx: Db, batches: CheckedBatch[], timeZone: string): Promise<CollectReceiptOf[]> {
  let dayOf = dayCounters.get(timeZone);
  if (!dayOf) dayCounters.set(timeZone, (dayOf = dayCounter(timeZone)));
  const changes = new RollupChanges(dayOf);
  const keys = batches.flatMap((b) => b.events.map(({ event }) => [b.site.id, event.id] as const));
  const taken = await rows<{ site_id: string; event_id: string }>(tx, sql`
    insert into tracking_event_receipts (site_id, event_id)
    select * from unnest(${arrayOf(keys.map((k) => k[0]))}::uuid[], ${arrayOf(keys.map((k) => k[1]))}::text[]) as k(site_id, event_id)
    order by 1, 2
    on conflict do nothing returning site_id, event_id`);
  const fresh = new Set(taken.map((r) => `${r.site_id}\u0000${r.event_id}`));
  const stored = batches.map((b) => b.events.filter(({ event }) => fresh.delete(`${b.site.id}\u0000${event.id}`)));

  // 会话 — one clock per person seen in the flush (bots and the unidentifiable have none).
  const clocks = new Map<string, Clock>();
  batches.forEach((b, i) => {
    if (!b.visitorId || b.isBot || !stored[i].length) return;
    const key = `${b.site.id}\u0000${b.visitorId}`;
    const first = stored[i][0].occurredAt;
    const clock = clocks.get(key);
    if (!clock) clocks.set(key, { siteId: b.site.id, visitorId: b.visitorId, first, last: 0, sessions: 0, days: [], seenOn: new Set(), before: null, touched: [] });
    else if (first < clock.first) clock.first = first;
  });
  const sessionsOf: (number | null)[][] = batches.map((b, i) => stored[i].map(() => null));
  if (clocks.size) {
    const list = [...clocks.values()].sort((a, b) => (a.siteId + a.visitorId < b.siteId + b.visitorId ? -1 : 1));
    const known = await rows<{ site_id: string; visitor_id: string; last_seen_at: Date | string; sessions: number;
      active_days: number[]; session_started_at: Date | string | null; session_events: number }>(tx, sql`
      insert into tracking_visitors (site_id, visitor_id, first_seen_at, last_seen_at, sessions)
      select site_id, visitor_id, first_seen_at, first_seen_at, 0
      from unnest(${arrayOf(list.map((c) => c.siteId))}::uuid[], ${arrayOf(list.map((c) => c.visitorId))}::text[],
        ${arrayOf(list.map((c) => c.first.toISOString()))}::timestamptz[]) as v(site_id, visitor_id, first_seen_at)
      order by 1, 2
      on conflict (site_id, visitor_id) do update set sessions = tracking_visitors.sessions
      returning site_id, visitor_id, last_seen_at, sessions, active_days, session_started_at, session_events`);
    for (const row of known) {
      const clock = clocks.get(`${row.site_id}\u0000${row.visitor_id}`)!;
      clock.last = new Date(row.last_seen_at).getTime();
      clock.sessions = row.sessions;
      clock.days = row.active_days;
      if (row.sessions > 0) {
        const start = row.session_started_at === null ? clock.last : new Date(row.session_started_at).getTime();
        clock.before = { number: row.sessions, start, last: clock.last, events: row.session_events };
      }
    }
    batches.forEach((b, i) => {
      const clock = b.visitorId && !b.isBot ? clocks.get(`${b.site.id}\u0000${b.visitorId}`) : undefined;
      if (!clock) return;
      // An event older than the visitor's last one (a late retry) joins the current session.
      sessionsOf[i] = stored[i].map(({ occurredAt }) => {
        const t = occurredAt.getTime();
        if (clock.sessions === 0 || t - clock.last > sessionIdleMs) clock.sessions++;
        clock.last = Math.max(clock.last, t);
        let session = clock.touched.at(-1);
        if (session?.number !== clock.sessions) {
          // The row's current session goes on, or a new one begins with this event.
          session = clock.before?.number === clock.sessions ? { ...clock.before } : { number: clock.sessions, start: t, last: t, events: 0 };
          clock.touched.push(session);
        }
        session.events++;
        session.start = Math.min(session.start, t);
        session.last = Math.max(session.last, t);
        clock.seenOn.add(dayOf(t));
        return clock.sessions;
      });
    });
  }

  // 报表汇总 — what the flush adds to the reports: its page views, its sessions as they now stand, its visitors' new days.
  for (const clock of clocks.values()) {
    for (const session of clock.touched) {
      if (session.number === clock.before?.number) changes.session(clock.siteId, clock.before, -1);
      changes.session(clock.siteId, session, 1);
    }
    const days = withDays(clock.days, clock.seenOn);
    if (days !== clock.days) changes.visitorDays(clock.siteId, clock.days, days);
    clock.days = days;
  }
  batches.forEach((b, i) => {
    if (!b.isBot) for (const { event, occurredAt } of stored[i]) if (event.type === 'pageview') changes.pageView(b.site.id, occurredAt.getTime());
  });
  const added = changes.rows();
  const shard = flushes++ % rollupShards;

  const events = batches.flatMap((b, i) => stored[i].map(({ event, occurredAt }, j) => ({ b, event, occurredAt, session: sessionsOf[i][j] })));
  if (events.length || clocks.size) {
    const clockList = [...clocks.values()];
    const current = clockList.map((c) => c.touched.at(-1)!);
    const column = <T extends string | number | boolean | null>(pick: (e: (typeof events)[number]) => T) => arrayOf(events.map(pick));
    const described = events.map((e) => describe(e.event, e.b.mayIdentify, e.b.site.searchParam));
    const field = (name: keyof ReturnType<typeof describe>) => arrayOf(described.map((d) => d[name] as string | null));
    await tx.execute(sql`
      with clocks as (
        update tracking_visitors v set sessions = c.sessions, last_seen_at = c.last_seen_at, first_seen_at = least(v.first_seen_at, c.first_seen_at),
          active_days = c.active_days::int[], session_started_at = c.session_started_at, session_events = c.session_events
        from unnest(${arrayOf(clockList.map((c) => c.siteId))}::uuid[], ${arrayOf(clockList.map((c) => c.visitorId))}::text[],
          ${arrayOf(clockList.map((c) => c.sessions))}::int[], ${arrayOf(clockList.map((c) => new Date(c.last).toISOString()))}::timestamptz[],
          ${arrayOf(clockList.map((c) => c.first.toISOString()))}::timestamptz[], ${arrayOf(clockList.map((c) => `{${c.days.join(',')}}`))}::text[],
          ${arrayOf(current.map((s) => new Date(s.start).toISOString()))}::timestamptz[], ${arrayOf(current.map((s) => s.events))}::int[])
          as c(site_id, visitor_id, sessions, last_seen_at, first_seen_at, active_days, session_started_at, session_events)
        -- A data-modifying CTE runs whether or not it is read: the clocks, the rollups and the events go in one round trip.
        where v.site_id = c.site_id and v.visitor_id = c.visitor_id),
      days as (
        insert into tracking_daily (site_id, day, shard, page_views, sessions, bounces, session_ms)
        select site_id, day, ${shard}, page_views, sessions, bounces, session_ms
        from unnest(${arrayOf(added.days.map((d) => d.siteId))}::uuid[], ${arrayOf(added.days.map((d) => d.day))}::date[],
          ${arrayOf(added.days.map((d) => d.pageViews))}::int[], ${arrayOf(added.days.map((d) => d.sessions))}::int[],
          ${arrayOf(added.days.map((d) => d.bounces))}::int[], ${arrayOf(added.days.map((d) => d.sessionMs))}::bigint[])
          as d(site_id, day, page_views, sessions, bounces, session_ms)
        order by 1, 2
        on conflict (site_id, day, shard) do update set page_views = tracking_daily.page_views + excluded.page_views,
          sessions = tracking_daily.sessions + excluded.sessions, bounces = tracking_daily.bounces + excluded.bounces,
          session_ms = tracking_daily.session_ms + excluded.session_ms),
      visitors as (
        insert into tracking_daily_visitors (site_id, day, gap, shard, visitors)
        select site_id, day, gap, ${shard}, visitors
        from unnest(${arrayOf(added.visitors.map((d) => d.siteId))}::uuid[], ${arrayOf(added.visitors.map((d) => d.day))}::date[],
          ${arrayOf(added.visitors.map((d) => d.gap))}::smallint[], ${arrayOf(added.visitors.map((d) => d.visitors))}::int[]) as d(site_id, day, gap, visitors)
        order by 1, 2, 3
        on conflict (site_id, day, gap, shard) do update set visitors = tracking_daily_visitors.visitors + excluded.visitors),
      retention as (
        insert into tracking_retention (site_id, by, cohort, bucket, first_day, shard, visitors)
        select site_id, by, cohort, bucket, first_day, ${shard}, visitors
        from unnest(${arrayOf(added.retention.map((d) => d.siteId))}::uuid[], ${arrayOf(added.retention.map((d) => d.by))}::text[],
          ${arrayOf(added.retention.map((d) => d.cohort))}::date[], ${arrayOf(added.retention.map((d) => d.bucket))}::date[],
          ${arrayOf(added.retention.map((d) => d.firstDay))}::date[], ${arrayOf(added.retention.map((d) => d.visitors))}::int[])
          as d(site_id, by, cohort, bucket, first_day, visitors)
        order by 1, 2, 3, 4, 5
        on conflict (site_id, by, cohort, bucket, first_day, shard) do update set visitors = tracking_retention.visitors + excluded.visitors)
      insert into tracking_events (site_id, event_id, occurred_at, visitor_id, session_number, is_bot, type, url, referrer, title, name, target,
        query, props, utm_source, utm_medium, utm_campaign, utm_term, utm_content)
      select site_id, event_id, occurred_at, visitor_id, session_number, is_bot, type, url, referrer, title, name, target,
        query, props::jsonb, utm_source, utm_medium, utm_campaign, utm_term, utm_content
      from unnest(${column((e) => e.b.site.id)}::uuid[], ${column((e) => e.event.id)}::text[], ${column((e) => e.occurredAt.toISOString())}::timestamptz[],
        ${column((e) => e.b.visitorId)}::text[], ${column((e) => e.session)}::int[], ${column((e) => e.b.isBot)}::boolean[],
        ${field('type')}::text[], ${field('url')}::text[], ${field('referrer')}::text[], ${field('title')}::text[], ${field('name')}::text[],
        ${field('target')}::text[], ${field('query')}::text[], ${field('props')}::text[], ${field('utmSource')}::text[], ${field('utmMedium')}::text[],
        ${field('utmCampaign')}::text[], ${field('utmTerm')}::text[], ${field('utmContent')}::text[])
        as e(site_id, event_id, occurred_at, visitor_id, session_number, is_bot, type, url, referrer, title, name, target,
          query, props, utm_source, utm_medium, utm_campaign, utm_term, utm_content)`);
  }

  const receipts: CollectReceiptOf[] = [];
  for (const [i, b] of batches.entries()) {
    const receipt = { stored: stored[i].length, duplicates: b.events.length - stored[i].length };
    if (!b.hasIdentity) receipts.push(receipt);
    else receipts.push({ ...receipt, identified: Boolean(b.holder && b.visitorId && !b.isBot && await linkVisitor(tx, b.site, b.visitorId, b.holder)) });
  }
  return receipts;
}

/**
 * A PostgreSQL array literal of the values, sent as one text parameter and cast in the statement:
 * a flush is a few parameters whatever its size, the same on both stores' drivers.
 */
function arrayOf(values: readonly (string | number | boolean | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : `"${String(v).replace(/[\\"]/g, (c) => `\\${c}`)}"`)).join(',')}}`;
}

/** The event's own fields as stored; a custom event's properties only with consent (they may name the person). */
function describe(event: TrackedEvent, mayIdentify: boolean, searchParam: string) {
  return {
    type: event.type, url: event.url, referrer: event.referrer ?? null, title: event.title ?? null, name: event.name ?? null,
    target: event.target ?? null, query: event.query ?? (event.type === 'pageview' ? searchOf(event.url, searchParam) : null),
    props: mayIdentify && event.props ? JSON.stringify(event.props) : null,
    utmSource: event.utm?.source ?? null, utmMedium: event.utm?.medium ?? null, utmCampaign: event.utm?.campaign ?? null,
    utmTerm: event.utm?.term ?? null, utmContent: event.utm?.content ?? null,
  };
}

/** 站内搜索 — what the visitor searched for, when the page's address carries the site's search parameter. */
function searchOf(url: string, searchParam: string): string | null {
  try {
    return new URL(url).searchParams.get(searchParam)?.trim().slice(0, 500) || null;
  } catch {
    return null;
  }
}

/**
 * 关联客户 — the visitor becomes the customer's. The first time (or when the browser now signs in
 * as someone else) one entry goes on the customer's timeline, with the history the visitor brings:
 * its page views are read through the visitor, not copied, so one entry stands for all of them.
 * Returns whether the visitor is linked (false when it has no row: nothing of it was ever kept).
 */
export async function linkVisitor(tx: Db, site: Pick<CollectingSite, 'id' | 'name'>, visitorId: string, customer: { id: string; name: string }): Promise<boolean> {
  const [visitor] = await rows<{ customer_id: string | null }>(tx, sql`select customer_id from tracking_visitors
    where site_id = ${site.id} and visitor_id = ${visitorId} for update`);
  if (!visitor) return false;
  if (visitor.customer_id === customer.id) return true;
  await tx.execute(sql`update tracking_visitors set customer_id = ${customer.id} where site_id = ${site.id} and visitor_id = ${visitorId}`);
  const [{ pageViews }] = await rows<{ pageViews: number }>(tx, sql`select count(*)::int as "pageViews" from tracking_events
    where site_id = ${site.id} and visitor_id = ${visitorId} and type = 'pageview'`);
  // The customer was found through the site unit's scope in this request; the entry is the system's.
  await recordSystemInteraction(tx, {
    customerId: customer.id, kind: 'descriptive', channel: 'web', type: 'web.identified',
    summary: `在站点「${site.name}」识别为本客户，此前浏览 ${pageViews} 个页面`,
    payload: { siteId: site.id, siteName: site.name, visitorId, pageViews },
  });
  return true;
}
