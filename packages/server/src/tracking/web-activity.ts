import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { WebActivityQuery, WebSession } from '@xiang/shared';
import { rows, type Db } from '../platform/db/index.ts';
import { decodeCursor, pageOf } from '../platform/paging.ts';
import type { Scope } from '../platform/scope.ts';
import { getCustomer } from '../customers/service.ts';

type SessionRow = Omit<WebSession, 'events' | 'utm' | 'startedAt' | 'endedAt'> & {
  startedAt: Date | string; endedAt: Date | string;
  utmSource: string | null; utmMedium: string | null; utmCampaign: string | null; utmTerm: string | null; utmContent: string | null;
};
type EventRow = Omit<WebSession['events'][number], 'occurredAt'> & { occurredAt: Date | string; siteId: string; visitorId: string; sessionNumber: number };

/** A session shows at most this many events: a long one is still one row on the 360° page. */
const eventsPerSession = 200;
const sessionKey = ['instant', 'uuid', 'clientId', 'serial'] as const;

/**
 * 网上行为 — the sessions of the customer's linked visitors, newest first, each with what its
 * first event says (landing page, referrer, UTM) and its events. Sessions are not stored: they are
 * the events grouped by (site, visitor, session number), which the visitor index reads in order.
 * Crawlers are never linked, so no bot's event is among them.
 */
export async function customerWebActivity(db: Db, scope: Scope, customerId: string, query: z.infer<typeof WebActivityQuery>) {
  const customer = await getCustomer(db, scope, customerId, 'tracking.read');
  const after = query.cursor ? decodeCursor(query.cursor, sessionKey) : null;
  const sessions = await rows<SessionRow>(db, sql`
    with sessions as (
      select e.site_id, e.visitor_id, e.session_number, min(e.occurred_at) as started_at, max(e.occurred_at) as ended_at,
        (count(*) filter (where e.type = 'pageview'))::int as page_views,
        (array_agg(e.url order by e.occurred_at, e.event_id))[1] as landing_page,
        (array_agg(e.referrer order by e.occurred_at, e.event_id))[1] as referrer,
        (array_agg(e.utm_source order by e.occurred_at, e.event_id))[1] as utm_source,
        (array_agg(e.utm_medium order by e.occurred_at, e.event_id))[1] as utm_medium,
        (array_agg(e.utm_campaign order by e.occurred_at, e.event_id))[1] as utm_campaign,
        (array_agg(e.utm_term order by e.occurred_at, e.event_id))[1] as utm_term,
        (array_agg(e.utm_content order by e.occurred_at, e.event_id))[1] as utm_content
      from tracking_visitors v
      join tracking_events e on e.site_id = v.site_id and e.visitor_id = v.visitor_id and e.session_number is not null
      where v.customer_id = ${customer.id}
      group by e.site_id, e.visitor_id, e.session_number)
    select s.site_id as "siteId", site.name as "siteName", s.visitor_id as "visitorId", s.session_number as "sessionNumber",
      s.started_at as "startedAt", s.ended_at as "endedAt", s.page_views as "pageViews", s.landing_page as "landingPage", s.referrer,
      s.utm_source as "utmSource", s.utm_medium as "utmMedium", s.utm_campaign as "utmCampaign", s.utm_term as "utmTerm", s.utm_content as "utmContent"
    from sessions s join tracking_sites site on site.id = s.site_id
    ${after ? sql`where (s.started_at, s.site_id, s.visitor_id, s.session_number) < (${after[0].toISOString()}::timestamptz, ${after[1]}::uuid, ${after[2]}, ${after[3]})` : sql``}
    order by s.started_at desc, s.site_id desc, s.visitor_id desc, s.session_number desc
    limit ${query.limit + 1}`);
  const page = pageOf(sessions, query.limit, (last) => [new Date(last.startedAt), last.siteId, last.visitorId, last.sessionNumber]);
  const events = page.items.length ? await rows<EventRow>(db, sql`
    select site_id as "siteId", visitor_id as "visitorId", session_number as "sessionNumber", type, occurred_at as "occurredAt",
      url, title, name, target, query, props
    from (select e.*, row_number() over (partition by e.site_id, e.visitor_id, e.session_number order by e.occurred_at, e.event_id) as place
      from tracking_events e
      where (e.site_id, e.visitor_id, e.session_number) in (${sql.join(page.items.map((s) => sql`(${s.siteId}::uuid, ${s.visitorId}, ${s.sessionNumber})`), sql`, `)})) e
    where place <= ${eventsPerSession}
    order by occurred_at, event_id`) : [];
  const ofSession = (s: SessionRow) => events.filter((e) => e.siteId === s.siteId && e.visitorId === s.visitorId && e.sessionNumber === s.sessionNumber);
  return {
    items: page.items.map((s) => ({
      siteId: s.siteId, siteName: s.siteName, visitorId: s.visitorId, sessionNumber: s.sessionNumber,
      startedAt: new Date(s.startedAt), endedAt: new Date(s.endedAt), pageViews: s.pageViews, landingPage: s.landingPage, referrer: s.referrer,
      utm: { source: s.utmSource, medium: s.utmMedium, campaign: s.utmCampaign, term: s.utmTerm, content: s.utmContent },
      events: ofSession(s).map(({ siteId: _s, visitorId: _v, sessionNumber: _n, occurredAt, ...event }) => ({ ...event, occurredAt: new Date(occurredAt) })),
    })),
    nextCursor: page.nextCursor,
  };
}
