import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Visitor, VisitorQuery } from '@xiang/shared';
import { rows, type Db } from '../platform/db/index.ts';
import { invalid } from '../platform/errors.ts';
import { defineMessages } from '../platform/messages.ts';
import { decodeCursor, pageOf } from '../platform/paging.ts';
import { withinScope, type Scope } from '../platform/scope.ts';
import { trackingVisitors } from './schema.ts';
import { getSite } from './sites.ts';

const tell = defineMessages({
  sinceInFuture: { en: 'The visitors list starts at a time in the past; "since" is after now.', zh: '“since”晚于现在：访客列表只能从过去的某个时间开始。' },
});

/** The list shows the last 30 days unless asked otherwise: recent visitors are what staff look for. */
const defaultSinceMs = 30 * 86_400_000;
const visitorKey = ['instant', 'clientId'] as const;

type VisitorRow = {
  visitorId: string; firstSeenAt: Date | string; lastSeenAt: Date | string; sessions: number; isIdentified: boolean;
  customerId: string | null; customerNumber: string | null; customerName: string | null;
  landingPage: string | null; referrer: string | null; utmSource: string | null; pageViews: number;
};

/**
 * 访客列表 — the site's visitors, last seen most recently first. A visitor row is made only for
 * an event that is no crawler's (ingest sessionises people only), so no bot is ever listed. What
 * the events say of a visitor (first page, source, page views) is read for the page's visitors
 * only, each through the visitor index and within the visitor's own first and last seen times,
 * so a site with millions of events costs a page of index lookups, not a scan.
 */
export async function siteVisitors(db: Db, scope: Scope, siteId: string, query: z.infer<typeof VisitorQuery>) {
  const site = await getSite(db, scope, siteId);
  const now = Date.now();
  if (query.since && query.since.getTime() > now) throw invalid('since', tell('sinceInFuture'));
  const since = query.since ?? new Date(now - defaultSinceMs);
  const after = query.cursor ? decodeCursor(query.cursor, visitorKey) : null;
  const found = await rows<VisitorRow>(db, sql`
    with visitors as (
      select v.* from tracking_visitors v
      where v.site_id = ${site.id} and v.last_seen_at >= ${since.toISOString()}::timestamptz
        ${query.returning === undefined ? sql`` : query.returning ? sql`and v.sessions > 1` : sql`and v.sessions <= 1`}
        ${query.identified === undefined ? sql`` : query.identified ? sql`and v.customer_id is not null` : sql`and v.customer_id is null`}
        ${after ? sql`and (v.last_seen_at, v.visitor_id) < (${after[0].toISOString()}::timestamptz, ${after[1]})` : sql``}
      order by v.last_seen_at desc, v.visitor_id desc
      limit ${query.limit + 1})
    select v.visitor_id as "visitorId", v.first_seen_at as "firstSeenAt", v.last_seen_at as "lastSeenAt", v.sessions,
      v.customer_id is not null as "isIdentified",
      c.id as "customerId", c.number as "customerNumber", c.name as "customerName",
      first.url as "landingPage", first.referrer, first.utm_source as "utmSource", coalesce(views.count, 0)::int as "pageViews"
    from visitors v
    -- The site's unit may be wider than the caller's: a customer outside the caller's units stays unnamed.
    left join customers c on c.id = v.customer_id and ${withinScope(scope, sql`c.unit_id`)}
    left join lateral (
      select e.url, e.referrer, e.utm_source from tracking_events e
      where e.site_id = v.site_id and e.visitor_id = v.visitor_id and not e.is_bot
        and e.occurred_at >= v.first_seen_at and e.occurred_at <= v.last_seen_at
      order by e.occurred_at, e.event_id limit 1) first on true
    left join lateral (
      select count(*) as count from tracking_events e
      where e.site_id = v.site_id and e.visitor_id = v.visitor_id and not e.is_bot and e.type = 'pageview'
        and e.occurred_at >= v.first_seen_at and e.occurred_at <= v.last_seen_at) views on true
    order by v.last_seen_at desc, v.visitor_id desc`);
  const page = pageOf(found, query.limit, (last) => [new Date(last.lastSeenAt), last.visitorId]);
  return { items: page.items.map(present), nextCursor: page.nextCursor };
}

function present(v: VisitorRow): Visitor {
  return {
    visitorId: v.visitorId, firstSeenAt: new Date(v.firstSeenAt), lastSeenAt: new Date(v.lastSeenAt),
    sessions: v.sessions, isReturning: v.sessions > 1, isIdentified: v.isIdentified,
    customer: v.customerId ? { id: v.customerId, number: v.customerNumber!, name: v.customerName! } : null,
    landingPage: v.landingPage, referrerHost: hostOf(v.referrer), utmSource: v.utmSource, pageViews: v.pageViews,
  };
}

/** 来源 — the referring site by its host; a referrer that is no URL says nothing. */
function hostOf(referrer: string | null): string | null {
  if (!referrer) return null;
  try {
    return new URL(referrer).host || null;
  } catch {
    return null;
  }
}

/**
 * 客户合并 — the merged customer's identified visitors become the survivor's, so the web activity
 * and what later batches of those browsers bring stay on the one customer the person now is.
 */
export async function moveVisitorsOnMerge(tx: Db, merged: { id: string }, survivor: { id: string }) {
  const moved = await tx.update(trackingVisitors).set({ customerId: survivor.id }).where(eq(trackingVisitors.customerId, merged.id))
    .returning({ siteId: trackingVisitors.siteId, visitorId: trackingVisitors.visitorId });
  return { visitors: moved.map((v) => `${v.siteId}/${v.visitorId}`) };
}
