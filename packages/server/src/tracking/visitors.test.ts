import { createHmac } from 'node:crypto';
import { identityMessage } from '@xiang/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { expectRefused, type Refusal } from '../test/refusals.ts';
import { forgetRates } from './rate.ts';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
const person = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1';
const crawler = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

interface Seeded { at: number; type: 'pageview' | 'click'; isBot: boolean; visitorId: string | null }

let t: TestApp;
let manager: Client;
let changsha: { id: string; siteKey: string; origin: string; identitySecret: string };
let zhuzhou: { id: string; siteKey: string; origin: string };
let liMing: { id: string; number: string };
const now = Date.now();
/** Every event sent to the Changsha site, as the test knows it: what the live counts must add up to. */
const seeded: Seeded[] = [];
let nextId = 0;

/** One batch through the real ingest (POST /collect), as the script would send it. */
async function visit(site: { siteKey: string; origin: string }, visitorId: string | null, events: { at: number; url: string; type?: 'pageview' | 'click'; referrer?: string; utm?: object }[],
  { userAgent = person, identity }: { userAgent?: string; identity?: object } = {}) {
  const res = await t.app.inject({
    method: 'POST', url: '/api/v1/collect', headers: { 'content-type': 'text/plain', origin: site.origin, 'user-agent': userAgent },
    payload: JSON.stringify({ site: site.siteKey, ...(visitorId ? { visitorId } : {}), sentAt: Date.now(), identity,
      events: events.map((e) => ({ id: `vt${String(++nextId).padStart(6, '0')}${Math.random().toString(36).slice(2, 8)}`, type: 'pageview', ...e })) }),
  });
  expect(res.statusCode, res.body).toBe(200);
  if (site === changsha) seeded.push(...events.map((e) => ({ at: e.at, type: e.type ?? 'pageview', isBot: userAgent === crawler, visitorId })));
  return res.json();
}

const shop = (path: string) => `https://shop.example.cn${path}`;
/** The people seeded on the Changsha site, by when each was last seen. */
const lastSeen = new Map<string, number>();
const seen = (visitorId: string, ...times: number[]) => lastSeen.set(visitorId, Math.max(lastSeen.get(visitorId) ?? 0, ...times));

beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  forgetRates();
  manager = await t.as('cs.manager');
  const made = (await manager({ method: 'POST', url: '/api/v1/tracking/sites', payload: { name: '长沙网上营业厅', allowedOrigins: [shop('')] } })).json();
  const { identitySecret } = (await manager({ method: 'GET', url: `/api/v1/tracking/sites/${made.id}/identity-secret` })).json();
  changsha = { id: made.id, siteKey: made.siteKey, origin: shop(''), identitySecret };
  const zzUnit = t.org.networks.find((n) => n.code === 'ZZ')!.id;
  const zz = (await (await t.as('hn.manager'))({ method: 'POST', url: '/api/v1/tracking/sites', payload: { name: '株洲商城', allowedOrigins: ['https://zz.example.cn'], unitId: zzUnit } })).json();
  zhuzhou = { id: zz.id, siteKey: zz.siteKey, origin: 'https://zz.example.cn' };
  const am = await t.as('cs.am1');
  liMing = (await am({ method: 'POST', url: '/api/v1/customers', payload: { name: '李明', identities: [{ kind: 'phone', value: '13807310001' }] } })).json();

  // A newcomer from a search engine: two pages and a click, ten minutes ago.
  await visit(changsha, 'visitor-newcomer', [
    { at: now - 12 * minute, url: shop('/plans'), referrer: 'https://www.baidu.com/s?wd=5g' },
    { at: now - 11 * minute, url: shop('/plans/5g') },
    { at: now - 10 * minute, url: shop('/plans/5g'), type: 'click' },
  ]);
  seen('visitor-newcomer', now - 10 * minute);
  // A crawler that took the newcomer's cookie: its page views are not the newcomer's, and it is no visitor of its own.
  await visit(changsha, 'visitor-newcomer', [{ at: now - 9 * minute, url: shop('/plans') }], { userAgent: crawler });
  await visit(changsha, 'visitor-crawler', [{ at: now - 2 * minute, url: shop('/') }, { at: now - 2 * minute + 1000, url: shop('/plans') }], { userAgent: crawler });
  // A returning visitor: first from a WeChat campaign three days ago, back two minutes ago.
  await visit(changsha, 'visitor-returner', [{ at: now - 3 * day, url: shop('/promo?utm_source=wechat'), utm: { source: 'wechat', campaign: 'newyear' } }]);
  await visit(changsha, 'visitor-returner', [{ at: now - 2 * minute, url: shop('/broadband') }, { at: now - 2 * minute + 5000, url: shop('/broadband/300m') }]);
  seen('visitor-returner', now - 3 * day, now - 2 * minute + 5000);
  // 李明 signs in on the site twenty minutes ago.
  const expiresAt = Date.now() + 3_600_000;
  const identity = { kind: 'phone', value: '13807310001', expiresAt,
    signature: createHmac('sha256', identitySecret).update(identityMessage({ kind: 'phone', value: '13807310001', visitorId: 'visitor-li-ming', expiresAt })).digest('hex') };
  expect(await visit(changsha, 'visitor-li-ming', [{ at: now - 20 * minute, url: shop('/account') }], { identity })).toMatchObject({ identified: true });
  seen('visitor-li-ming', now - 20 * minute);
  // Someone who has not been back for forty days, outside the list's default 30.
  await visit(changsha, 'visitor-long-gone', [{ at: now - 40 * day, url: shop('/') }]);
  seen('visitor-long-gone', now - 40 * day);
  // Visitors enough to page through, two of them last seen at the same instant.
  for (let i = 1; i <= 5; i++) {
    await visit(changsha, `visitor-many-${i}`, [{ at: now - i * 7 * hour, url: shop(`/page/${i}`) }]);
    seen(`visitor-many-${i}`, now - i * 7 * hour);
  }
  for (const twin of ['visitor-twin-a', 'visitor-twin-b']) {
    await visit(changsha, twin, [{ at: now - 50 * hour, url: shop('/twins') }]);
    seen(twin, now - 50 * hour);
  }
  // Before consent, or under Do-Not-Track: an event, no visitor.
  await visit(changsha, null, [{ at: now - 3 * minute, url: shop('/') }]);
  // Another unit's site, busy at the same time.
  await visit(zhuzhou, 'visitor-zhuzhou', [{ at: now - minute, url: 'https://zz.example.cn/' }]);
});
afterAll(() => t.close());

const visitorsOf = (client: Client, siteId: string, query = '') => client({ method: 'GET', url: `/api/v1/tracking/sites/${siteId}/visitors${query}` });
const ids = (page: { items: { visitorId: string }[] }) => page.items.map((v) => v.visitorId);
/** The people of the Changsha site last seen since a time, in the list's order: last seen latest first, then by id. */
const expectedSince = (since: number) => [...lastSeen].filter(([, at]) => at >= since)
  .sort(([a, at], [b, bt]) => bt - at || (a < b ? 1 : -1)).map(([id]) => id);

describe('a site\'s visitors', () => {
  it('lists the last 30 days\' visitors, last seen latest first, with no crawler among them', async () => {
    const res = await visitorsOf(manager, changsha.id, '?limit=100');
    expect(res.statusCode, res.body).toBe(200);
    expect(ids(res.json())).toEqual(expectedSince(now - 30 * day));
    expect(ids(res.json())).not.toContain('visitor-crawler');
    expect(res.json().nextCursor).toBeNull();
  });

  it('says of each visitor where they landed first, from where, and how many pages they viewed (crawlers\' views not theirs)', async () => {
    const { items } = (await visitorsOf(manager, changsha.id)).json();
    const of = (id: string) => items.find((v: { visitorId: string }) => v.visitorId === id);
    expect(of('visitor-newcomer')).toMatchObject({ sessions: 1, isReturning: false, isIdentified: false, customer: null,
      landingPage: shop('/plans'), referrerHost: 'www.baidu.com', utmSource: null, pageViews: 2 });
    expect(of('visitor-returner')).toMatchObject({ sessions: 2, isReturning: true, landingPage: shop('/promo?utm_source=wechat'), referrerHost: null, utmSource: 'wechat', pageViews: 3 });
    expect(new Date(of('visitor-returner').firstSeenAt).getTime()).toBe(now - 3 * day);
    expect(new Date(of('visitor-returner').lastSeenAt).getTime()).toBe(now - 2 * minute + 5000);
    expect(of('visitor-li-ming')).toMatchObject({ isIdentified: true, customer: { id: liMing.id, number: liMing.number, name: '李明' } });
  });

  it('pages by cursor across every visitor, none twice and none skipped, the two seen at one instant included', async () => {
    const walked: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await visitorsOf(manager, changsha.id, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      const page: { items: { visitorId: string }[]; nextCursor: string | null } = res.json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      walked.push(...ids(page));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    expect(walked).toEqual(expectedSince(now - 30 * day));
    expect(new Set(walked).size).toBe(walked.length);
  });

  it('filters returning or first-time, identified or anonymous, and from a chosen time', async () => {
    const all = expectedSince(now - 30 * day);
    expect(ids((await visitorsOf(manager, changsha.id, '?returning=true')).json())).toEqual(['visitor-returner']);
    expect(ids((await visitorsOf(manager, changsha.id, '?returning=false&limit=100')).json())).toEqual(all.filter((id) => id !== 'visitor-returner'));
    expect(ids((await visitorsOf(manager, changsha.id, '?identified=true')).json())).toEqual(['visitor-li-ming']);
    expect(ids((await visitorsOf(manager, changsha.id, '?identified=false&limit=100')).json())).toEqual(all.filter((id) => id !== 'visitor-li-ming'));
    expect(ids((await visitorsOf(manager, changsha.id, '?identified=true&returning=true')).json())).toEqual([]);
    const sixtyDaysAgo = new Date(now - 60 * day).toISOString();
    expect(ids((await visitorsOf(manager, changsha.id, `?since=${sixtyDaysAgo}&limit=100`)).json())).toEqual(expectedSince(now - 60 * day));
    expect(ids((await visitorsOf(manager, changsha.id, `?since=${encodeURIComponent(new Date(now - 15 * minute).toISOString())}`)).json()))
      .toEqual(['visitor-returner', 'visitor-newcomer']);
  });

  it('answers 404 for another unit\'s site, and 401 to someone not signed in', async () => {
    expect((await visitorsOf(manager, zhuzhou.id)).statusCode).toBe(404);
    expect((await visitorsOf(await t.as('zz.am1'), changsha.id)).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/tracking/sites/${changsha.id}/visitors` })).statusCode).toBe(401);
    const zz = (await visitorsOf(await t.as('hn.manager'), zhuzhou.id)).json();
    expect(ids(zz)).toEqual(['visitor-zhuzhou']);
  });

  it('names an identified customer only to those who see them: moved to another unit, they stay "identified" without a name', async () => {
    const province = await t.as('hn.manager');
    const moved = await province({ method: 'POST', url: '/api/v1/customers/reassign', payload: { customerIds: [liMing.id], ownerId: null, unitId: t.org.networks.find((n) => n.code === 'ZZ')!.id } });
    expect(moved.statusCode, moved.body).toBe(200);
    const unnamed = (await visitorsOf(manager, changsha.id, '?identified=true')).json().items;
    expect(unnamed).toMatchObject([{ visitorId: 'visitor-li-ming', isIdentified: true, customer: null }]);
    expect((await visitorsOf(province, changsha.id, '?identified=true')).json().items).toMatchObject([{ customer: { id: liMing.id, name: '李明' } }]);
  });
});

describe('a visitors list that cannot be given', () => {
  const table: (Omit<Refusal, 'request'> & { query: string })[] = [
    { name: 'returning not true or false', query: '?returning=yes', status: 400, field: 'returning' },
    { name: 'identified as a number', query: '?identified=1', status: 400, field: 'identified' },
    { name: 'since not a time', query: '?since=yesterday', status: 400, field: 'since' },
    { name: 'since on no day of the calendar', query: '?since=2026-02-30', status: 400, field: 'since' },
    { name: 'since without its time zone', query: '?since=2026-11-01T09:00', status: 400, field: 'since' },
    { name: 'since in the future', query: `?since=${new Date(now + day).toISOString()}`, status: 400, field: 'since' },
    { name: 'a limit of 0', query: '?limit=0', status: 400, field: 'limit' },
    { name: 'a limit over 100', query: '?limit=101', status: 400, field: 'limit' },
    { name: 'a forged cursor', query: '?cursor=bm90LWEta2V5', status: 400, field: 'cursor' },
    { name: 'a filter the list does not have', query: '?sort=name', status: 400, field: 'sort' },
  ];
  it.each(table)('refuses $name (400 naming the field, in both languages)', async ({ query, ...row }) => {
    await expectRefused(t, manager, { ...row, request: { method: 'GET', url: `/api/v1/tracking/sites/${changsha.id}/visitors${query}` } });
  });
});

describe('a site\'s live counts', () => {
  /** The day in Beijing a moment falls on, as staff there would name it. */
  const beijingDay = (at: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(at));
  const countsOf = (events: Seeded[]) => {
    const people = events.filter((e) => !e.isBot);
    return { events: people.length, pageViews: people.filter((e) => e.type === 'pageview').length,
      visitors: new Set(people.filter((e) => e.visitorId).map((e) => e.visitorId)).size, botEvents: events.length - people.length };
  };

  it('counts the last 30 minutes and today (Beijing time), crawlers apart, and who was active in the last 5 minutes', async () => {
    const res = await manager({ method: 'GET', url: `/api/v1/tracking/sites/${changsha.id}/live` });
    expect(res.statusCode, res.body).toBe(200);
    const live = res.json();
    const at = new Date(live.at).getTime();
    expect(live.lastHalfHour).toEqual(countsOf(seeded.filter((e) => e.at >= at - 30 * minute)));
    expect(live.lastHalfHour).toEqual({ events: 7, pageViews: 6, visitors: 3, botEvents: 3 });
    expect(live.today).toEqual(countsOf(seeded.filter((e) => beijingDay(e.at) === beijingDay(at))));
    // The returner, two minutes ago; the crawler and the event without a visitor are no one.
    expect(live.activeNow).toBe(1);
  });

  it('answers 404 for another unit\'s site, and 401 to someone not signed in', async () => {
    expect((await manager({ method: 'GET', url: `/api/v1/tracking/sites/${zhuzhou.id}/live` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/tracking/sites/${changsha.id}/live` })).statusCode).toBe(401);
  });
});
