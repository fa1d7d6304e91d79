import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../platform/db/index.ts';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { buildRollups, forgetRollups } from './rollup-build.ts';
import { forgetRates } from './rate.ts';

const person = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const minute = 60_000;
const paths = ['/', '/plans', '/cart'];

/**
 * Batches as browsers send them: a visitor (or none, before consent), minutes from the start of
 * the span, events minutes apart. Sent in the order given, some side by side (one flush), some
 * twice (a retry), so late batches, stragglers older than the visitor's last event and shared
 * flushes all happen.
 */
const batchArb = fc.record({
  visitor: fc.option(fc.integer({ min: 0, max: 3 }), { freq: 6 }),
  startMinutes: fc.integer({ min: 0, max: 9 * 24 * 60 }),
  events: fc.array(fc.record({ gapMinutes: fc.constantFrom(0, 1, 7, 29, 31, 200), isPage: fc.boolean(), page: fc.constantFrom(...paths) }), { minLength: 1, maxLength: 5 }),
  together: fc.boolean(),
  again: fc.boolean(),
});

let run = 0;

async function rollupsOf(t: TestApp, siteId: string) {
  const [found] = await rows<Record<string, unknown>>(t.database.db, sql`select
    (select coalesce(json_agg(d order by d.day), '[]') from (select day::text, sum(page_views)::int as pv, sum(sessions)::int as s, sum(bounces)::int as b, sum(session_ms)::bigint::text as ms
      from tracking_daily where site_id = ${siteId} group by day having sum(page_views) <> 0 or sum(sessions) <> 0 or sum(bounces) <> 0 or sum(session_ms) <> 0) d) as days,
    (select coalesce(json_agg(v order by v.day, v.gap), '[]') from (select day::text, gap, sum(visitors)::int as n
      from tracking_daily_visitors where site_id = ${siteId} group by day, gap having sum(visitors) <> 0) v) as visitors,
    (select coalesce(json_agg(r order by r.by, r.cohort, r.bucket, r.first_day), '[]') from (select by, cohort::text, bucket::text, first_day::text, sum(visitors)::int as n
      from tracking_retention where site_id = ${siteId} group by by, cohort, bucket, first_day having sum(visitors) <> 0) r) as retention,
    (select coalesce(json_agg(v order by v.visitor_id), '[]') from (select visitor_id, active_days, session_started_at::text, session_events
      from tracking_visitors where site_id = ${siteId}) v) as visitor_rows`);
  return found;
}

describe.each(['Asia/Shanghai', 'America/New_York'])('report rollups kept by ingest, days in %s', (timeZone) => {
  let t: TestApp;
  let manager: Client;

  beforeAll(async () => {
    t = await startTestApp({ customers: 0, config: { timeZone } });
    manager = await t.as('cs.manager');
  });
  afterAll(async () => t?.close());

  it('equal the rollups built again from the stored events, for any batches in any order (across a change of summer time too)', async () => {
    // 2026-10-28 to 2026-11-06 holds New York's return to standard time (1 November).
    const spanStart = Date.parse('2026-10-28T00:00:00Z');
    await fc.assert(fc.asyncProperty(fc.array(batchArb, { minLength: 1, maxLength: 12 }), async (batches) => {
      forgetRates();
      const site = (await manager({ method: 'POST', url: '/api/v1/tracking/sites', payload: { name: `汇总测试 ${++run}`, allowedOrigins: ['https://shop.example.cn'] } })).json();
      const send = (batch: (typeof batches)[number], n: number) => {
        let at = spanStart + batch.startMinutes * minute;
        const events = batch.events.map((e, i) => {
          at += e.gapMinutes * minute;
          return e.isPage ? { id: `r${run}-${n}-${i}-0000`, type: 'pageview', url: `https://shop.example.cn${e.page}`, at }
            : { id: `r${run}-${n}-${i}-0000`, type: 'custom', name: 'add_to_cart', url: 'https://shop.example.cn/plans', at };
        });
        return t.app.inject({
          method: 'POST', url: '/api/v1/collect', headers: { 'content-type': 'text/plain', origin: 'https://shop.example.cn', 'user-agent': person },
          payload: JSON.stringify({ site: site.siteKey, ...(batch.visitor === null ? {} : { visitorId: `visitor-${run}-${batch.visitor}` }), sentAt: Date.now(), events }),
        });
      };
      let beside: Promise<unknown>[] = [];
      for (const [n, batch] of batches.entries()) {
        beside.push(send(batch, n).then((res) => expect(res.statusCode, res.body).toBe(200)));
        if (batch.again) beside.push(send(batch, n));
        if (!batch.together) { await Promise.all(beside); beside = []; }
      }
      await Promise.all(beside);

      const kept = await rollupsOf(t, site.id);
      await forgetRollups(t.database.db, site.id);
      await buildRollups(t.database.db, site.id, timeZone);
      expect(await rollupsOf(t, site.id)).toEqual(kept);
    }), { numRuns: 30 });
  });
});
