import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { rows } from '../platform/db/index.ts';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { expectRefused, type Refusal } from '../test/refusals.ts';
import { writtenState } from '../test/written.ts';
import { forgetRates } from './rate.ts';
import { siteServer, siteWithServer, type SiteWithServer } from './orders-test-kit.ts';

let t: TestApp;
let manager: Client;
let shop: SiteWithServer;
let zhuzhouShop: SiteWithServer;
const origin = 'https://shop.example.cn';

beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  manager = await t.as('cs.manager');
  shop = await siteWithServer(t, 'cs.manager', { name: '湘网商城', allowedOrigins: [origin] });
  zhuzhouShop = await siteWithServer(t, 'zz.manager', { name: '株洲商城', allowedOrigins: [origin] });
});
afterAll(() => t.close());
beforeEach(() => forgetRates());

let nextOrder = 0;
const order = (more: Record<string, unknown> = {}) => ({
  orderNumber: `SO-${++nextOrder}`,
  customer: { name: '王芳', phone: '13807311001' },
  items: [{ productCode: '5G-199', productName: '5G 畅享套餐 199 元', quantity: 1, unitPrice: 19900 }, { productCode: 'SIM', productName: '新号卡', quantity: 2, unitPrice: 1000 }],
  total: 21900, paymentMethod: 'alipay', isPaid: true, orderedAt: '2026-12-01T10:00:00+08:00',
  shippingAddress: { recipient: '王芳', phone: '13807311001', city: '长沙', line: '岳麓区麓山南路 1 号', postalCode: '410000' },
  ...more,
});
const postOrder = (body: object, site = shop) => siteServer(t, site)({ method: 'POST', url: `/api/v1/tracking/sites/${site.id}/orders`, payload: body });
const customerByPhone = async (phone: string) => (await rows<{ id: string; status: string; merged_into_id: string | null }>(t.database.db, sql`
  select c.id, c.status, c.merged_into_id from customers c join identities i on i.customer_id = c.id where i.kind = 'phone' and i.value = ${phone}`))[0];
const timelineOf = (customerId: string, type: string) => rows<{ summary: string; kind: string; payload: Record<string, unknown> }>(t.database.db,
  sql`select summary, kind, payload from interactions where customer_id = ${customerId} and type = ${type} order by id`);

describe('an online order that is refused: a problem naming the field, nothing written', () => {
  const without = (field: string) => Object.fromEntries(Object.entries(order()).filter(([key]) => key !== field));
  const item = (change: object) => order({ items: [{ productCode: 'A', productName: '甲', quantity: 1, unitPrice: 100, ...change }], total: 100 });
  const table: (Omit<Refusal, 'request'> & { body: () => object; as?: 'none' | 'agent' | 'zhuzhou' })[] = [
    { name: 'no order number', body: () => without('orderNumber'), status: 400, field: 'orderNumber' },
    { name: 'an order number with spaces', body: () => order({ orderNumber: 'SO 1' }), status: 400, field: 'orderNumber' },
    { name: 'an order number of 65 characters', body: () => order({ orderNumber: 'S'.repeat(65) }), status: 400, field: 'orderNumber' },
    { name: 'no customer', body: () => without('customer'), status: 400, field: 'customer' },
    { name: 'a customer with no phone, e-mail or member id', body: () => order({ customer: { name: '无名' } }), status: 400, field: 'customer' },
    { name: 'a phone that is no phone', body: () => order({ customer: { phone: '12345' } }), status: 400, field: 'customer.phone' },
    { name: 'an e-mail that is no e-mail', body: () => order({ customer: { email: 'wang.example.cn' } }), status: 400, field: 'customer.email' },
    { name: 'a customer field the API does not know', body: () => order({ customer: { phone: '13807311001', customerId: 'x' } }), status: 400, field: 'customer.customerId' },
    { name: 'no items', body: () => order({ items: [], total: 0 }), status: 400, field: 'items' },
    { name: '201 items', body: () => order({ items: Array.from({ length: 201 }, () => ({ productCode: 'A', productName: '甲', quantity: 1, unitPrice: 1 })), total: 201 }), status: 400, field: 'items' },
    { name: 'a negative quantity', body: () => item({ quantity: -1 }), status: 400, field: 'items.0.quantity' },
    { name: 'a quantity of nought', body: () => item({ quantity: 0 }), status: 400, field: 'items.0.quantity' },
    { name: 'a fractional quantity', body: () => item({ quantity: 1.5 }), status: 400, field: 'items.0.quantity' },
    { name: 'a unit price in yuan with decimals', body: () => item({ unitPrice: 1.99 }), status: 400, field: 'items.0.unitPrice' },
    { name: 'a negative unit price', body: () => item({ unitPrice: -100 }), status: 400, field: 'items.0.unitPrice' },
    { name: 'a unit price as text', body: () => item({ unitPrice: '100' }), status: 400, field: 'items.0.unitPrice' },
    { name: 'an item without a product code', body: () => item({ productCode: '' }), status: 400, field: 'items.0.productCode' },
    { name: 'an item without a name', body: () => item({ productName: undefined }), status: 400, field: 'items.0.productName' },
    { name: 'a total that is not the items\' sum', body: () => order({ total: 21800 }), status: 400, field: 'total' },
    { name: 'a negative total', body: () => order({ total: -1 }), status: 400, field: 'total' },
    { name: 'an unknown currency', body: () => order({ currency: 'BTC' }), status: 400, field: 'currency' },
    { name: 'a currency in lower case', body: () => order({ currency: 'cny' }), status: 400, field: 'currency' },
    { name: 'an unknown payment method', body: () => order({ paymentMethod: 'cheque' }), status: 400, field: 'paymentMethod' },
    { name: 'no paid flag', body: () => without('isPaid'), status: 400, field: 'isPaid' },
    { name: 'a paid flag as text', body: () => order({ isPaid: 'yes' }), status: 400, field: 'isPaid' },
    { name: 'no order time', body: () => without('orderedAt'), status: 400, field: 'orderedAt' },
    { name: 'an order time that does not exist', body: () => order({ orderedAt: '2026-02-30T10:00:00+08:00' }), status: 400, field: 'orderedAt' },
    { name: 'a shipping address without a line', body: () => order({ shippingAddress: { recipient: '王芳', phone: '13807311001' } }), status: 400, field: 'shippingAddress.line' },
    { name: 'a postal code of five digits', body: () => order({ shippingAddress: { recipient: '王芳', phone: '13807311001', line: '麓山南路', postalCode: '41000' } }), status: 400, field: 'shippingAddress.postalCode' },
    { name: 'a visitor id that is no visitor id', body: () => order({ visitorId: 'short' }), status: 400, field: 'visitorId' },
    { name: 'a field the API does not know', body: () => order({ discount: 100 }), status: 400, field: 'discount' },
    { name: 'a body over 256 KB', body: () => order({ customer: { phone: '13807311001', name: '王'.repeat(100_000) } }), status: 413, field: 'body' },
    { name: 'no token', body: () => order(), as: 'none', status: 401, field: undefined },
    { name: 'a token of a role that may not vouch (service agent)', body: () => order(), as: 'agent', status: 403, field: undefined },
    { name: 'a token of another unit\'s manager', body: () => order(), as: 'zhuzhou', status: 404, field: undefined },
  ];
  let agentToken = '';
  beforeAll(async () => {
    const agent = await t.as('cs.agent');
    agentToken = (await agent({ method: 'POST', url: '/api/v1/api-tokens', payload: { name: '坐席的令牌' } })).json().token;
    // A token's first use stamps its row; done here, so each refusal below is compared with a settled store.
    for (const token of [agentToken, shop.token, zhuzhouShop.token]) await t.app.inject({ method: 'GET', url: '/api/v1/tracking/sites', headers: { authorization: `Bearer ${token}` } });
  });
  for (const row of table) {
    it(`refuses ${row.name} (${row.status}, in both languages)`, async () => {
      const token = row.as === 'none' ? null : row.as === 'agent' ? agentToken : row.as === 'zhuzhou' ? zhuzhouShop.token : shop.token;
      const request: InjectOptions = { method: 'POST', url: `/api/v1/tracking/sites/${shop.id}/orders`, payload: row.body(), headers: token ? { authorization: `Bearer ${token}` } : {} };
      await expectRefused(t, (options) => t.app.inject(options), { ...row, request });
    });
  }
});

describe('an online order gives its customer an account at once', () => {
  it('makes a new customer in the site\'s unit on the first order, with the order on the timeline (201)', async () => {
    const res = await postOrder(order({ orderNumber: 'NEW-1', customer: { name: '新顾客', phone: '+86 138 0731 2001', email: 'xin@example.cn' } }));
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ orderNumber: 'NEW-1', customerMatch: 'created', total: 21900, currency: 'CNY', paymentMethod: 'alipay', isPaid: true, siteName: '湘网商城' });
    expect(body.items).toEqual(order().items);
    const customer = await manager({ method: 'GET', url: `/api/v1/customers/${body.customerId}` });
    expect(customer.json()).toMatchObject({ name: '新顾客', unitId: shop.unitId });
    expect((await customerByPhone('+8613807312001')).id).toBe(body.customerId);
    const [entry] = await timelineOf(body.customerId, 'web.order');
    expect(entry).toMatchObject({ kind: 'transactional' });
    expect(entry.summary).toContain('NEW-1');
    expect(entry.summary).toContain('¥219.00');
    expect(entry.summary).toContain('3 件');
  });

  it('matches a returning customer by phone however the site writes it, or by e-mail, and adds what it lacked', async () => {
    const first = (await postOrder(order({ customer: { phone: '13807312002' } }))).json();
    const again = await postOrder(order({ customer: { phone: '138-0731-2002', email: 'Return@Example.cn' } }));
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json()).toMatchObject({ customerId: first.customerId, customerMatch: 'found' });
    const byEmail = (await postOrder(order({ customer: { email: 'return@example.cn' } }))).json();
    expect(byEmail).toMatchObject({ customerId: first.customerId, customerMatch: 'found' });
    const orders = (await manager({ method: 'GET', url: `/api/v1/customers/${first.customerId}/orders` })).json();
    expect(orders.items).toHaveLength(3);
  });

  it('makes one customer of a new buyer\'s orders posted at once (on PostgreSQL, truly concurrently)', async () => {
    const answers = await Promise.all(['AT-ONCE-1', 'AT-ONCE-2', 'AT-ONCE-3'].map((orderNumber) => postOrder(order({ orderNumber, customer: { phone: '13807312009', email: 'atonce@example.cn' } }))));
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((a) => a.json().customerId)).size).toBe(1);
    expect(answers.map((a) => a.json().customerMatch).sort()).toEqual(['created', 'found', 'found']);
  });

  it('takes a retry with the same number and content as the same order (200), and refuses other content under it (409)', async () => {
    const body = order({ orderNumber: 'RETRY-1', customer: { phone: '13807312003' } });
    const first = await postOrder(body);
    expect(first.statusCode).toBe(201);
    const before = await writtenState(t.database.db);
    // The same order, its keys in another order, as another client library would write it.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const retry = await postOrder(reordered);
    expect(retry.statusCode, retry.body).toBe(200);
    expect(retry.json().id).toBe(first.json().id);
    expect(await writtenState(t.database.db)).toEqual(before);
    const clash = await postOrder({ ...body, isPaid: false });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().field).toBe('orderNumber');
    expect(await writtenState(t.database.db)).toEqual(before);
    // The same number on another site is another order.
    const elsewhere = await siteWithServer(t, 'cs.manager', { name: '积分商城', allowedOrigins: [origin] });
    expect((await postOrder(body, elsewhere)).statusCode).toBe(201);
  });

  it('writes all or nothing: a failure at the last write leaves no customer, order or link behind', async () => {
    // A real constraint of the store, failing the order's items after the customer was made.
    await t.database.db.execute(sql`alter table tracking_order_items add constraint no_broken_products check (product_code <> 'BROKEN')`);
    try {
      const before = await writtenState(t.database.db);
      await collectVisit('visitor-rolled-back');
      const visited = await writtenState(t.database.db);
      const res = await postOrder(order({ orderNumber: 'FAIL-1', customer: { name: '回滚', phone: '13807312004' }, visitorId: 'visitor-rolled-back',
        items: [{ productCode: 'BROKEN', productName: '坏商品', quantity: 1, unitPrice: 100 }], total: 100, consents: { sms: true } }));
      expect(res.statusCode).toBe(500);
      expect(await customerByPhone('+8613807312004')).toBeUndefined();
      expect(await writtenState(t.database.db)).toEqual(visited);
      expect(before.customers).toBe(visited.customers);
      const retried = await t.database.db.execute(sql`alter table tracking_order_items drop constraint no_broken_products`);
      void retried;
      const ok = await postOrder(order({ orderNumber: 'FAIL-1', customer: { name: '回滚', phone: '13807312004' }, visitorId: 'visitor-rolled-back',
        items: [{ productCode: 'BROKEN', productName: '坏商品', quantity: 1, unitPrice: 100 }], total: 100, consents: { sms: true } }));
      expect(ok.statusCode, ok.body).toBe(201);
      expect(ok.json()).toMatchObject({ customerMatch: 'created', isVisitorLinked: true });
    } finally {
      await t.database.db.execute(sql`alter table tracking_order_items drop constraint if exists no_broken_products`);
    }
  });

  it('merges two customers the order shows to be one person, the orders of both on the survivor', async () => {
    const am = await t.as('cs.am1');
    const byPhone = (await am({ method: 'POST', url: '/api/v1/customers', payload: { name: '赵磊', identities: [{ kind: 'phone', value: '13807312005' }] } })).json().id;
    const byEmail = (await am({ method: 'POST', url: '/api/v1/customers', payload: { name: '赵磊（邮箱）', identities: [{ kind: 'email', value: 'zhaolei@example.cn' }] } })).json().id;
    const earlier = (await postOrder(order({ customer: { email: 'zhaolei@example.cn' } }))).json();
    expect(earlier.customerId).toBe(byEmail);
    const res = await postOrder(order({ customer: { phone: '13807312005', email: 'zhaolei@example.cn' } }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ customerId: byPhone, customerMatch: 'merged' });
    const merged = (await rows<{ status: string; merged_into_id: string }>(t.database.db, sql`select status, merged_into_id from customers where id = ${byEmail}`))[0];
    expect(merged).toEqual({ status: 'merged', merged_into_id: byPhone });
    const orders = (await manager({ method: 'GET', url: `/api/v1/customers/${byPhone}/orders` })).json();
    expect(orders.items.map((o: { id: string }) => o.id)).toContain(earlier.id);
    const [merge] = await rows<{ moved: { orders: string[] } }>(t.database.db, sql`select moved from customer_merges where merged_id = ${byEmail}`);
    expect(merge.moved.orders).toEqual([earlier.id]);
  });

  it('links the buyer\'s browser: the visits before the order join the customer\'s timeline', async () => {
    await collectVisit('visitor-buyer-01', 3);
    const res = await postOrder(order({ customer: { phone: '13807312006' }, visitorId: 'visitor-buyer-01' }));
    expect(res.json()).toMatchObject({ customerMatch: 'created', isVisitorLinked: true });
    const customerId = res.json().customerId;
    const [identified] = await timelineOf(customerId, 'web.identified');
    expect(identified.payload).toMatchObject({ visitorId: 'visitor-buyer-01', pageViews: 3 });
    const activity = (await manager({ method: 'GET', url: `/api/v1/customers/${customerId}/web-activity` })).json();
    expect(activity.items[0].pageViews).toBe(3);
  });
});

describe('a customer\'s orders', () => {
  it('pages newest first, and another unit\'s staff cannot read them (404)', async () => {
    const phone = '13807312007';
    for (const day of ['01', '02', '03']) await postOrder(order({ customer: { phone }, orderedAt: `2026-11-${day}T09:00:00+08:00` }));
    const customerId = (await customerByPhone('+8613807312007')).id;
    const agent = await t.as('cs.agent');
    const first = (await agent({ method: 'GET', url: `/api/v1/customers/${customerId}/orders?limit=2` })).json();
    expect(first.items.map((o: { orderedAt: string }) => o.orderedAt.slice(0, 10))).toEqual(['2026-11-03', '2026-11-02']);
    const rest = (await agent({ method: 'GET', url: `/api/v1/customers/${customerId}/orders?limit=2&cursor=${first.nextCursor}` })).json();
    expect(rest.items.map((o: { orderedAt: string }) => o.orderedAt.slice(0, 10))).toEqual(['2026-11-01']);
    expect(rest.nextCursor).toBeNull();
    const zz = await t.as('zz.am1');
    expect((await zz({ method: 'GET', url: `/api/v1/customers/${customerId}/orders` })).statusCode).toBe(404);
  });

  it('is not written into another unit\'s site, nor does another unit\'s site find this unit\'s customer', async () => {
    const res = await postOrder(order({ customer: { phone: '13807312008' } }), zhuzhouShop);
    expect(res.statusCode, res.body).toBe(201);
    const zhuzhouCustomer = res.json().customerId;
    expect((await manager({ method: 'GET', url: `/api/v1/customers/${zhuzhouCustomer}/orders` })).statusCode).toBe(404);
    // The phone is now a Zhuzhou customer's: the Changsha site may not make a second one, nor learn whose it is.
    const here = await postOrder(order({ customer: { phone: '13807312008' } }));
    expect(here.statusCode).toBe(409);
    expect(here.body).not.toContain(zhuzhouCustomer);
  });
});

let nextEvent = 0;
/** Page views of a visitor before anyone knows who it is, as the script sends them. */
async function collectVisit(visitorId: string, pages = 1) {
  const events = Array.from({ length: pages }, (_, i) => ({ id: `ord-ev-${++nextEvent}-${visitorId}`.slice(0, 64), type: 'pageview', at: Date.now() - 10_000 + i, url: `${origin}/plans/${i}` }));
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/collect', payload: JSON.stringify({ site: shop.siteKey, visitorId, sentAt: Date.now(), events }),
    headers: { 'content-type': 'text/plain', origin, 'user-agent': 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36' } });
  expect(res.statusCode, res.body).toBe(200);
}
