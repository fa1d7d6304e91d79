import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { rows } from '../platform/db/index.ts';
import { startTestApp, type TestApp } from '../test/harness.ts';
import { expectRefused, type Refusal } from '../test/refusals.ts';
import { writtenState } from '../test/written.ts';
import { forgetRates } from './rate.ts';
import { siteServer, siteWithServer, type SiteWithServer } from './orders-test-kit.ts';

let t: TestApp;
let shop: SiteWithServer;
let zhuzhouShop: SiteWithServer;
let liMing: string;
const origin = 'https://shop.example.cn';
const browser = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36';

beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  shop = await siteWithServer(t, 'cs.manager', { name: '网上营业厅', allowedOrigins: [origin] });
  zhuzhouShop = await siteWithServer(t, 'zz.manager', { name: '株洲营业厅', allowedOrigins: [origin] });
  for (const token of [shop.token, zhuzhouShop.token]) await t.app.inject({ method: 'GET', url: '/api/v1/tracking/sites', headers: { authorization: `Bearer ${token}` } });
  const am = await t.as('cs.am1');
  liMing = (await am({ method: 'POST', url: '/api/v1/customers', payload: { name: '李明', identities: [{ kind: 'phone', value: '13807310001' }] } })).json().id;
});
afterAll(() => t.close());
beforeEach(() => forgetRates());

const register = (body: object, site = shop) => siteServer(t, site)({ method: 'POST', url: `/api/v1/tracking/sites/${site.id}/registrations`, payload: body });
const fromPage = (body: object, pageOrigin = origin): InjectOptions => ({
  method: 'POST', url: '/api/v1/collect/registrations', payload: JSON.stringify({ site: shop.siteKey, ...body }),
  headers: { 'content-type': 'text/plain', origin: pageOrigin, 'user-agent': browser },
});
const consentsOf = (customerId: string) => rows<{ channel: string; is_granted: boolean; source: string }>(t.database.db,
  sql`select channel, is_granted, source from customer_consents where customer_id = ${customerId} order by channel`);

describe('a registration the site\'s server vouches for', () => {
  it('makes a new customer in the site\'s unit with the form\'s consents, and links the visitor', async () => {
    await t.app.inject({ method: 'POST', url: '/api/v1/collect', payload: JSON.stringify({ site: shop.siteKey, visitorId: 'visitor-new-reg', sentAt: Date.now(), events: [{ id: 'reg-ev-00001', type: 'pageview', at: Date.now() - 5000, url: `${origin}/register` }] }),
      headers: { 'content-type': 'text/plain', origin, 'user-agent': browser } });
    const res = await register({ person: { name: '陈静', phone: '13807315001', email: 'chenjing@example.cn' }, visitorId: 'visitor-new-reg', consents: { sms: true, email: false } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ customerMatch: 'created', isVisitorLinked: true });
    const { customerId } = res.json();
    const [customer] = await rows<{ name: string; unit_id: string }>(t.database.db, sql`select name, unit_id from customers where id = ${customerId}`);
    expect(customer).toEqual({ name: '陈静', unit_id: shop.unitId });
    expect(await consentsOf(customerId)).toEqual([{ channel: 'email', is_granted: false, source: 'web_form' }, { channel: 'sms', is_granted: true, source: 'web_form' }]);
    const entries = await rows<{ type: string }>(t.database.db, sql`select type from interactions where customer_id = ${customerId} order by id`);
    expect(entries.map((e) => e.type)).toEqual(expect.arrayContaining(['web.identified', 'web.registered']));
  });

  it('finds the customer who already holds the phone, and a second registration is the same customer', async () => {
    const first = await register({ person: { phone: '+86 138 0731 0001', memberId: 'M-1' } });
    expect(first.json()).toMatchObject({ customerId: liMing, customerMatch: 'found', isVisitorLinked: false });
    const byMember = await register({ person: { memberId: 'M-1' } });
    expect(byMember.json()).toMatchObject({ customerId: liMing, customerMatch: 'found' });
  });

  const table: (Omit<Refusal, 'request'> & { body: object; site?: () => SiteWithServer; token?: string })[] = [
    { name: 'no person', body: {}, status: 400, field: 'person' },
    { name: 'a person with no phone, e-mail or member id', body: { person: { name: '某人' } }, status: 400, field: 'person' },
    { name: 'a bad phone', body: { person: { phone: '0000' } }, status: 400, field: 'person.phone' },
    { name: 'a bad e-mail', body: { person: { email: 'no-at-sign' } }, status: 400, field: 'person.email' },
    { name: 'a member id of 65 characters', body: { person: { memberId: 'M'.repeat(65) } }, status: 400, field: 'person.memberId' },
    { name: 'a consent that is not true or false', body: { person: { phone: '13807315002' }, consents: { sms: 'yes' } }, status: 400, field: 'consents.sms' },
    { name: 'a consent for a channel there is none of', body: { person: { phone: '13807315002' }, consents: { fax: true } }, status: 400, field: 'consents.fax' },
    { name: 'a customer id from the site', body: { person: { phone: '13807315002' }, customerId: '00000000-0000-0000-0000-000000000000' }, status: 400, field: 'customerId' },
    { name: 'no token', body: { person: { phone: '13807315002' } }, token: '', status: 401, field: undefined },
    { name: 'a token of a role that may not vouch (sales)', body: { person: { phone: '13807315002' } }, token: 'sales', status: 403, field: undefined },
    { name: 'a name of 101 characters', body: { person: { phone: '13807315002', name: '名'.repeat(101) } }, status: 400, field: 'person.name' },
    { name: 'another unit\'s site', body: { person: { phone: '13807315002' } }, site: () => zhuzhouShop, token: 'shop', status: 404, field: undefined },
  ];
  let salesToken = '';
  beforeAll(async () => {
    const sales = await t.as('cs.sales');
    salesToken = (await sales({ method: 'POST', url: '/api/v1/api-tokens', payload: { name: '销售的令牌' } })).json().token;
    await t.app.inject({ method: 'GET', url: '/api/v1/tracking/sites', headers: { authorization: `Bearer ${salesToken}` } });
  });
  for (const row of table) {
    it(`refuses ${row.name} (${row.status}, in both languages)`, () => {
      const site = row.site?.() ?? shop;
      const token = row.token === '' ? null : row.token === 'sales' ? salesToken : shop.token;
      return expectRefused(t, (options) => t.app.inject(options), { ...row, request: {
        method: 'POST', url: `/api/v1/tracking/sites/${site.id}/registrations`, payload: row.body, headers: token ? { authorization: `Bearer ${token}` } : {},
      } });
    });
  }
});

describe('a registration from a page\'s form, unsigned', () => {
  it('answers the same whether or not the phone is a customer\'s, and joins no one to anyone', async () => {
    await t.app.inject({ method: 'POST', url: '/api/v1/collect', payload: JSON.stringify({ site: shop.siteKey, visitorId: 'visitor-claims-li', sentAt: Date.now(), events: [{ id: 'reg-ev-00002', type: 'pageview', at: Date.now() - 5000, url: `${origin}/register` }] }),
      headers: { 'content-type': 'text/plain', origin, 'user-agent': browser } });
    const before = await writtenState(t.database.db);
    const known = await t.app.inject(fromPage({ visitorId: 'visitor-claims-li', person: { name: '李明', phone: '13807310001' } }));
    const unknown = await t.app.inject(fromPage({ visitorId: 'visitor-claims-li', person: { name: '路人', phone: '13807319999' } }));
    expect([known.statusCode, unknown.statusCode]).toEqual([202, 202]);
    expect(known.body).toBe(unknown.body);
    const after = await writtenState(t.database.db);
    // Two leads kept for staff; not a customer, identity, consent, link or timeline entry more.
    expect(after).toEqual({ ...before, registrationLeads: Number(before.registrationLeads) + 2 });
    const [visitor] = await rows<{ customer_id: string | null }>(t.database.db, sql`select customer_id from tracking_visitors where visitor_id = 'visitor-claims-li'`);
    expect(visitor.customer_id).toBeNull();
    const leads = await rows<{ phone: string; name: string }>(t.database.db, sql`select phone, name from tracking_registration_leads where site_id = ${shop.id} order by received_at`);
    expect(leads.map((l) => l.phone)).toEqual(['13807310001', '13807319999']);
  });

  const table: (Omit<Refusal, 'request'> & { request: () => InjectOptions })[] = [
    { name: 'a page of another origin', request: () => fromPage({ person: { phone: '13807315003' } }, 'https://evil.example.com'), status: 403, field: 'origin' },
    { name: 'an unknown site key', request: () => ({ ...fromPage({}), payload: JSON.stringify({ site: 'no-such-site', person: { phone: '13807315003' } }) }), status: 404, field: 'site' },
    { name: 'a bad phone', request: () => fromPage({ person: { phone: '1' } }), status: 400, field: 'person.phone' },
    { name: 'a bad e-mail', request: () => fromPage({ person: { email: 'a@' } }), status: 400, field: 'person.email' },
    { name: 'no phone, e-mail or member id', request: () => fromPage({ person: { name: '某人' } }), status: 400, field: 'person' },
    { name: 'an identity signature (a form cannot vouch)', request: () => fromPage({ person: { phone: '13807315003' }, signature: 'a'.repeat(64) }), status: 400, field: 'signature' },
    { name: 'a body over 8 KB', request: () => fromPage({ person: { phone: '13807315003', name: '名'.repeat(5000) } }), status: 413, field: 'body' },
  ];
  for (const row of table) {
    it(`refuses ${row.name} (${row.status}, in both languages)`, () => expectRefused(t, (options) => t.app.inject(options), { ...row, request: row.request() }));
  }
});
