import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { expectRefused, type Refusal } from '../test/refusals.ts';
import { forgetRates } from './rate.ts';

const person = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1';
const crawler = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const shop = (path: string) => `https://shop.example.cn${path}`;
/** A time on the operator's clock (Beijing). */
const at = (time: string) => Date.parse(`${time}+08:00`);

type Sent = { at: string; url: string; type?: 'pageview' | 'custom' | 'search'; name?: string; query?: string; referrer?: string; utm?: object };

let t: TestApp;
let manager: Client;
let site: { id: string; siteKey: string };
let nextId = 0;

async function visit(visitorId: string | null, events: Sent[], userAgent = person) {
  const res = await t.app.inject({
    method: 'POST', url: '/api/v1/collect', headers: { 'content-type': 'text/plain', origin: shop(''), 'user-agent': userAgent },
    payload: JSON.stringify({ site: site.siteKey, ...(visitorId ? { visitorId } : {}), sentAt: Date.now(),
      events: events.map((e) => ({ type: 'pageview', ...e, id: `rp${String(++nextId).padStart(8, '0')}`, at: at(e.at) })) }),
  });
  expect(res.statusCode, res.body).toBe(200);
}

const report = async (path: string) => {
  const res = await manager({ method: 'GET', url: `/api/v1/tracking/sites/${site.id}/reports/${path}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const funnel = async (body: object) => {
  const res = await manager({ method: 'POST', url: `/api/v1/tracking/sites/${site.id}/reports/funnel`, payload: body });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const week = 'from=2026-11-02&to=2026-11-08';
const buying = [{ kind: 'page', pattern: '/plans/*' }, { kind: 'event', name: 'add_to_cart' }, { kind: 'page', pattern: '/cart' }, { kind: 'page', pattern: '/checkout' }];

beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  forgetRates();
  manager = await t.as('cs.manager');
  site = (await manager({ method: 'POST', url: '/api/v1/tracking/sites', payload: { name: '长沙网上营业厅', allowedOrigins: [shop('')] } })).json();

  // A: from Baidu on Monday, through to the checkout in one session of six minutes.
  await visit('visitor-a-0001', [
    { at: '2026-11-02T10:00:00', url: shop('/'), referrer: 'https://www.baidu.com/s?wd=5g' },
    { at: '2026-11-02T10:02:00', url: shop('/plans/5g') },
    { at: '2026-11-02T10:03:00', url: shop('/plans/5g'), type: 'custom', name: 'add_to_cart' },
    { at: '2026-11-02T10:05:00', url: shop('/cart') },
    { at: '2026-11-02T10:06:00', url: shop('/checkout?step=1') },
  ]);
  // A again on Wednesday from a WeChat campaign, searching first: a second session of a minute.
  await visit('visitor-a-0001', [
    { at: '2026-11-04T20:00:00', url: shop('/plans?q=fiber'), utm: { source: 'wechat', medium: 'social', campaign: 'winter' } },
    { at: '2026-11-04T20:01:00', url: shop('/plans/5g') },
  ]);
  // B: one page late on Monday (Monday still in Beijing, Monday afternoon in UTC), linked from the site itself.
  await visit('visitor-b-0001', [{ at: '2026-11-02T23:30:00', url: shop('/'), referrer: shop('/other') }]);
  // B back ten minutes after the period ends in Beijing (still Sunday the 8th in UTC).
  await visit('visitor-b-0001', [{ at: '2026-11-09T00:10:00', url: shop('/') }]);
  // C: from Weibo on Tuesday, into the cart but no further.
  await visit('visitor-c-0001', [
    { at: '2026-11-03T09:00:00', url: shop('/plans/5g'), referrer: 'https://weibo.com/x' },
    { at: '2026-11-03T09:01:00', url: shop('/plans/5g'), type: 'custom', name: 'add_to_cart' },
    { at: '2026-11-03T09:02:00', url: shop('/cart') },
    { at: '2026-11-03T09:02:30', url: shop('/cart'), type: 'search', query: '5g套餐' },
  ]);
  // D: first seen the day before the period, back on Monday for one page.
  await visit('visitor-d-0001', [{ at: '2026-11-01T12:00:00', url: shop('/') }]);
  await visit('visitor-d-0001', [{ at: '2026-11-02T12:00:00', url: shop('/plans/5g') }]);
  // A page seen without a visitor (Do-Not-Track): a page view of no session.
  await visit(null, [{ at: '2026-11-03T10:00:00', url: shop('/plans') }]);
  // A crawler doing everything the funnel asks: never counted.
  await visit('visitor-bot-001', [
    { at: '2026-11-02T11:00:00', url: shop('/'), referrer: 'https://spam.example' },
    { at: '2026-11-02T11:01:00', url: shop('/plans/5g') },
    { at: '2026-11-02T11:02:00', url: shop('/plans/5g'), type: 'custom', name: 'add_to_cart' },
    { at: '2026-11-02T11:03:00', url: shop('/cart') },
    { at: '2026-11-02T11:04:00', url: shop('/checkout'), query: 'bot' },
  ], crawler);
});

afterAll(async () => t?.close());

describe('site reports', () => {
  it('gives the week\'s page views, visitors, sessions, bounce rate and session length, day by day in Beijing', async () => {
    const overview = await report(`overview?${week}`);
    expect(overview).toMatchObject({ from: '2026-11-02', to: '2026-11-08', timeZone: 'Asia/Shanghai', interval: 'day',
      pageViews: 11, visitors: 4, sessions: 5, bounceRate: 0.4, averageSessionSeconds: 114 });
    // 114 s: (A's 360 + 60, B's 0, C's 150, D's 0) / 5 sessions.
    expect(overview.series).toEqual([
      { bucket: '2026-11-02', pageViews: 6, visitors: 3, sessions: 3 },
      { bucket: '2026-11-03', pageViews: 3, visitors: 1, sessions: 1 },
      { bucket: '2026-11-04', pageViews: 2, visitors: 1, sessions: 1 },
      ...['05', '06', '07', '08'].map((d) => ({ bucket: `2026-11-${d}`, pageViews: 0, visitors: 0, sessions: 0 })),
    ]);
  });

  it('gives one day hour by hour', async () => {
    const overview = await report('overview?from=2026-11-02&to=2026-11-02');
    expect(overview.interval).toBe('hour');
    expect(overview.series).toHaveLength(24);
    expect(overview.series.filter((b: { pageViews: number }) => b.pageViews).map((b: { bucket: string; pageViews: number }) => [b.bucket, b.pageViews]))
      .toEqual([['2026-11-02 10:00', 4], ['2026-11-02 12:00', 1], ['2026-11-02 23:00', 1]]);
  });

  it('lists the most viewed pages, and the pages sessions entered and left by', async () => {
    expect((await report(`pages?${week}`)).items).toEqual([
      { path: '/plans/5g', pageViews: 4, sessions: 4, visitors: 3 },
      { path: '/', pageViews: 2, sessions: 2, visitors: 2 },
      { path: '/cart', pageViews: 2, sessions: 2, visitors: 2 },
      { path: '/plans', pageViews: 2, sessions: 1, visitors: 1 },
      { path: '/checkout', pageViews: 1, sessions: 1, visitors: 1 },
    ]);
    expect((await report(`pages?${week}&kind=entry`)).items).toEqual([
      { path: '/', pageViews: 2, sessions: 2, visitors: 2 },
      { path: '/plans/5g', pageViews: 2, sessions: 2, visitors: 2 },
      { path: '/plans', pageViews: 1, sessions: 1, visitors: 1 },
    ]);
    expect((await report(`pages?${week}&kind=exit&limit=2`)).items).toEqual([
      { path: '/plans/5g', pageViews: 2, sessions: 2, visitors: 2 },
      { path: '/', pageViews: 1, sessions: 1, visitors: 1 },
    ]);
  });

  it('counts every session under one source: direct when there is no referrer or the site linked itself', async () => {
    expect(await report(`sources?${week}`)).toMatchObject({ sessions: 5, items: [
      { host: null, sessions: 3, visitors: 3 },
      { host: 'weibo.com', sessions: 1, visitors: 1 },
      { host: 'www.baidu.com', sessions: 1, visitors: 1 },
    ] });
  });

  it('lists campaigns by their UTM tags and the searches made', async () => {
    expect((await report(`campaigns?${week}`)).items).toEqual([{ source: 'wechat', medium: 'social', campaign: 'winter', sessions: 1, visitors: 1 }]);
    expect((await report(`searches?${week}`)).items).toEqual([
      { query: '5g套餐', searches: 1, visitors: 1 },
      { query: 'fiber', searches: 1, visitors: 1 },
    ]);
  });

  it('follows a four-step funnel within a session, with the drop-off at each step', async () => {
    const answer = await funnel({ from: '2026-11-02', to: '2026-11-08', steps: buying });
    expect(answer).toMatchObject({ within: 'session', days: null });
    expect(answer.steps.map((s: { visitors: number; dropOff: number; conversion: number }) => [s.visitors, s.dropOff, s.conversion]))
      .toEqual([[3, 0, 1], [2, 1, 0.667], [2, 0, 0.667], [1, 1, 0.333]]);
  });

  it('lets a funnel run across sessions within a number of days, and keeps the steps in order', async () => {
    const backwards = [{ kind: 'page', pattern: '/cart' }, { kind: 'page', pattern: '/plans/*' }];
    const counts = (answer: { steps: { visitors: number }[] }) => answer.steps.map((s) => s.visitors);
    expect(counts(await funnel({ from: '2026-11-02', to: '2026-11-08', steps: backwards }))).toEqual([2, 0]);
    expect(counts(await funnel({ from: '2026-11-02', to: '2026-11-08', steps: backwards, within: 'days', days: 7 }))).toEqual([2, 1]);
    expect(counts(await funnel({ from: '2026-11-02', to: '2026-11-08', steps: backwards, within: 'days', days: 1 }))).toEqual([2, 0]);
  });

  it('groups new visitors into cohorts by their first day or week and counts who came back', async () => {
    expect((await report(`retention?${week}&by=day`)).cohorts).toEqual([
      { start: '2026-11-02', visitors: 2, returned: [0, 1, 0, 0, 0, 0] },
      { start: '2026-11-03', visitors: 1, returned: [0, 0, 0, 0, 0] },
    ]);
    expect((await report('retention?from=2026-11-02&to=2026-11-15')).cohorts).toEqual([{ start: '2026-11-02', visitors: 3, returned: [1] }]);
  });

  it('tells where visitors went after a page, and the commonest three pages in a row', async () => {
    expect((await report(`paths?${week}&page=/plans/5g`)).items).toEqual([
      { pages: ['/plans/5g', null], times: 2, sessions: 2 },
      { pages: ['/plans/5g', '/cart'], times: 2, sessions: 2 },
    ]);
    expect((await report(`paths?${week}`)).items).toEqual([
      { pages: ['/', '/plans/5g', '/cart'], times: 1, sessions: 1 },
      { pages: ['/plans/5g', '/cart', '/checkout'], times: 1, sessions: 1 },
    ]);
  });

  it('answers a new period with nothing in it as zeros, not errors', async () => {
    const overview = await report('overview?from=2026-06-01&to=2026-06-07');
    expect(overview).toMatchObject({ pageViews: 0, visitors: 0, sessions: 0, bounceRate: null, averageSessionSeconds: null });
    expect((await funnel({ from: '2026-06-01', to: '2026-06-07', steps: buying })).steps.map((s: { conversion: null }) => s.conversion)).toEqual([null, null, null, null]);
  });

  it('shows another unit\'s site to no one outside it (404)', async () => {
    const zz = t.org.networks.find((n) => n.code === 'ZZ')!.id;
    const elsewhere = (await (await t.as('hn.manager'))({ method: 'POST', url: '/api/v1/tracking/sites', payload: { name: '株洲商城', allowedOrigins: ['https://zz.example.cn'], unitId: zz } })).json();
    for (const path of ['overview', 'pages', 'retention', 'paths']) {
      expect((await manager({ method: 'GET', url: `/api/v1/tracking/sites/${elsewhere.id}/reports/${path}` })).statusCode).toBe(404);
    }
    expect((await manager({ method: 'POST', url: `/api/v1/tracking/sites/${elsewhere.id}/reports/funnel`, payload: { steps: buying } })).statusCode).toBe(404);
  });

  it('refuses bad periods and funnels, naming the field, in both languages', async () => {
    const reports = `/api/v1/tracking/sites/${site.id}/reports`;
    const refusals: Refusal[] = [
      { name: 'a period that ends before it begins', request: { method: 'GET', url: `${reports}/overview?from=2026-11-08&to=2026-11-02` }, status: 400, field: 'to' },
      { name: 'a period over 400 days', request: { method: 'GET', url: `${reports}/overview?from=2025-01-01&to=2026-11-02` }, status: 400, field: 'from' },
      { name: 'a day that does not exist', request: { method: 'GET', url: `${reports}/pages?from=2026-02-30` }, status: 400, field: 'from' },
      { name: 'an unknown kind of page list', request: { method: 'GET', url: `${reports}/pages?kind=popular` }, status: 400, field: 'kind' },
      { name: 'a path page that is no path', request: { method: 'GET', url: `${reports}/paths?page=cart` }, status: 400, field: 'page' },
      { name: 'a funnel of one step', request: { method: 'POST', url: `${reports}/funnel`, payload: { steps: [buying[0]] } }, status: 400, field: 'steps' },
      { name: 'a funnel of nine steps', request: { method: 'POST', url: `${reports}/funnel`, payload: { steps: Array(9).fill(buying[0]) } }, status: 400, field: 'steps' },
      { name: 'a page step that is no path', request: { method: 'POST', url: `${reports}/funnel`, payload: { steps: [{ kind: 'page', pattern: 'cart' }, buying[1]] } }, status: 400, field: 'steps.0.pattern' },
      { name: 'a window of no days', request: { method: 'POST', url: `${reports}/funnel`, payload: { steps: buying, within: 'days', days: 0 } }, status: 400, field: 'days' },
    ];
    for (const refusal of refusals) await expectRefused(t, manager, refusal);
  });
});
