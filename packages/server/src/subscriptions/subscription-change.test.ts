import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { auditOf, calendarDay, canonical, writtenState } from '../test/written.ts';

let t: TestApp;
let am: Client;
let customerId: string;
let productId: string;

beforeAll(async () => {
  t = await startTestApp({ customers: 1 });
  am = await t.as('cs.am1');
  customerId = (await am({ method: 'POST', url: '/api/v1/customers', payload: { name: '业务变更测试' } })).json().id;
  productId = (await am({ method: 'GET', url: '/api/v1/products' })).json().items.find((p: { code: string }) => p.code === 'BB-1000M').id;
});
afterAll(() => t.close());

let lineNumber = 0;
async function openService() {
  const res = await am({ method: 'POST', url: `/api/v1/customers/${customerId}/subscriptions`, payload: {
    productId, serviceNumber: `CS-BB-${String(++lineNumber).padStart(4, '0')}`, startDate: '2024-06-01',
  } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

const serviceOf = async (id: string) =>
  (await am({ method: 'GET', url: `/api/v1/customers/${customerId}/subscriptions` })).json().items.find((s: { id: string }) => s.id === id);

const subscriptionChange = fc.record({
  status: fc.constantFrom('active', 'suspended', 'terminated'),
  endDate: fc.option(fc.oneof(calendarDay, fc.constantFrom('2024-05-31', '2024-06-01', '2030-12-31'))),
  monthlyFeeFen: fc.integer({ min: 0, max: 1_000_000 }),
}, { requiredKeys: [] });

type Change = { status?: string; endDate?: string | null; monthlyFeeFen?: number };

/**
 * One change, checked against the rules: an ended service stays ended, an end is not before the
 * start, ending a service without an end date ends it today. Otherwise exactly the named fields change.
 */
async function changeAndCheck(id: string, change: Change) {
  const before = await serviceOf(id);
  const state = await writtenState(t.database.db);
  const trailBefore = await auditOf(t.database.db, 'subscription', id);
  const res = await am({ method: 'PATCH', url: `/api/v1/customers/${customerId}/subscriptions/${id}`, payload: change });
  const today = new Date().toISOString().slice(0, 10);
  const endDate = change.status === 'terminated' && !change.endDate && !before.endDate ? today : change.endDate;
  const refusal = before.status === 'terminated' && change.status && change.status !== 'terminated' ? 'status'
    : endDate && endDate < before.startDate ? 'endDate' : null;
  if (refusal) {
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().field).toBe(refusal);
    expect(await writtenState(t.database.db)).toEqual(state);
    return;
  }
  expect(res.statusCode, res.body).toBe(200);
  const expected = { ...before, ...change, ...(endDate !== undefined ? { endDate } : {}) };
  const after = await serviceOf(id);
  expect(after).toEqual(expected);
  const changedKeys = Object.keys(expected).filter((k) => canonical(before[k]) !== canonical(expected[k]));
  const trail = (await auditOf(t.database.db, 'subscription', id)).slice(trailBefore.length);
  if (!changedKeys.length) { expect(trail).toEqual([]); return; }
  expect(trail).toHaveLength(1);
  expect(trail[0].before).toEqual(Object.fromEntries(changedKeys.map((k) => [k, before[k]])));
  expect(trail[0].after).toEqual(Object.fromEntries(changedKeys.map((k) => [k, after[k]])));
}

describe('a partial update of a service', () => {
  it('keeps the fee when only the status changes, and refuses a field it cannot change', async () => {
    const id = await openService();
    await changeAndCheck(id, { monthlyFeeFen: 9900 });
    await changeAndCheck(id, { status: 'suspended' });
    expect((await serviceOf(id)).monthlyFeeFen).toBe(9900);
    const state = await writtenState(t.database.db);
    const res = await am({ method: 'PATCH', url: `/api/v1/customers/${customerId}/subscriptions/${id}`, payload: { status: 'active', serviceNumber: 'CS-BB-9999' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe('serviceNumber');
    expect(await writtenState(t.database.db)).toEqual(state);
  });

  it('changes exactly the fields it names, and the audit row lists only what changed (property)', async () => {
    await fc.assert(fc.asyncProperty(subscriptionChange, subscriptionChange, async (first, second) => {
      const id = await openService();
      await changeAndCheck(id, first);
      await changeAndCheck(id, second);
    }), { numRuns: 30 });
  });
});
