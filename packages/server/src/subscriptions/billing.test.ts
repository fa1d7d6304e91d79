import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';

let t: TestApp;
let am: Client;
let customer: { id: string };
beforeAll(async () => {
  t = await startTestApp({ customers: 30 });
  am = await t.as('cs.am1');
  // A demo customer of this account manager's team with bills.
  const items = (await am({ method: 'GET', url: '/api/v1/customers?limit=50' })).json().items;
  for (const c of items) {
    const bills = (await am({ method: 'GET', url: `/api/v1/customers/${c.id}/bills` })).json().items;
    if (bills.some((b: { status: string }) => b.status !== 'paid') || !customer) customer = c;
    if (bills.some((b: { status: string }) => b.status !== 'paid')) break;
  }
});
afterAll(() => t.close());

describe('services and billing', () => {
  it('opens a service with the product\'s fee, suspends it, and ends it with an end date; an ended one stays ended', async () => {
    const products = (await am({ method: 'GET', url: '/api/v1/products' })).json().items;
    const broadband = products.find((p: { code: string }) => p.code === 'BB-1000M');
    const opened = await am({ method: 'POST', url: `/api/v1/customers/${customer.id}/subscriptions`, payload: { productId: broadband.id, serviceNumber: 'CS-BB-0001', startDate: '2026-02-01' } });
    expect(opened.statusCode, opened.body).toBe(201);
    expect(opened.json()).toMatchObject({ status: 'active', monthlyFeeFen: 15900, category: 'broadband' });
    const url = `/api/v1/customers/${customer.id}/subscriptions/${opened.json().id}`;
    expect((await am({ method: 'PATCH', url, payload: { status: 'suspended' } })).json().status).toBe('suspended');
    const ended = (await am({ method: 'PATCH', url, payload: { status: 'terminated' } })).json();
    expect(ended.endDate).toBe(new Date().toISOString().slice(0, 10));
    expect((await am({ method: 'PATCH', url, payload: { status: 'active' } })).json().field).toBe('status');
  });

  it('refuses a mobile service whose number is not a phone number', async () => {
    const mobile = (await am({ method: 'GET', url: '/api/v1/products' })).json().items.find((p: { category: string }) => p.category === 'mobile');
    const res = await am({ method: 'POST', url: `/api/v1/customers/${customer.id}/subscriptions`, payload: { productId: mobile.id, serviceNumber: '12-34', startDate: '2026-02-01' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe('serviceNumber');
  });

  it('records payments against a bill until it is paid, and refuses paying more than is owed', async () => {
    const bills = (await am({ method: 'GET', url: `/api/v1/customers/${customer.id}/bills?limit=24` })).json().items;
    const bill = bills.find((b: { status: string }) => b.status !== 'paid');
    expect(bill, 'the demo data has unpaid bills').toBeDefined();
    const owed = bill.amountFen - bill.paidFen;
    const tooMuch = await am({ method: 'POST', url: `/api/v1/customers/${customer.id}/payments`, payload: { billId: bill.id, amountFen: owed + 1, method: 'wechat' } });
    expect(tooMuch.json().field).toBe('amountFen');
    expect(tooMuch.json().detail).toBe(`The bill has ${(owed / 100).toFixed(2)} yuan left to pay.`);
    // The console asks in the person's language, and the answer (and its field message) comes in it.
    const inChinese = await am({ method: 'POST', url: `/api/v1/customers/${customer.id}/payments`, headers: { 'accept-language': 'zh-CN,zh;q=0.9' }, payload: { billId: bill.id, amountFen: owed + 1, method: 'wechat' } });
    expect(inChinese.json().detail).toBe(`该账单尚欠 ${(owed / 100).toFixed(2)} 元，缴费金额不能超过欠费。`);
    expect(inChinese.json().errors[0]).toEqual({ field: 'amountFen', message: inChinese.json().detail });
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    const future = await am({ method: 'POST', url: `/api/v1/customers/${customer.id}/payments`, payload: { billId: bill.id, amountFen: 1, method: 'wechat', paidAt: tomorrow } });
    expect(future.json().field).toBe('paidAt');
    const half = Math.floor(owed / 2);
    await am({ method: 'POST', url: `/api/v1/customers/${customer.id}/payments`, payload: { billId: bill.id, amountFen: half, method: 'wechat' } });
    const rest = await am({ method: 'POST', url: `/api/v1/customers/${customer.id}/payments`, payload: { billId: bill.id, amountFen: owed - half, method: 'alipay' } });
    expect(rest.statusCode, rest.body).toBe(201);
    const after = (await am({ method: 'GET', url: `/api/v1/customers/${customer.id}/bills?limit=24` })).json().items.find((b: { id: string }) => b.id === bill.id);
    expect(after).toMatchObject({ status: 'paid', paidFen: bill.amountFen });
    expect((await am({ method: 'POST', url: `/api/v1/customers/${customer.id}/payments`, payload: { billId: bill.id, amountFen: 1, method: 'cash' } })).statusCode).toBe(409);
  });

  it('lets only an administrator add a product, with a unique code', async () => {
    const product = { code: 'MOB-39', name: '畅享 39元套餐', category: 'mobile', monthlyFeeFen: 3900 };
    expect((await am({ method: 'POST', url: '/api/v1/products', payload: product })).statusCode).toBe(403);
    const admin = await t.as('admin');
    expect((await admin({ method: 'POST', url: '/api/v1/products', payload: product })).statusCode).toBe(201);
    expect((await admin({ method: 'POST', url: '/api/v1/products', payload: product })).json().field).toBe('code');
  });
});
