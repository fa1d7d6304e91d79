import { createHmac } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { rows } from '../platform/db/index.ts';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { expectRefused, type Refusal } from '../test/refusals.ts';
import { auditOf } from '../test/written.ts';
import { forgetRates } from './rate.ts';
import fc from 'fast-check';
import { identityLifetimeMs, identityMessage, type CollectIdentity } from '@xiang/shared';
import { Problem } from '../platform/errors.ts';
import { vouchedIdentity } from './ingest.ts';

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

const inAnHour = () => Date.now() + 3_600_000;
/** As the site's server signs: for the visitor of this batch (the xiang_vid cookie), until an hour from now. */
const sign = (secret: string, kind: string, value: string, visitorId = 'visitor-refused', expiresAt = inAnHour()) =>
  createHmac('sha256', secret).update(identityMessage({ kind, value, visitorId, expiresAt })).digest('hex');
let nextId = 0;
const pageView = (at = Date.now(), url = 'https://shop.example.cn/plans') => ({ id: `idv${String(++nextId).padStart(8, '0')}${Math.random().toString(36).slice(2, 8)}`, type: 'pageview', at, url });
const post = (payload: object, agent = browser): InjectOptions => ({
  method: 'POST', url: '/api/v1/collect', payload: JSON.stringify(payload),
  headers: { 'content-type': 'text/plain', 'user-agent': agent, origin },
});
const send = (payload: object, agent?: string) => t.app.inject(post(payload, agent));
const batch = (visitorId: string, identity?: object | ((visitorId: string) => object), more: object = {}) => ({
  site: shop.siteKey, visitorId, sentAt: Date.now(), events: [pageView()],
  ...(identity ? { identity: typeof identity === 'function' ? identity(visitorId) : identity } : {}), ...more,
});
/** The identity as the site's server hands it to the page: signed for the batch's visitor, good for an hour. */
const signed = (kind: string, value: string, secret = shop.secret) => (visitorId: string) => {
  const expiresAt = inAnHour();
  return { kind, value, expiresAt, signature: sign(secret, kind, value, visitorId, expiresAt) };
};

const customerOf = async (siteId: string, visitorId: string) => (await rows<{ customer_id: string | null }>(t.database.db,
  sql`select customer_id from tracking_visitors where site_id = ${siteId} and visitor_id = ${visitorId}`))[0]?.customer_id ?? null;
/** The customer's timeline entries for being identified on a site, of one visitor or of any. */
const webEntries = (customerId: string, visitorId?: string) => rows<{ summary: string; payload: { pageViews: number; visitorId: string } }>(t.database.db,
  sql`select summary, payload from interactions where customer_id = ${customerId} and type = 'web.identified'
    ${visitorId ? sql`and payload->>'visitorId' = ${visitorId}` : sql``} order by id`);

const good = () => signed('phone', '13807310001')('visitor-refused');
const withoutVisitor = (body: { visitorId?: string }, isLeftOut: boolean) => {
  if (isLeftOut) delete body.visitorId;
  return body;
};

describe('an identity that is refused: the whole batch, with nothing stored', () => {
  const table: (Omit<Refusal, 'request'> & { identity: () => object; visitorId?: string })[] = [
    { name: 'a wrong signature', identity: () => ({ ...good(), signature: sign(shop.secret, 'phone', '13807310009') }), status: 403, field: 'identity.signature' },
    { name: 'a signature of another site\'s secret', identity: () => signed('phone', '13807310001', otherShop.secret)('visitor-refused'), status: 403, field: 'identity.signature' },
    { name: 'a signature for another kind of the same value', identity: () => ({ ...good(), kind: 'member_id' }), status: 403, field: 'identity.signature' },
    { name: 'a signature that is not hexadecimal', identity: () => ({ ...good(), signature: 'z'.repeat(64) }), status: 403, field: 'identity.signature' },
    { name: 'a signature cut short', identity: () => ({ ...good(), signature: good().signature.slice(0, 63) }), status: 403, field: 'identity.signature' },
    { name: 'a signature in base64', identity: () => ({ ...good(), signature: Buffer.from(good().signature, 'hex').toString('base64') }), status: 403, field: 'identity.signature' },
    { name: 'an empty signature', identity: () => ({ ...good(), signature: '' }), status: 403, field: 'identity.signature' },
    { name: 'a signature made for another visitor (copied from another browser\'s page)', identity: () => signed('phone', '13807310001')('visitor-elsewhere'), status: 403, field: 'identity.signature' },
    { name: 'a signature with its expiry moved later', identity: () => ({ ...good(), expiresAt: inAnHour() + 60_000 }), status: 403, field: 'identity.signature' },
    { name: 'a signature of the old form, kind:value only', identity: () => ({ ...good(), signature: createHmac('sha256', shop.secret).update('phone:13807310001').digest('hex') }), status: 403, field: 'identity.signature' },
    { name: 'an expired signature', identity: () => ({ ...good(), expiresAt: 1_000, signature: sign(shop.secret, 'phone', '13807310001', 'visitor-refused', 1_000) }), status: 403, field: 'identity.expiresAt' },
    { name: 'a signature good for more than a day', identity: () => { const at = Date.now() + 2 * 86_400_000; return { ...good(), expiresAt: at, signature: sign(shop.secret, 'phone', '13807310001', 'visitor-refused', at) }; }, status: 403, field: 'identity.expiresAt' },
    { name: 'an identity in a batch that names no visitor', identity: () => good(), visitorId: '', status: 403, field: 'visitorId' },
    { name: 'no expiry', identity: () => { const { expiresAt: _e, ...rest } = good(); return rest; }, status: 400, field: 'identity.expiresAt' },
    { name: 'no kind', identity: () => { const { kind: _k, ...rest } = good(); return rest; }, status: 400, field: 'identity.kind' },
    { name: 'a kind identities do not know', identity: () => signed('qq', '10001')('visitor-refused'), status: 400, field: 'identity.kind' },
    { name: 'no signature', identity: () => { const { signature: _s, ...rest } = good(); return rest; }, status: 400, field: 'identity.signature' },
    { name: 'a signed phone that is no phone number', identity: () => signed('phone', 'not a phone')('visitor-refused'), status: 400, field: 'identity.value' },
  ];
  for (const row of table) {
    it(`refuses ${row.name} (${row.status}, in both languages)`, () =>
      expectRefused(t, (options) => t.app.inject(options), { ...row, request: post(withoutVisitor(batch('visitor-refused', row.identity()), row.visitorId === '')) }));
  }

  it('refuses the old signature once the secret is rotated, and takes the new one', async () => {
    const old = signed('phone', '13807310001')('visitor-rotated');
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
  it('refuses the old signature at once when another process rotates the secret (nothing cached)', async () => {
    const visitorId = 'visitor-other-process';
    expect((await send(batch(visitorId, signed('phone', '13807310001')))).statusCode).toBe(200);
    // Another server process rotates: this one's cache of sites is not told.
    await t.database.db.execute(sql`update tracking_sites set identity_secret = ${'b'.repeat(64)} where id = ${shop.id}`);
    const res = await send(batch(visitorId, signed('phone', '13807310001')));
    expect(res.statusCode, res.body).toBe(403);
    expect(res.json().field).toBe('identity.signature');
    expect((await send(batch(visitorId, signed('phone', '13807310001', 'b'.repeat(64))))).statusCode).toBe(200);
    shop.secret = 'b'.repeat(64);
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

describe('a signature is for one identity, one visitor and one expiry', () => {
  const secret = 'a'.repeat(64);
  const now = Date.UTC(2026, 11, 4);
  const identity = fc.record({
    kind: fc.constantFrom('phone', 'email', 'member_id'),
    value: fc.string({ minLength: 1, maxLength: 40 }),
    visitorId: fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/),
    expiresAt: fc.integer({ min: now + 1, max: now + identityLifetimeMs }),
  });
  const change = fc.constantFrom('kind', 'value', 'visitorId', 'expiresAt');

  it('refuses it as soon as any of them is changed', () => {
    fc.assert(fc.property(identity, change, fc.string({ minLength: 1, maxLength: 40 }), (signedFor, field, other) => {
      const signature = createHmac('sha256', secret).update(identityMessage(signedFor)).digest('hex');
      const sent = { ...signedFor, signature };
      if (field === 'kind') sent.kind = signedFor.kind === 'phone' ? 'email' : 'phone';
      if (field === 'value') sent.value = signedFor.value + other;
      if (field === 'expiresAt') sent.expiresAt = signedFor.expiresAt - 1;
      const visitorId = field === 'visitorId' ? `${signedFor.visitorId.slice(0, 63)}${signedFor.visitorId.endsWith('x') ? 'y' : 'x'}` : signedFor.visitorId;
      const { visitorId: _v, ...claim } = sent;
      try {
        vouchedIdentity(secret, claim as CollectIdentity, visitorId, now);
        return false;
      } catch (error) {
        return error instanceof Problem && error.status === 403 && error.extra.field === 'identity.signature';
      }
    }), { numRuns: 300 });
  });
});
