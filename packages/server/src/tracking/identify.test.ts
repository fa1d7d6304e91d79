import { createHmac } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { rows } from '../platform/db/index.ts';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { expectRefused, type Refusal } from '../test/refusals.ts';
import { auditOf } from '../test/written.ts';
import { forgetRates } from './rate.ts';

let t: TestApp;
let manager: Client;
let shop: { id: string; siteKey: string; secret: string };
let otherShop: { id: string; siteKey: string; secret: string };
let askingSite: { id: string; siteKey: string; secret: string };
let liMing: string;
let zhuzhouCustomer: string;
const origin = 'https://shop.example.cn';
const browser = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36';
const crawler = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

async function registerSite(payload: object) {
  const site = (await manager({ method: 'POST', url: '/api/v1/tracking/sites', payload })).json();
  const secret = (await manager({ method: 'GET', url: `/api/v1/tracking/sites/${site.id}/identity-secret` })).json().identitySecret;
  return { id: site.id as string, siteKey: site.siteKey as string, secret: secret as string };
}

beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  manager = await t.as('cs.manager');
  shop = await registerSite({ name: '网上营业厅', allowedOrigins: [origin] });
  otherShop = await registerSite({ name: '积分商城', allowedOrigins: [origin] });
  askingSite = await registerSite({ name: '门户（需同意）', allowedOrigins: [origin], consentMode: 'required' });
  const am = await t.as('cs.am1');
  const customer = await am({ method: 'POST', url: '/api/v1/customers', payload: { name: '李明', identities: [{ kind: 'phone', value: '13807310001' }, { kind: 'member_id', value: 'M-2026-0001' }] } });
  expect(customer.statusCode, customer.body).toBe(201);
  liMing = customer.json().id;
  const zz = await t.as('zz.am1');
  zhuzhouCustomer = (await zz({ method: 'POST', url: '/api/v1/customers', payload: { name: '株洲客户', identities: [{ kind: 'phone', value: '13907330002' }] } })).json().id;
});
afterAll(() => t.close());
beforeEach(() => forgetRates());

const sign = (secret: string, kind: string, value: string) => createHmac('sha256', secret).update(`${kind}:${value}`).digest('hex');
let nextId = 0;
const pageView = (at = Date.now(), url = 'https://shop.example.cn/plans') => ({ id: `idv${String(++nextId).padStart(8, '0')}${Math.random().toString(36).slice(2, 8)}`, type: 'pageview', at, url });
const post = (payload: object, agent = browser): InjectOptions => ({
  method: 'POST', url: '/api/v1/collect', payload: JSON.stringify(payload),
  headers: { 'content-type': 'text/plain', 'user-agent': agent, origin },
});
const send = (payload: object, agent?: string) => t.app.inject(post(payload, agent));
const batch = (visitorId: string, identity?: object, more: object = {}) => ({ site: shop.siteKey, visitorId, sentAt: Date.now(), events: [pageView()], ...(identity ? { identity } : {}), ...more });
const signed = (kind: string, value: string, secret = shop.secret) => ({ kind, value, signature: sign(secret, kind, value) });

const customerOf = async (siteId: string, visitorId: string) => (await rows<{ customer_id: string | null }>(t.database.db,
  sql`select customer_id from tracking_visitors where site_id = ${siteId} and visitor_id = ${visitorId}`))[0]?.customer_id ?? null;
/** The customer's timeline entries for being identified on a site, of one visitor or of any. */
const webEntries = (customerId: string, visitorId?: string) => rows<{ summary: string; payload: { pageViews: number; visitorId: string } }>(t.database.db,
  sql`select summary, payload from interactions where customer_id = ${customerId} and type = 'web.identified'
    ${visitorId ? sql`and payload->>'visitorId' = ${visitorId}` : sql``} order by id`);

describe('an identity that is refused: the whole batch, with nothing stored', () => {
  const table: (Omit<Refusal, 'request'> & { identity: () => object })[] = [
    { name: 'a wrong signature', identity: () => ({ ...signed('phone', '13807310001'), signature: sign(shop.secret, 'phone', '13807310009') }), status: 403, field: 'identity.signature' },
    { name: 'a signature of another site\'s secret', identity: () => signed('phone', '13807310001', otherShop.secret), status: 403, field: 'identity.signature' },
    { name: 'a signature for another kind of the same value', identity: () => ({ kind: 'member_id', value: '13807310001', signature: sign(shop.secret, 'phone', '13807310001') }), status: 403, field: 'identity.signature' },
    { name: 'a signature that is not hexadecimal', identity: () => ({ kind: 'phone', value: '13807310001', signature: 'z'.repeat(64) }), status: 403, field: 'identity.signature' },
    { name: 'a signature cut short', identity: () => ({ ...signed('phone', '13807310001'), signature: sign(shop.secret, 'phone', '13807310001').slice(0, 63) }), status: 403, field: 'identity.signature' },
    { name: 'a signature in base64', identity: () => ({ kind: 'phone', value: '13807310001', signature: createHmac('sha256', shop.secret).update('phone:13807310001').digest('base64') }), status: 403, field: 'identity.signature' },
    { name: 'an empty signature', identity: () => ({ kind: 'phone', value: '13807310001', signature: '' }), status: 403, field: 'identity.signature' },
    { name: 'no kind', identity: () => ({ value: '13807310001', signature: sign(shop.secret, 'undefined', '13807310001') }), status: 400, field: 'identity.kind' },
    { name: 'a kind identities do not know', identity: () => signed('qq', '10001'), status: 400, field: 'identity.kind' },
    { name: 'no signature', identity: () => ({ kind: 'phone', value: '13807310001' }), status: 400, field: 'identity.signature' },
    { name: 'a signed phone that is no phone number', identity: () => signed('phone', 'not a phone'), status: 400, field: 'identity.value' },
  ];
  for (const row of table) {
    it(`refuses ${row.name} (${row.status}, in both languages)`, () =>
      expectRefused(t, (options) => t.app.inject(options), { ...row, request: post(batch('visitor-refused', row.identity())) }));
  }

  it('refuses the old signature once the secret is rotated, and takes the new one', async () => {
    const old = signed('phone', '13807310001');
    const rotated = await manager({ method: 'POST', url: `/api/v1/tracking/sites/${shop.id}/identity-secret` });
    expect(rotated.statusCode, rotated.body).toBe(200);
    const secret = rotated.json().identitySecret as string;
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(secret).not.toBe(shop.secret);
    await expectRefused(t, (options) => t.app.inject(options), { name: 'old', status: 403, field: 'identity.signature', request: post(batch('visitor-rotated', old)) });
    shop.secret = secret;
    const res = await send(batch('visitor-rotated', signed('phone', '13807310001')));
    expect(res.statusCode, res.body).toBe(200);
    // The trail says that the secret changed, never what it is or was.
    const trail = await auditOf(t.database.db, 'site', shop.id);
    const entry = trail.find((a) => a.action === 'site.identity_secret_rotated');
    expect(entry).toBeTruthy();
    expect(JSON.stringify(trail)).not.toContain(secret);
  });
});

describe('identifying a visitor', () => {
  it('links the visitor to the customer holding the identity, whatever way the site writes the phone, with one timeline entry', async () => {
    const visitorId = 'visitor-li-ming';
    await send({ ...batch(visitorId), events: [pageView(Date.now() - 3000), pageView(Date.now() - 2000, 'https://shop.example.cn/5g')] });
    expect(await customerOf(shop.id, visitorId)).toBeNull();
    const first = await send(batch(visitorId, signed('phone', '+86 138 0731 0001')));
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ stored: 1, duplicates: 0, identified: true });
    expect(await customerOf(shop.id, visitorId)).toBe(liMing);
    const [entry, ...more] = await webEntries(liMing, visitorId);
    expect(more).toEqual([]);
    expect(entry.summary).toContain('网上营业厅');
    expect(entry.payload).toMatchObject({ visitorId, pageViews: 3 });
    // The script sends the identity again with every later batch: no second entry.
    const second = await send(batch(visitorId, signed('phone', '13807310001')));
    expect(second.json()).toMatchObject({ identified: true });
    expect(await webEntries(liMing, visitorId)).toHaveLength(1);
  });

  it('links by member id too', async () => {
    const res = await send(batch('visitor-member', signed('member_id', 'M-2026-0001')));
    expect(res.json()).toMatchObject({ identified: true });
    expect(await customerOf(shop.id, 'visitor-member')).toBe(liMing);
  });

  it('stores the events and leaves the visitor unlinked when no customer holds the identity', async () => {
    const res = await send(batch('visitor-stranger', signed('email', 'stranger@example.cn')));
    expect(res.json()).toEqual({ stored: 1, duplicates: 0, identified: false });
    expect(await customerOf(shop.id, 'visitor-stranger')).toBeNull();
  });

  it('does not link a customer of a unit the site\'s unit cannot see', async () => {
    const res = await send(batch('visitor-zhuzhou', signed('phone', '13907330002')));
    expect(res.json()).toMatchObject({ identified: false });
    expect(await customerOf(shop.id, 'visitor-zhuzhou')).toBeNull();
    expect(await webEntries(zhuzhouCustomer)).toEqual([]);
  });

  it('never links a crawler, nor a visitor before consent on a site that asks for it', async () => {
    const bot = await send(batch('visitor-bot', signed('phone', '13807310001')), crawler);
    expect(bot.json()).toMatchObject({ stored: 1, identified: false });
    const asked = (consent?: boolean) => ({ ...batch('visitor-asked', signed('phone', '13807310001', askingSite.secret)), site: askingSite.siteKey, ...(consent ? { consent } : {}) });
    expect((await send(asked())).json()).toMatchObject({ stored: 1, identified: false });
    expect(await rows(t.database.db, sql`select * from tracking_visitors where site_id = ${askingSite.id}`)).toEqual([]);
    expect((await send(asked(true))).json()).toMatchObject({ identified: true });
    expect(await customerOf(askingSite.id, 'visitor-asked')).toBe(liMing);
  });

  it('does not take a customer id from the browser: only the signature links', async () => {
    const res = await send({ ...batch('visitor-claims'), customerId: liMing });
    expect(res.statusCode).toBe(400);
    expect(await customerOf(shop.id, 'visitor-claims')).toBeNull();
  });
});

describe('the identity secret', () => {
  it('is shown to those who manage sites only, and never in the sites list', async () => {
    const agent = await t.as('cs.agent');
    expect((await agent({ method: 'GET', url: `/api/v1/tracking/sites/${shop.id}/identity-secret` })).statusCode).toBe(403);
    expect((await agent({ method: 'POST', url: `/api/v1/tracking/sites/${shop.id}/identity-secret` })).statusCode).toBe(403);
    const list = await agent({ method: 'GET', url: '/api/v1/tracking/sites' });
    expect(list.body).not.toContain(shop.secret);
    expect(list.body).not.toContain('identitySecret');
    expect((await manager({ method: 'GET', url: `/api/v1/tracking/sites/${shop.id}` })).body).not.toContain(shop.secret);
    const zz = await t.as('zz.manager');
    expect((await zz({ method: 'GET', url: `/api/v1/tracking/sites/${shop.id}/identity-secret` })).statusCode).toBe(404);
  });
});
