import { createHmac } from 'node:crypto';
import { identityMessage } from '@xiang/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { forgetRates } from './rate.ts';

let t: TestApp;
let am: Client;
let liMing: string;
let stranger: string;
let zhuzhouCustomer: string;
const origin = 'https://shop.example.cn';
const hour = 3_600_000;

const collect = (payload: object) => t.app.inject({
  method: 'POST', url: '/api/v1/collect', payload: JSON.stringify(payload),
  headers: { 'content-type': 'text/plain', origin, 'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1' },
});
let nextId = 0;
const eventAt = (at: number, fields: object) => ({ id: `wa${String(++nextId).padStart(8, '0')}${Math.random().toString(36).slice(2, 8)}`, at, ...fields });

beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  forgetRates();
  const manager = await t.as('cs.manager');
  const site = (await manager({ method: 'POST', url: '/api/v1/tracking/sites', payload: { name: '网上营业厅', allowedOrigins: [origin] } })).json();
  const { identitySecret } = (await manager({ method: 'GET', url: `/api/v1/tracking/sites/${site.id}/identity-secret` })).json();
  am = await t.as('cs.am1');
  liMing = (await am({ method: 'POST', url: '/api/v1/customers', payload: { name: '李明', identities: [{ kind: 'phone', value: '13807310001' }] } })).json().id;
  stranger = (await am({ method: 'POST', url: '/api/v1/customers', payload: { name: '王芳' } })).json().id;
  zhuzhouCustomer = (await (await t.as('zz.am1'))({ method: 'POST', url: '/api/v1/customers', payload: { name: '株洲客户' } })).json().id;

  // Two sessions three hours apart: one from a campaign landing on a plan, one searching and clicking.
  const start = Date.now() - 4 * hour;
  const first = await collect({ site: site.siteKey, visitorId: 'visitor-li-ming', sentAt: Date.now(), events: [
    eventAt(start, { type: 'pageview', url: 'https://shop.example.cn/plans/5g?utm_source=wechat&utm_campaign=newyear', referrer: 'https://weixin.qq.com/', utm: { source: 'wechat', campaign: 'newyear' } }),
    eventAt(start + 60_000, { type: 'pageview', url: 'https://shop.example.cn/plans/5g/199' }),
  ] });
  expect(first.statusCode, first.body).toBe(200);
  const later = start + 3 * hour;
  const expiresAt = Date.now() + 3_600_000;
  const identity = { kind: 'phone', value: '13807310001', expiresAt,
    signature: createHmac('sha256', identitySecret).update(identityMessage({ kind: 'phone', value: '13807310001', visitorId: 'visitor-li-ming', expiresAt })).digest('hex') };
  const second = await collect({ site: site.siteKey, visitorId: 'visitor-li-ming', sentAt: Date.now(), identity, events: [
    eventAt(later, { type: 'pageview', url: 'https://shop.example.cn/search?q=%E5%AE%BD%E5%B8%A6' }),
    eventAt(later + 10_000, { type: 'click', url: 'https://shop.example.cn/search?q=%E5%AE%BD%E5%B8%A6', target: 'https://shop.example.cn/broadband/300m' }),
    eventAt(later + 20_000, { type: 'custom', url: 'https://shop.example.cn/broadband/300m', name: 'order_started', props: { plan: '300M' } }),
  ] });
  expect(second.json()).toMatchObject({ identified: true });
});
afterAll(() => t.close());

const activityOf = (client: Client, customerId: string, query = '') => client({ method: 'GET', url: `/api/v1/customers/${customerId}/web-activity${query}` });

describe('a customer\'s web activity on the 360° page', () => {
  it('lists the linked visitor\'s sessions newest first, with landing page, source and events, earlier history included', async () => {
    const res = await activityOf(am, liMing);
    expect(res.statusCode, res.body).toBe(200);
    const { items, nextCursor } = res.json();
    expect(nextCursor).toBeNull();
    expect(items).toHaveLength(2);
    const [searching, fromCampaign] = items;
    expect(searching).toMatchObject({ siteName: '网上营业厅', sessionNumber: 2, pageViews: 1, landingPage: 'https://shop.example.cn/search?q=%E5%AE%BD%E5%B8%A6' });
    expect(searching.events.map((e: { type: string }) => e.type)).toEqual(['pageview', 'click', 'custom']);
    expect(searching.events[0].query).toBe('宽带');
    expect(searching.events[1].target).toBe('https://shop.example.cn/broadband/300m');
    expect(searching.events[2]).toMatchObject({ name: 'order_started', props: { plan: '300M' } });
    expect(fromCampaign).toMatchObject({ sessionNumber: 1, pageViews: 2, referrer: 'https://weixin.qq.com/', utm: { source: 'wechat', campaign: 'newyear', medium: null } });
    expect(new Date(fromCampaign.endedAt).getTime() - new Date(fromCampaign.startedAt).getTime()).toBe(60_000);
  });

  it('pages by cursor: one session a page, then the next, then none', async () => {
    const first = (await activityOf(am, liMing, '?limit=1')).json();
    expect(first.items.map((s: { sessionNumber: number }) => s.sessionNumber)).toEqual([2]);
    const second = (await activityOf(am, liMing, `?limit=1&cursor=${first.nextCursor}`)).json();
    expect(second.items.map((s: { sessionNumber: number }) => s.sessionNumber)).toEqual([1]);
    expect(second.nextCursor).toBeNull();
    const forged = await activityOf(am, liMing, '?cursor=bm90LWEta2V5');
    expect(forged.statusCode).toBe(400);
    expect(forged.json().field).toBe('cursor');
  });

  it('is empty for a customer no visitor is linked to', async () => {
    expect((await activityOf(am, stranger)).json()).toEqual({ items: [], nextCursor: null });
  });

  it('follows a merge: the merged customer\'s visitors and their sessions are the survivor\'s', async () => {
    const manager = await t.as('cs.manager');
    const merge = await manager({ method: 'POST', url: '/api/v1/customers/merge', payload: { survivorId: stranger, mergedId: liMing } });
    expect(merge.statusCode, merge.body).toBe(200);
    expect(merge.json().moved).toMatchObject({ visitors: 1 });
    expect((await activityOf(am, stranger)).json().items).toHaveLength(2);
    expect((await activityOf(am, liMing)).json().items).toEqual([]);
  });

  it('answers 404 for a customer of another unit, and 401 to someone not signed in', async () => {
    const zz = await t.as('zz.am1');
    expect((await activityOf(zz, liMing)).statusCode).toBe(404);
    expect((await activityOf(am, zhuzhouCustomer)).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/customers/${liMing}/web-activity` })).statusCode).toBe(401);
  });
});
