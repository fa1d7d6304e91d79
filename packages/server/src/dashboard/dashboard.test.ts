import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test/harness.ts';

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
});
