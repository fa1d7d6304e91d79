import { randomBytes } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import { copyRows, copyTargetOf, type CopyValue } from '../platform/db/copy.ts';
import { readConfig } from '../platform/config.ts';
import { customers } from '../customers/schema.ts';
import { interactions } from '../interactions/schema.ts';
import { trackingSites, trackingVisitors } from '../tracking/schema.ts';
import type { DemoOrganisation } from './organisation.ts';
import { seededRandom, type Random } from './random.ts';
import { shopPath, shopProducts, shopSearches } from './shop-catalogue.ts';
import { forgetRollups } from '../tracking/rollup-build.ts';

/** The demo site's key: public (the shop page carries it), fixed so `/demo/shop` finds its site. */
export const demoSiteKey = 'xiang-demo-shop-2026';
export const demoSiteVisitors = 3_000;
/** Visitors per transaction: one short COPY each, so requests meanwhile wait little, and a stop resumes from the last whole one. */
const visitorsPerChunk = 500;
/** One visitor in this many signed in on the shop: linked to a demo customer of the site's network. */
const identifiedEvery = 20;
const day = 86_400_000;

/**
 * The origins the demo shop is served from: the server's own, as a browser on this machine names
 * it. The shop runs on the same server, so its page's Origin is one of them.
 */
export function ownOrigins(port = readConfig().port) {
  return [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
}

/**
 * 演示站点 — the demo shop's site (Changsha's, so its manager sees it) with thousands of visitors over
 * the last 30 days: where they came from (search, WeChat and Douyin campaigns, SMS, direct), what
 * they looked at, searched for and put in the cart, and one in twenty signed in, so the customer's
 * 360° page has web activity. Written by COPY, a chunk of visitors a transaction, after the
 * customers; resumed from the chunks already in after a stop.
 */
export async function loadDemoSite(db: Db, org: DemoOrganisation,
  { isBusy = () => false, now = Date.now(), visitors = demoSiteVisitors }: { isBusy?: () => boolean; now?: number; visitors?: number } = {}) {
  const network = org.networks.find((n) => n.code === 'CS') ?? org.networks[0];
  const site = await demoSite(db, network.id);
  const people = await db.select({ id: customers.id, name: customers.name }).from(customers)
    .where(inArray(customers.unitId, network.teams.map((t) => t.id))).orderBy(customers.number).limit(Math.ceil(visitors / identifiedEvery));
  for (let start = 0; start < visitors; start += visitorsPerChunk) {
    // A chunk is written whole or not at all: its first visitor tells whether a stopped load got to it.
    const [done] = await db.select({ id: trackingVisitors.visitorId }).from(trackingVisitors)
      .where(and(eq(trackingVisitors.siteId, site.id), eq(trackingVisitors.visitorId, demoVisitorId(start))));
    if (done) continue;
    await new Promise((resolve) => setImmediate(resolve));
    for (let waited = 0; isBusy() && waited < 3_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    const chunk = Array.from({ length: Math.min(visitorsPerChunk, visitors - start) }, (_, k) => demoVisitor(start + k, now, people));
    await db.transaction(async (tx) => {
      const target = copyTargetOf(tx);
      if (!target) throw new Error('The demo site is written by COPY; this store gives no COPY target.');
      await copyRows(target, 'tracking_visitors', ['site_id', 'visitor_id', 'customer_id', 'first_seen_at', 'last_seen_at', 'sessions'],
        chunk.map((v) => [site.id, v.id, v.customer?.id ?? null, v.firstSeenAt.toISOString(), v.lastSeenAt.toISOString(), v.sessions]));
      await copyRows(target, 'tracking_events', eventColumns, chunk.flatMap((v) => v.events.map((e) => eventRow(site.id, v.id, e))));
      const identified = chunk.filter((v) => v.customer);
      if (identified.length) {
        await tx.insert(interactions).values(identified.map((v) => ({
          customerId: v.customer!.id, kind: 'descriptive' as const, channel: 'web', type: 'web.identified', occurredAt: v.identifiedAt!,
          summary: `在站点「${site.name}」识别为本客户，此前浏览 ${v.pageViewsBefore} 个页面`,
          payload: { siteId: site.id, siteName: site.name, visitorId: v.id, pageViews: v.pageViewsBefore },
        })));
      }
    });
  }
  // Written by COPY, past ingest: the site's report rollups are built again from its events at the next report.
  await forgetRollups(db, site.id);
  return site;
}

/** The demo site, made the first time with the server's own origins (and given this start's, see `allowDemoShopHere`). */
export async function demoSite(db: Db, unitId: string) {
  const found = await allowDemoShopHere(db);
  if (found) return found;
  const origins = ownOrigins();
  const [made] = await db.insert(trackingSites).values({
    unitId, name: '演示商城', allowedOrigins: origins, siteKey: demoSiteKey, identitySecret: randomBytes(32).toString('hex'), searchParam: 'q',
  }).returning();
  return made;
}

/**
 * Lets the demo shop send from this start's origins: the server may be started again on another
 * port (or a copy of its data directory elsewhere), and the shop is served from the server itself.
 * Called at every start; returns the demo site, or null where there is none (no demo, or not yet).
 */
export async function allowDemoShopHere(db: Db, port = readConfig().port) {
  const origins = ownOrigins(port);
  const [found] = await db.select().from(trackingSites).where(eq(trackingSites.siteKey, demoSiteKey));
  if (!found) return null;
  const missing = origins.filter((o) => !found.allowedOrigins.includes(o));
  if (!missing.length) return found;
  const allowedOrigins = [...found.allowedOrigins, ...missing];
  await db.update(trackingSites).set({ allowedOrigins }).where(eq(trackingSites.id, found.id));
  return { ...found, allowedOrigins };
}

interface DemoEvent {
  id: string; at: Date; session: number; type: 'pageview' | 'search' | 'click' | 'custom'; url: string; title: string | null;
  referrer: string | null; name: string | null; target: string | null; query: string | null; props: string | null;
  utm: { source: string; medium: string; campaign: string } | null;
}

const eventColumns = ['site_id', 'event_id', 'occurred_at', 'received_at', 'visitor_id', 'session_number', 'type', 'url', 'referrer', 'title',
  'name', 'target', 'query', 'props', 'utm_source', 'utm_medium', 'utm_campaign', 'is_bot'] as const;

const eventRow = (siteId: string, visitorId: string, e: DemoEvent): CopyValue[] => [
  siteId, e.id, e.at.toISOString(), e.at.toISOString(), visitorId, e.session, e.type, e.url, e.referrer, e.title,
  e.name, e.target, e.query, e.props, e.utm?.source ?? null, e.utm?.medium ?? null, e.utm?.campaign ?? null, false,
];

/** The i-th visitor's id, 32 hex digits as the script makes them (the cookie's), the same on every load. */
function demoVisitorId(i: number) {
  const r = seededRandom(55_000 + i);
  return Array.from({ length: 32 }, () => Math.floor(r.next() * 16).toString(16)).join('');
}

/** Where a session came from: a search engine, a campaign (UTM), or nowhere (typed, a bookmark). */
const sources = [
  { weight: 30, referrer: null, utm: null },
  { weight: 25, referrer: 'https://www.baidu.com/', utm: null },
  { weight: 15, referrer: 'https://weixin.qq.com/', utm: { source: 'wechat', medium: 'social', campaign: 'double12_5g' } },
  { weight: 12, referrer: 'https://www.douyin.com/', utm: { source: 'douyin', medium: 'cpc', campaign: 'gigabit_broadband' } },
  { weight: 10, referrer: null, utm: { source: 'sms', medium: 'sms', campaign: 'renewal_december' } },
  { weight: 8, referrer: 'https://www.bing.com/', utm: null },
] as const;

function pickSource(r: Random) {
  let roll = r.int(1, 100);
  for (const source of sources) if ((roll -= source.weight) <= 0) return source;
  return sources[0];
}

/**
 * The i-th demo visitor, the same on every load: 1 to 4 sessions spread over the last 30 days,
 * each of 1 to 8 events a few seconds to minutes apart, numbered as ingest numbers them.
 */
function demoVisitor(i: number, now: number, people: { id: string; name: string }[]) {
  const r = seededRandom(91_000 + i);
  const origin = ownOrigins()[0];
  const page = (path: string) => `${origin}${shopPath}${path}`;
  const sessionCount = r.chance(0.6) ? 1 : r.int(2, 4);
  const starts = Array.from({ length: sessionCount }, () => now - r.int(5 * 60_000, 30 * day)).sort((a, b) => a - b);
  const events: DemoEvent[] = [];
  let n = 0;
  const add = (at: number, session: number, e: Partial<DemoEvent> & Pick<DemoEvent, 'type' | 'url'>) => events.push({
    id: `demo-${i}-${++n}`, at: new Date(at), session, title: null, referrer: null, name: null, target: null, query: null, props: null, utm: null, ...e,
  });
  let sessions = 0;
  let lastAt = -Infinity;
  for (const start of starts) {
    // 30 minutes idle between sessions, as ingest counts them; none in the future.
    let at = Math.max(start, lastAt + 31 * 60_000);
    if (at > now - 60_000) break;
    const s = sessions++;
    const source = pickSource(r);
    const landing = source.utm ? shopProducts[source.utm.source === 'douyin' ? 3 : r.int(0, 2)] : r.chance(0.5) ? null : r.pick(shopProducts);
    const utmQuery = source.utm ? `?utm_source=${source.utm.source}&utm_medium=${source.utm.medium}&utm_campaign=${source.utm.campaign}` : '';
    let previous = landing ? page(`/products/${landing.slug}`) : page('');
    add(at, s + 1, { type: 'pageview', url: `${previous}${utmQuery}`, title: landing ? landing.zh : '演示商城', referrer: source.referrer, utm: source.utm });
    for (let k = r.int(0, 7); k > 0 && at < now - 300_000; k--) {
      at += r.int(5, 240) * 1000;
      const roll = r.next();
      if (roll < 0.25) {
        const q = r.pick(shopSearches);
        const url = page(`/search?q=${encodeURIComponent(q)}`);
        add(at, s + 1, { type: 'pageview', url, title: `搜索：${q}`, referrer: previous, query: q });
        previous = url;
      } else if (roll < 0.45) {
        const product = r.pick(shopProducts);
        add(at, s + 1, { type: 'click', url: previous, name: 'add_to_cart', props: JSON.stringify({ product: product.slug, text: '加入购物车' }) });
      } else {
        const product = r.pick(shopProducts);
        const url = page(`/products/${product.slug}`);
        add(at, s + 1, { type: 'pageview', url, title: product.zh, referrer: previous });
        previous = url;
      }
    }
    lastAt = at;
  }
  const customer = i % identifiedEvery === 0 && people.length ? people[(i / identifiedEvery) % people.length] : null;
  const last = events[events.length - 1];
  return {
    id: demoVisitorId(i),
    customer, sessions, events, firstSeenAt: events[0].at, lastSeenAt: last.at,
    identifiedAt: customer ? last.at : null, pageViewsBefore: events.filter((e) => e.type === 'pageview').length,
  };
}
