import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../platform/db/index.ts';
import { startTestApp, type TestApp } from '../test/harness.ts';
import { forgetUnitFigures } from './service.ts';

describe('dashboard', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp({ customers: 300 }); });
  afterAll(async () => { await t.close(); });

  it('asks who is calling', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/dashboard/figures' });
    expect(res.statusCode).toBe(401);
  });

  it('gives a manager the figures of their own units only', async () => {
    const province = (await (await t.as('hn.manager'))({ method: 'GET', url: '/api/v1/dashboard/figures' })).json();
    const changsha = (await (await t.as('cs.manager'))({ method: 'GET', url: '/api/v1/dashboard/figures' })).json();
    expect(province.totals.customers).toBeGreaterThan(changsha.totals.customers);
    expect(changsha.totals.customers).toBeGreaterThan(0);
    const changshaUnits = (await (await t.as('cs.manager'))({ method: 'GET', url: '/api/v1/org-units' })).json().items.map((u: { id: string }) => u.id);
    for (const row of changsha.byUnit) expect(changshaUnits).toContain(row.unitId);
    const byTier = changsha.byTier.reduce((n: number, r: { customers: number }) => n + r.customers, 0);
    expect(byTier).toBe(changsha.totals.customers);
  });

  it('computes the figures once for everybody who sees the same units, and says when', async () => {
    const first = (await (await t.as('cs.manager'))({ method: 'GET', url: '/api/v1/dashboard/figures' })).json();
    const again = (await (await t.as('cs.manager'))({ method: 'GET', url: '/api/v1/dashboard/figures' })).json();
    expect(new Date(first.asOf).getTime()).toBeLessThanOrEqual(Date.now());
    expect(again.asOf).toBe(first.asOf);
    const zhuzhou = (await (await t.as('zz.manager'))({ method: 'GET', url: '/api/v1/dashboard/figures' })).json();
    expect(zhuzhou.totals.customers).not.toBe(first.totals.customers);
  });

  it('gives an account manager the open bills and recent timeline of their own customers', async () => {
    const am = await t.as('cs.am1');
    const me = (await am({ method: 'GET', url: '/api/v1/me' })).json();
    const work = (await am({ method: 'GET', url: '/api/v1/dashboard/my-work' })).json();
    expect(work.counts.customers).toBeGreaterThan(0);
    const mine = (await am({ method: 'GET', url: `/api/v1/customers?ownerId=${me.user.id}&limit=200` })).json().items.map((c: { id: string }) => c.id);
    for (const row of [...work.openBills, ...work.recentInteractions]) expect(mine).toContain(row.customerId);
  });

  it('counts every open bill of an account manager and of a customer, not the first twenty listed', async () => {
    const am = await t.as('cs.am1');
    const me = (await am({ method: 'GET', url: '/api/v1/me' })).json();
    const customer = (await am({ method: 'POST', url: '/api/v1/customers', payload: { name: '欠费很多的人', kind: 'individual' } })).json();
    // 25 months unpaid, the oldest 20 of them past due: more than any list on the home page shows.
    await t.database.db.execute(sql`insert into bills (customer_id, period, amount_fen, paid_fen, due_date, status)
      select ${customer.id}::uuid, to_char(date '2023-01-01' + make_interval(months => n), 'YYYY-MM'), 10000 + n, 100,
        date '2023-02-20' + make_interval(months => n), case when n < 20 then 'overdue' else 'open' end
      from generate_series(0, 24) n`);
    const [expected] = await rows<{ bills: number; overdue: number; owed: string }>(t.database.db, sql`
      select count(*)::int bills, (count(*) filter (where b.status = 'overdue'))::int overdue, sum(b.amount_fen - b.paid_fen)::text owed
      from bills b join customers c on c.id = b.customer_id
      where c.owner_id = ${me.user.id}::uuid and c.status = 'active' and b.status <> 'paid'`);

    const work = (await am({ method: 'GET', url: '/api/v1/dashboard/my-work' })).json();
    expect(expected.bills).toBeGreaterThan(25);
    expect(work.openBills).toHaveLength(20);
    expect(work.counts.openBills).toBe(expected.bills);
    expect(work.counts.overdueBills).toBe(expected.overdue);
    expect(work.counts.owedFen).toBe(Number(expected.owed));

    const view = (await am({ method: 'GET', url: `/api/v1/customers/${customer.id}/360` })).json();
    expect(view.openItems).toEqual({ unpaidBills: 25, overdueBills: 20 });
    expect(view.figures.owedFen).toBe(Array.from({ length: 25 }, (_, n) => 10000 + n - 100).reduce((a, b) => a + b, 0));
    // The bills tab asks for the unpaid bills and a year more; all 25 it counts are on it.
    const tab = (await am({ method: 'GET', url: `/api/v1/customers/${customer.id}/bills?limit=37` })).json().items;
    expect(tab.filter((b: { status: string }) => b.status !== 'paid')).toHaveLength(25);
    expect(tab.filter((b: { status: string }) => b.status === 'overdue')).toHaveLength(20);
  });

  it('reads a unit filter as the unit and every unit below it, and gives nothing for a unit out of sight', async () => {
    const province = await t.as('hn.manager');
    const figuresOf = async (client: typeof province, unitId: string) => {
      const res = await client({ method: 'GET', url: `/api/v1/dashboard/figures?unitId=${unitId}` });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    const activeBelow = async (unitId: string) => (await rows<{ n: number }>(t.database.db, sql`select count(*)::int n
      from customers c join org_units u on u.id = c.unit_id
      where c.status = 'active' and u.path like (select path from org_units where id = ${unitId}) || '%'`))[0].n;
    const [changsha, zhuzhou] = t.org.networks;
    // The network's customers are filed on its teams: the filter reaches them.
    const network = await figuresOf(province, changsha.id);
    expect(network.totals.customers).toBe(await activeBelow(changsha.id));
    expect(network.totals.customers).toBeGreaterThan(0);
    expect(network.byUnit.map((u: { unitId: string }) => u.unitId)).not.toContain(zhuzhou.id);
    const team = changsha.teams[0].id;
    expect((await figuresOf(province, team)).totals.customers).toBe(await activeBelow(team));
    expect((await figuresOf(await t.as('cs.manager'), zhuzhou.id)).totals.customers).toBe(0);
    expect((await figuresOf(province, crypto.randomUUID())).totals.customers).toBe(0);
    const bad = await province({ method: 'GET', url: '/api/v1/dashboard/figures?unitId=changsha' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('unitId');
  });

  it('forgets the kept figures when told a bulk load has ended, so the next look counts everything', async () => {
    const manager = await t.as('zz.manager');
    const figures = async () => (await manager({ method: 'GET', url: '/api/v1/dashboard/figures' })).json();
    const before = await figures();
    const am = await t.as('zz.am1');
    expect((await am({ method: 'POST', url: '/api/v1/customers', payload: { name: '后到的客户' } })).statusCode).toBe(201);
    expect((await figures()).totals.customers).toBe(before.totals.customers);
    forgetUnitFigures(t.database.db);
    expect((await figures()).totals.customers).toBe(before.totals.customers + 1);
  });
});
