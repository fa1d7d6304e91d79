import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rows } from '../platform/db/index.ts';
import { startTestApp, type TestApp } from '../test/harness.ts';
import { forgetRates } from './rate.ts';

/** Batches that arrive at the same moment share a commit (group commit); each must still be as if it came alone. */
let t: TestApp;
let shop: { id: string; siteKey: string };
const origin = 'https://shop.example.cn';
const browser = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36';

beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  const manager = await t.as('cs.manager');
  shop = (await manager({ method: 'POST', url: '/api/v1/tracking/sites', payload: { name: '网上营业厅', allowedOrigins: [origin] } })).json();
});
afterAll(() => t.close());
beforeEach(() => forgetRates());

let nextId = 0;
const eventId = () => `tg${String(++nextId).padStart(10, '0')}`;
const pageView = (at: number, id = eventId()) => ({ id, type: 'pageview', at, url: `${origin}/plans/${nextId % 5}` });
const send = (visitorId: string, events: object[]) => t.app.inject({
  method: 'POST', url: '/api/v1/collect', headers: { 'content-type': 'text/plain', origin, 'user-agent': browser },
  payload: JSON.stringify({ site: shop.siteKey, visitorId, sentAt: Date.now(), events }),
});

describe('batches arriving together', () => {
  it('answers each with its own receipt and stores every event once, also one sent in two batches at once', async () => {
    const start = Date.now() - 3_600_000;
    const shared = eventId();
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) =>
      send(`visitor-together-${i % 10}`, [pageView(start + i * 1000), pageView(start + i * 1000 + 500), ...(i < 2 ? [pageView(start, shared)] : [])])));
    expect(answers.map((a) => a.statusCode)).toEqual(answers.map(() => 200));
    const receipts = answers.map((a) => a.json() as { stored: number; duplicates: number });
    // The shared event is kept by one of the two batches, counted a duplicate by the other.
    expect(receipts.slice(0, 2).map((r) => r.stored + r.duplicates)).toEqual([3, 3]);
    expect(receipts.slice(0, 2).map((r) => r.duplicates).sort()).toEqual([0, 1]);
    expect(receipts.slice(2).every((r) => r.stored === 2 && r.duplicates === 0)).toBe(true);
    const [{ n, distinct }] = await rows<{ n: number; distinct: number }>(t.database.db, sql`select count(*)::int as n,
      count(distinct event_id)::int as distinct from tracking_events where site_id = ${shop.id}`);
    expect({ n, distinct }).toEqual({ n: 61, distinct: 61 });
  });

  it('keeps each visitor\'s session clock whole when its batches arrive at once', async () => {
    const start = Date.now() - 10 * 3_600_000;
    const hour = 3_600_000;
    // Eight batches of one visitor, each in an hour of its own: eight sessions, however they were flushed.
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => send('visitor-clock', [pageView(start + i * hour), pageView(start + i * hour + 60_000)])));
    expect(answers.map((a) => a.statusCode)).toEqual(answers.map(() => 200));
    const [visitor] = await rows<{ sessions: number; first_seen_at: Date | string; last_seen_at: Date | string }>(t.database.db,
      sql`select sessions, first_seen_at, last_seen_at from tracking_visitors where site_id = ${shop.id} and visitor_id = 'visitor-clock'`);
    const events = await rows<{ session_number: number; occurred_at: Date | string }>(t.database.db,
      sql`select session_number, occurred_at from tracking_events where visitor_id = 'visitor-clock' order by occurred_at`);
    expect(events).toHaveLength(16);
    expect(Math.max(...events.map((e) => e.session_number))).toBe(visitor.sessions);
    expect(new Date(visitor.first_seen_at).getTime()).toBe(start);
    expect(new Date(visitor.last_seen_at).getTime()).toBe(start + 7 * hour + 60_000);
    // The two events of one batch are a minute apart: always in one session.
    for (let i = 0; i < 16; i += 2) expect(events[i].session_number).toBe(events[i + 1].session_number);
    // Batches sent in order are numbered in order.
    expect(events.map((e) => e.session_number)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8]);
  });

  it('refuses a batch the store cannot hold on its own, naming the field, and writes the ones beside it', async () => {
    const now = Date.now();
    // A NUL character is valid JSON but no PostgreSQL text can hold it.
    const answers = await Promise.all([
      send('visitor-beside-1', [pageView(now - 2000)]),
      send('visitor-beside-2', [{ ...pageView(now - 1000), title: 'bad\u0000title' }]),
      send('visitor-beside-3', [pageView(now - 500)]),
    ]);
    expect(answers[0].statusCode).toBe(200);
    expect(answers[2].statusCode).toBe(200);
    expect(answers[1].statusCode).toBe(400);
    expect(answers[1].json()).toMatchObject({ field: 'events.0.title' });
    const kept = await rows<{ visitor_id: string }>(t.database.db, sql`select visitor_id from tracking_events
      where visitor_id like 'visitor-beside-%' order by visitor_id`);
    expect(kept.map((k) => k.visitor_id)).toEqual(['visitor-beside-1', 'visitor-beside-3']);
  });
});
