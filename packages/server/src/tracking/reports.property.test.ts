import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { trackingEvents } from './schema.ts';
import { forgetRollups } from './rollup-build.ts';

const paths = ['/', '/plans', '/plans/5g', '/cart', '/checkout'];
const names = ['add_to_cart', 'pay'];
const periodStart = Date.parse('2026-11-02T00:00:00+08:00');
const minute = 60_000;
/** The end of the period the reports are asked for (2026-11-02 to 04, Shanghai time), exclusive. */
const periodEnd = periodStart + 3 * 24 * 60 * minute;

/** A visitor's sessions as the ingest numbers them: each a run of events minutes apart. */
const eventArb = fc.record({
  page: fc.constantFrom(...paths),
  isCustom: fc.boolean(),
  name: fc.constantFrom(...names),
  gapMinutes: fc.integer({ min: 0, max: 20 }),
  referrer: fc.constantFrom(undefined, 'https://www.baidu.com/', 'https://weibo.com/x', 'https://shop.example.cn/'),
});
const sessionArb = fc.record({ startMinutes: fc.integer({ min: -12 * 60, max: 4 * 24 * 60 }), events: fc.array(eventArb, { minLength: 1, maxLength: 6 }) });
const visitorsArb = fc.array(fc.array(sessionArb, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 5 });
const stepArb = fc.oneof(
  fc.constantFrom(...paths, '/plans/*', '/*').map((pattern) => ({ kind: 'page' as const, pattern })),
  fc.constantFrom(...names).map((name) => ({ kind: 'event' as const, name })),
);

let t: TestApp;
let manager: Client;
let siteId: string;
let run = 0;

type Visitors = typeof visitorsArb extends fc.Arbitrary<infer T> ? T : never;

/** Events straight into the table, numbered by session as ingest would (the sessions' order is their number). */
function eventsOf(visitors: Visitors, isBot: boolean) {
  const prefix = `${isBot ? 'bot' : 'p'}${++run}`;
  return visitors.flatMap((sessions, v) => [...sessions].sort((a, b) => a.startMinutes - b.startMinutes).flatMap((session, s) => {
    let at = periodStart + session.startMinutes * minute + s * 24 * 60 * minute;
    return session.events.map((e, i) => {
      at += e.gapMinutes * minute;
      return {
        siteId, eventId: `${prefix}-${v}-${s}-${i}`, occurredAt: new Date(at), visitorId: `${prefix}-visitor-${v}`, sessionNumber: s + 1,
        type: e.isCustom ? 'custom' as const : 'pageview' as const, url: `https://shop.example.cn${e.page}`, name: e.isCustom ? e.name : null,
        referrer: e.referrer ?? null, isBot,
      };
    });
  }));
}

async function replaceEvents(...batches: ReturnType<typeof eventsOf>[]) {
  await t.database.db.execute(sql`delete from tracking_events where site_id = ${siteId}`);
  const all = batches.flat();
  if (all.length) await t.database.db.insert(trackingEvents).values(all);
  // Written past ingest: the reports build their rollups again from these events.
  await forgetRollups(t.database.db, siteId);
}

const period = 'from=2026-11-02&to=2026-11-04';
const get = async (path: string) => (await manager({ method: 'GET', url: `/api/v1/tracking/sites/${siteId}/reports/${path}` })).json();
const funnel = async (steps: object[], within: 'session' | 'days') =>
  (await manager({ method: 'POST', url: `/api/v1/tracking/sites/${siteId}/reports/funnel`, payload: { from: '2026-11-02', to: '2026-11-04', steps, within, days: 2 } })).json();

beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  manager = await t.as('cs.manager');
  siteId = (await manager({ method: 'POST', url: '/api/v1/tracking/sites', payload: { name: '性质测试站点', allowedOrigins: ['https://shop.example.cn'] } })).json().id;
});
afterAll(async () => t?.close());

describe('site reports, for any events', () => {
  it('counts the sessions begun in the period, the visitors and page views in it, and every session under exactly one source and at most one entry page', async () => {
    await fc.assert(fc.asyncProperty(visitorsArb, async (visitors) => {
      const mine = eventsOf(visitors, false);
      await replaceEvents(mine);
      const overview = await get(`overview?${period}`);
      const sources = await get(`sources?${period}&limit=100`);
      const entries = await get(`pages?${period}&kind=entry&limit=100`);
      // Counted from the generated visits themselves: a session counts, whole, in the period it
      // began in; a visitor counts with any event in it; a page view is one page view.
      const inPeriod = (e: { occurredAt: Date }) => e.occurredAt.getTime() >= periodStart && e.occurredAt.getTime() < periodEnd;
      const events = mine.filter(inPeriod);
      const began = new Set(mine.filter((e) => !mine.some((o) => o.visitorId === e.visitorId && o.sessionNumber === e.sessionNumber && o.occurredAt < e.occurredAt))
        .filter(inPeriod).map((e) => `${e.visitorId}/${e.sessionNumber}`));
      expect(overview.sessions).toBe(began.size);
      expect(overview.visitors).toBe(new Set(events.map((e) => e.visitorId)).size);
      expect(overview.pageViews).toBe(events.filter((e) => e.type === 'pageview').length);
      expect(sources.items.reduce((n: number, s: { sessions: number }) => n + s.sessions, 0)).toBe(overview.sessions);
      expect(sources.sessions).toBe(overview.sessions);
      expect(entries.items.reduce((n: number, p: { sessions: number }) => n + p.sessions, 0)).toBeLessThanOrEqual(overview.sessions);
      expect(overview.series.reduce((n: number, b: { pageViews: number }) => n + b.pageViews, 0)).toBe(overview.pageViews);
    }), { numRuns: 25 });
  });

  it('never lets a funnel grow from one step to the next, within a session or within days, from the same first step', async () => {
    await fc.assert(fc.asyncProperty(visitorsArb, fc.array(stepArb, { minLength: 2, maxLength: 4 }), fc.constantFrom('session' as const, 'days' as const), async (visitors, steps, within) => {
      await replaceEvents(eventsOf(visitors, false));
      const answer = await funnel(steps, within);
      const counts = answer.steps.map((s: { visitors: number }) => s.visitors);
      counts.slice(1).forEach((n: number, i: number) => expect(n).toBeLessThanOrEqual(counts[i]));
      answer.steps.slice(1).forEach((s: { dropOff: number }, i: number) => expect(s.dropOff).toBe(counts[i] - counts[i + 1]));
      // Step 1 is any visit of its page or event in the period, however the later steps are bounded.
      const other = await funnel(steps, within === 'session' ? 'days' : 'session');
      expect(other.steps[0].visitors).toBe(counts[0]);
    }), { numRuns: 25 });
  });

  it('changes nothing for a crawler\'s events, whatever they are', async () => {
    await fc.assert(fc.asyncProperty(visitorsArb, visitorsArb, fc.array(stepArb, { minLength: 2, maxLength: 3 }), async (people, bots, steps) => {
      const mine = eventsOf(people, false);
      const answers = async () => [await get(`overview?${period}`), await get(`sources?${period}`), await get(`pages?${period}&kind=exit`),
        await get(`retention?${period}&by=day`), await get(`paths?${period}`), await funnel(steps, 'session')];
      await replaceEvents(mine);
      const without = await answers();
      await replaceEvents(mine, eventsOf(bots, true));
      expect(await answers()).toEqual(without);
    }), { numRuns: 15 });
  });
});
