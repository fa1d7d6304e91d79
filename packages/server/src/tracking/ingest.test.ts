import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { rows } from '../platform/db/index.ts';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { expectRefused, type Refusal } from '../test/refusals.ts';
import { collectRates, forgetRates } from './rate.ts';
import { makePartitionsAhead, partitionOf } from './partitions.ts';

let t: TestApp;
let manager: Client;
let shop: { id: string; siteKey: string };
let askingSite: { id: string; siteKey: string };
let switchedOff: { id: string; siteKey: string };
const origin = 'https://shop.example.cn';
const browser = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36';
const crawler = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  manager = await t.as('cs.manager');
  const site = async (payload: object) => (await manager({ method: 'POST', url: '/api/v1/tracking/sites', payload })).json();
  shop = await site({ name: '网上营业厅', allowedOrigins: [origin, 'https://m.shop.example.cn'] });
  askingSite = await site({ name: '门户（需同意）', allowedOrigins: [origin], consentMode: 'required', searchParam: 'kw' });
  switchedOff = await site({ name: '旧商城', allowedOrigins: [origin] });
  await manager({ method: 'PATCH', url: `/api/v1/tracking/sites/${switchedOff.id}`, payload: { isActive: false } });
});
afterAll(() => t.close());
beforeEach(() => forgetRates());

let nextId = 0;
const eventId = () => `ev${String(++nextId).padStart(10, '0')}${Math.random().toString(36).slice(2, 8)}`;
const pageView = (at: number, url = 'https://shop.example.cn/plans') => ({ id: eventId(), type: 'pageview', at, url });
const batchOf = (events: object[], more: object = {}) => ({ site: shop.siteKey, visitorId: 'visitor-0001', sentAt: Date.now(), events, ...more });

const post = (payload: unknown, { from = origin, agent = browser, contentType = 'text/plain' }: { from?: string | null; agent?: string; contentType?: string } = {}): InjectOptions => ({
  method: 'POST', url: '/api/v1/collect',
  payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  headers: { 'content-type': contentType, 'user-agent': agent, ...(from ? { origin: from } : {}) },
});
const send = (payload: unknown, options?: Parameters<typeof post>[1]) => t.app.inject(post(payload, options));
const anyone: Client = (options) => t.app.inject(options);

const storedOf = (siteId: string) => rows<{ event_id: string; visitor_id: string | null; session_number: number | null; is_bot: boolean; occurred_at: Date | string; props: unknown; query: string | null }>(
  t.database.db, sql`select event_id, visitor_id, session_number, is_bot, occurred_at, props, query from tracking_events where site_id = ${siteId} order by occurred_at, event_id`);

describe('a batch that is refused, clearly and with nothing stored', () => {
  const now = Date.now();
  const table: (Omit<Refusal, 'request'> & { request: () => InjectOptions })[] = [
    { name: 'a key no site has', request: () => post(batchOf([pageView(now)], { site: 'no-such-key-000000000000' })), status: 404, field: 'site' },
    { name: 'a switched-off site', request: () => post(batchOf([pageView(now)], { site: switchedOff.siteKey })), status: 403, field: 'site' },
    { name: 'a page of another origin', request: () => post(batchOf([pageView(now)]), { from: 'https://evil.example.com' }), status: 403, field: 'origin' },
    { name: 'an origin that only starts like an allowed one', request: () => post(batchOf([pageView(now)]), { from: 'https://shop.example.cn.evil.com' }), status: 403, field: 'origin' },
    { name: 'no Origin at all', request: () => post(batchOf([pageView(now)]), { from: null }), status: 403, field: 'origin' },
    { name: '51 events in one batch', request: () => post(batchOf(Array.from({ length: 51 }, () => pageView(now)))), status: 400, field: 'events' },
    { name: 'no events', request: () => post(batchOf([])), status: 400, field: 'events' },
    { name: 'malformed JSON', request: () => post('{"site": "x", "events": [', {}), status: 400, field: 'body' },
    { name: 'malformed JSON sent as application/json', request: () => post('{"site": ', { contentType: 'application/json' }), status: 400, field: 'body' },
    { name: 'a body over 64 KB', request: () => post(batchOf([{ ...pageView(now), title: 'x'.repeat(70_000) }])), status: 413, field: 'body' },
    { name: 'a URL over 2,048 characters', request: () => post(batchOf([pageView(now, `https://shop.example.cn/${'p'.repeat(2100)}`)])), status: 400, field: 'events.0.url' },
    { name: 'a title over 500 characters', request: () => post(batchOf([{ ...pageView(now), title: '标'.repeat(501) }])), status: 400, field: 'events.0.title' },
    { name: 'more than 20 properties', request: () => post(batchOf([{ ...pageView(now), type: 'custom', name: 'x', props: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`p${i}`, i])) }])), status: 400, field: 'events.0.props' },
    { name: 'a property that is an object', request: () => post(batchOf([{ ...pageView(now), type: 'custom', props: { nested: { a: 1 } } }])), status: 400, field: 'events.0.props.nested' },
    { name: 'an event id of 3 characters', request: () => post(batchOf([{ ...pageView(now), id: 'abc' }])), status: 400, field: 'events.0.id' },
    { name: 'an unknown kind of event', request: () => post(batchOf([{ ...pageView(now), type: 'purchase' }])), status: 400, field: 'events.0.type' },
    { name: 'a field the script never sends', request: () => post(batchOf([{ ...pageView(now), customerId: 'c1' }])), status: 400, field: 'events.0.customerId' },
    { name: 'a visitor id with spaces', request: () => post(batchOf([pageView(now)], { visitorId: 'a visitor id' })), status: 400, field: 'visitorId' },
    { name: 'an event a day after the batch was sent', request: () => post(batchOf([pageView(now), pageView(now + 86_400_000)])), status: 400, field: 'events.1.at' },
    { name: 'a time as text', request: () => post(batchOf([{ ...pageView(now), at: '2026-12-01T10:00:00Z' }])), status: 400, field: 'events.0.at' },
  ];
  for (const row of table) {
    it(`refuses ${row.name} (${row.status}, in both languages)`, () => expectRefused(t, anyone, { ...row, request: row.request() }));
  }
});

describe('collecting', () => {
  it('stores a batch once: a replayed batch, or a retry with a later send time, stores nothing twice', async () => {
    const now = Date.now();
    const events = [pageView(now - 3000), { ...pageView(now - 2000), type: 'click', target: 'https://shop.example.cn/5g' }, { id: eventId(), type: 'custom', at: now - 1000, url: 'https://shop.example.cn/5g', name: 'coupon_claimed', props: { coupon: 'NEWYEAR' } }];
    const first = await send(batchOf(events, { visitorId: 'visitor-dedupe' }));
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ stored: 3, duplicates: 0 });
    expect(first.headers['access-control-allow-origin']).toBe(origin);
    expect((await send(batchOf(events, { visitorId: 'visitor-dedupe' }))).json()).toEqual({ stored: 0, duplicates: 3 });
    // The browser's clock is an hour fast on the retry: the times shift, the ids do not.
    const retried = await send(batchOf([...events, pageView(now)], { visitorId: 'visitor-dedupe', sentAt: now + 3_600_000 }));
    expect(retried.json()).toEqual({ stored: 1, duplicates: 3 });
    const [{ n }] = await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from tracking_events where visitor_id = 'visitor-dedupe'`);
    expect(n).toBe(4);
  });

  it('takes application/json as well as the text/plain the script sends', async () => {
    const res = await send(batchOf([pageView(Date.now())], { visitorId: 'visitor-json' }), { contentType: 'application/json' });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('stores a crawler\'s events flagged as bot, and does not count it as a visitor', async () => {
    await send(batchOf([pageView(Date.now())], { visitorId: 'visitor-googlebot' }), { agent: crawler });
    const [event] = (await storedOf(shop.id)).filter((e) => e.visitor_id === 'visitor-googlebot');
    expect(event).toMatchObject({ is_bot: true, session_number: null });
    expect(await rows(t.database.db, sql`select * from tracking_visitors where visitor_id = 'visitor-googlebot'`)).toEqual([]);
  });

  it('starts a new session after 30 minutes without an event, also across batches', async () => {
    const start = Date.now() - 5 * 3_600_000;
    const minutes = (m: number) => start + m * 60_000;
    const visitorId = 'visitor-sessions';
    await send(batchOf([pageView(minutes(0)), pageView(minutes(10)), pageView(minutes(39)), pageView(minutes(70))], { visitorId }));
    await send(batchOf([pageView(minutes(95)), pageView(minutes(140))], { visitorId }));
    const numbers = (await storedOf(shop.id)).filter((e) => e.visitor_id === visitorId).map((e) => e.session_number);
    // 0, 10, 39 (29 idle): one session; 70 (31 idle): the second; 95 (25): still; 140 (45): the third.
    expect(numbers).toEqual([1, 1, 1, 2, 2, 3]);
    const [visitor] = await rows<{ sessions: number; first_seen_at: string | Date; last_seen_at: string | Date }>(t.database.db,
      sql`select sessions, first_seen_at, last_seen_at from tracking_visitors where visitor_id = ${visitorId}`);
    expect(visitor.sessions).toBe(3);
    expect(new Date(visitor.first_seen_at).getTime()).toBe(minutes(0));
    expect(new Date(visitor.last_seen_at).getTime()).toBe(minutes(140));
  });

  it('corrects a skewed browser clock against the server\'s, and never stores a time in the future', async () => {
    const now = Date.now();
    const hour = 3_600_000;
    // Two hours fast: the events are stamped "in the future" by our clock, a second before sending.
    await send(batchOf([{ ...pageView(now + 2 * hour - 1000), url: 'https://shop.example.cn/fast' }], { visitorId: 'visitor-fast', sentAt: now + 2 * hour }));
    // Three hours slow.
    await send(batchOf([{ ...pageView(now - 3 * hour - 1000), url: 'https://shop.example.cn/slow' }], { visitorId: 'visitor-slow', sentAt: now - 3 * hour }));
    const stored = await rows<{ visitor_id: string; occurred_at: string | Date }>(t.database.db,
      sql`select visitor_id, occurred_at from tracking_events where visitor_id in ('visitor-fast', 'visitor-slow')`);
    const after = Date.now();
    expect(stored).toHaveLength(2);
    for (const e of stored) {
      const at = new Date(e.occurred_at).getTime();
      expect(at).toBeLessThanOrEqual(after);
      expect(Math.abs(at - (now - 1000))).toBeLessThan(3000);
    }
    // A small difference is the network's delay, not a wrong clock: left as the browser said.
    const close = now - 60_000;
    await send(batchOf([{ ...pageView(close), url: 'https://shop.example.cn/close' }], { visitorId: 'visitor-close', sentAt: now - 2000 }));
    const [kept] = await rows<{ occurred_at: string | Date }>(t.database.db, sql`select occurred_at from tracking_events where visitor_id = 'visitor-close'`);
    expect(new Date(kept.occurred_at).getTime()).toBe(close);
  });

  it('keeps nothing identifying from a consent-required site before consent, and counts the page view', async () => {
    const now = Date.now();
    const before = await send({ site: askingSite.siteKey, visitorId: 'visitor-asked', sentAt: now, events: [
      pageView(now - 1000, 'https://shop.example.cn/search?kw=5G%E5%A5%97%E9%A4%90'),
      { id: eventId(), type: 'custom', at: now, url: 'https://shop.example.cn/', name: 'newsletter', props: { email: 'li@example.cn' } }] });
    expect(before.statusCode, before.body).toBe(200);
    expect(before.headers['set-cookie']).toBeUndefined();
    const anonymous = await storedOf(askingSite.id);
    expect(anonymous).toHaveLength(2);
    expect(anonymous.map((e) => [e.visitor_id, e.session_number, e.props])).toEqual([[null, null, null], [null, null, null]]);
    // The site's search parameter (kw here) is read from the page's address.
    expect(anonymous[0].query).toBe('5G套餐');
    expect(await rows(t.database.db, sql`select * from tracking_visitors where site_id = ${askingSite.id}`)).toEqual([]);

    await send({ site: askingSite.siteKey, visitorId: 'visitor-asked', consent: true, sentAt: now, events: [pageView(now)] });
    const identified = (await storedOf(askingSite.id)).filter((e) => e.visitor_id);
    expect(identified.map((e) => [e.visitor_id, e.session_number])).toEqual([['visitor-asked', 1]]);
  });

  it('slows down a flood from one address with 429 and Retry-After, and stores what it let through', async () => {
    const saved = { ...collectRates };
    collectRates.batchesPerMinutePerAddress = 3;
    try {
      const answers = [];
      for (let i = 0; i < 5; i++) answers.push(await send(batchOf([pageView(Date.now())], { visitorId: 'visitor-flood' })));
      expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 429, 429]);
      expect(Number(answers[3].headers['retry-after'])).toBeGreaterThan(0);
      expect(answers[3].headers['content-type']).toContain('application/problem+json');
      const [{ n }] = await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from tracking_events where visitor_id = 'visitor-flood'`);
      expect(n).toBe(3);
    } finally {
      Object.assign(collectRates, saved);
    }
  });

  it('files each event in its month\'s partition, and one outside every partition in the default one', async () => {
    const now = Date.now();
    const old = Date.UTC(2020, 0, 15);
    await send(batchOf([pageView(now, 'https://shop.example.cn/now'), pageView(old, 'https://shop.example.cn/2020')], { visitorId: 'visitor-partitions' }));
    const placed = await rows<{ url: string; partition: string }>(t.database.db,
      sql`select url, tableoid::regclass::text as partition from tracking_events where visitor_id = 'visitor-partitions' order by occurred_at`);
    expect(placed).toEqual([
      { url: 'https://shop.example.cn/2020', partition: 'tracking_events_default' },
      { url: 'https://shop.example.cn/now', partition: partitionOf(new Date(now)) },
    ]);
  });

  it('makes the coming months\' partitions ahead, once', async () => {
    const inAYear = new Date(Date.now() + 365 * 86_400_000);
    const first = await makePartitionsAhead(t.database.db, inAYear, 2);
    expect(first.made).toHaveLength(3);
    expect((await makePartitionsAhead(t.database.db, inAYear, 2)).made).toEqual([]);
  });
});
