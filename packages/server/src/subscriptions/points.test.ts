import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../platform/db/index.ts';
import { hashPassword } from '../platform/auth/secrets.ts';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';

/** 积分 — points earned on paid bills, adjusted by staff with a reason, seen by the customer in the portal. */
let t: TestApp;
let am1: Client;
let phoneSeq = 0;
beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  am1 = await t.as('cs.am1');
});
afterAll(() => t.close());

/** A customer of Changsha's with one open bill of the amount given (bills come from the billing system, not the API). */
async function customerWithBill(amountFen: number) {
  const mobile = `1397418${String(++phoneSeq).padStart(4, '0')}`;
  const made = await am1({ method: 'POST', url: '/api/v1/customers', payload: { name: '积分客户', identities: [{ kind: 'phone', value: mobile }] } });
  expect(made.statusCode, made.body).toBe(201);
  const id = made.json().id as string;
  const [bill] = await rows<{ id: string }>(t.database.db, sql`
    insert into bills (customer_id, period, amount_fen, due_date) values (${id}, '2026-11', ${amountFen}, '2026-12-15') returning id`);
  return { id, mobile, billId: bill.id };
}
const pointsOf = async (customerId: string, client = am1) => (await client({ method: 'GET', url: `/api/v1/customers/${customerId}/points` })).json();
const pay = (customerId: string, billId: string, amountFen: number) =>
  am1({ method: 'POST', url: `/api/v1/customers/${customerId}/payments`, payload: { billId, amountFen, method: 'wechat' } });

describe('points', () => {
  it('a bill paid in full earns one point a whole yuan, once, when the last payment covers it', async () => {
    const c = await customerWithBill(12_999);
    expect((await pay(c.id, c.billId, 5_000)).statusCode).toBe(201);
    expect((await pointsOf(c.id)).balance).toBe(0);
    expect((await pay(c.id, c.billId, 7_999)).statusCode).toBe(201);
    const points = await pointsOf(c.id);
    expect(points).toMatchObject({ balance: 129, entries: [{ points: 129, reason: 'bill_paid', billId: c.billId }] });
    // The 360° view counts them too.
    expect((await am1({ method: 'GET', url: `/api/v1/customers/${c.id}/360` })).json().figures.points).toBe(129);
  });

  it('staff add and take away points with a reason; the balance never goes below zero', async () => {
    const c = await customerWithBill(5_000);
    await pay(c.id, c.billId, 5_000);
    const added = await am1({ method: 'POST', url: `/api/v1/customers/${c.id}/points`, payload: { points: 200, note: '投诉补偿' } });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json().balance).toBe(250);
    const taken = await am1({ method: 'POST', url: `/api/v1/customers/${c.id}/points`, payload: { points: -251, note: '兑换话费' } });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ field: 'points', detail: 'The customer has 250 points; an adjustment cannot take more than that.' });
    expect((await pointsOf(c.id)).entries.map((e: { points: number; note: string | null }) => [e.points, e.note])).toEqual([[200, '投诉补偿'], [50, null]]);
    const trail = (await (await t.as('cs.manager'))({ method: 'GET', url: `/api/v1/audit?entity=customer&entityId=${c.id}&action=points.adjusted` })).json().items;
    expect(trail).toHaveLength(1);
  });

  it('two deductions at once cannot both spend the same points', async () => {
    const c = await customerWithBill(10_000);
    await pay(c.id, c.billId, 10_000);
    const answers = await Promise.all(Array.from({ length: 4 }, () => am1({ method: 'POST', url: `/api/v1/customers/${c.id}/points`, payload: { points: -60, note: '兑换' } })));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409, 409, 409]);
    expect((await pointsOf(c.id)).balance).toBe(40);
  });

  it.each([
    ['no points', { note: '补偿' }, 'points'],
    ['zero points', { points: 0, note: '补偿' }, 'points'],
    ['a fraction', { points: 1.5, note: '补偿' }, 'points'],
    ['points as text', { points: '10', note: '补偿' }, 'points'],
    ['too many', { points: 1_000_001, note: '补偿' }, 'points'],
    ['no reason', { points: 10 }, 'note'],
    ['a blank reason', { points: 10, note: '   ' }, 'note'],
    ['a field it does not know', { points: 10, note: '补偿', expiresAt: '2027-01-01' }, undefined],
  ])('refuses an adjustment with %s, and changes nothing', async (_, payload, field) => {
    const c = await customerWithBill(1_000);
    const res = await am1({ method: 'POST', url: `/api/v1/customers/${c.id}/points`, payload });
    expect(res.statusCode, res.body).toBe(400);
    if (field) expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await pointsOf(c.id)).toEqual({ balance: 0, entries: [] });
  });

  it('says what is wrong in the console\'s language', async () => {
    const c = await customerWithBill(1_000);
    const res = await am1({ method: 'POST', url: `/api/v1/customers/${c.id}/points`, headers: { 'accept-language': 'zh-CN' }, payload: { points: 0, note: ' ' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { message: string }) => e.message).sort()).toEqual(['请说明调整积分的原因。', '调整的积分不能为 0。'].sort());
  });

  it('a service agent may read points but not change them', async () => {
    const c = await customerWithBill(1_000);
    const agent = await t.as('cs.agent');
    expect((await agent({ method: 'POST', url: `/api/v1/customers/${c.id}/points`, payload: { points: 10, note: '补偿' } })).statusCode).toBe(403);
    expect((await pointsOf(c.id)).balance).toBe(0);
  });

  it('the customer sees their own points in the portal, and a merge keeps them', async () => {
    const c = await customerWithBill(8_800);
    await pay(c.id, c.billId, 8_800);
    await t.database.db.execute(sql`insert into portal_accounts (phone, customer_id, password_hash, password_set_at)
      values (${`+86${c.mobile}`}, ${c.id}, ${await hashPassword('portal-points-1')}, now())`);
    const signIn = await t.app.inject({ method: 'POST', url: '/api/v1/portal/sessions', payload: { method: 'password', phone: c.mobile, password: 'portal-points-1' } });
    expect(signIn.statusCode, signIn.body).toBe(204);
    const cookie = String(signIn.headers['set-cookie']).split(';')[0];
    await am1({ method: 'POST', url: `/api/v1/customers/${c.id}/points`, payload: { points: 12, note: '内部：投诉安抚' } });
    const mine = await t.app.inject({ method: 'GET', url: '/api/v1/portal/points', headers: { cookie } });
    expect(mine.json()).toMatchObject({ balance: 100, entries: [{ points: 12, reason: 'adjusted' }, { points: 88, reason: 'bill_paid' }] });
    // Staff's reason is for colleagues: the customer sees the adjustment, not why.
    expect(mine.body).not.toContain('投诉安抚');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/portal/me', headers: { cookie } })).json().figures.points).toBe(100);

    const survivor = await customerWithBill(2_000);
    await pay(survivor.id, survivor.billId, 2_000);
    const merged = await am1({ method: 'POST', url: '/api/v1/customers/merge', payload: { survivorId: survivor.id, mergedId: c.id } });
    expect(merged.statusCode, merged.body).toBe(200);
    expect((await pointsOf(survivor.id)).balance).toBe(120);
  });
});
