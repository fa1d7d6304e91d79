import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../platform/db/index.ts';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { expectRefused, type Refusal } from '../test/refusals.ts';
import { auditOf } from '../test/written.ts';

/**
 * 服务合同 — a customer's own SLA terms: they come before the general ones on the customer's
 * tickets, are read and set through the customer's scope, and follow the customer when merged.
 */
let t: TestApp;
let am1: Client;
let admin: Client;

beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  am1 = await t.as('cs.am1');
  admin = await t.as('admin');
});
afterAll(() => t.close());

const urgent = { priority: 'urgent', firstResponseMinutes: 5, nextResponseMinutes: 5, resolutionMinutes: 60, clock: 'around_the_clock' };
const contractUrl = (customerId: string) => `/api/v1/customers/${customerId}/service-contract`;

async function keyAccount(name: string) {
  const res = await am1({ method: 'POST', url: '/api/v1/customers', payload: { name, tier: 'key' } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}
async function setContract(customerId: string, policies: object[], client = admin) {
  const res = await client({ method: 'PUT', url: contractUrl(customerId), payload: { policies } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { customerId: string; items: { id: string; priority: string; productId: string | null; firstResponseMinutes: number; isActive: boolean }[] };
}
async function urgentTicket(customerId: string) {
  const res = await am1({ method: 'POST', url: '/api/v1/tickets', payload: { kind: 'fault', title: '专线中断', customerId, priority: 'urgent' } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; createdAt: string; firstResponseDueAt: string; slaPolicyId: string; slaPolicy: { name: string; isContract: boolean } | null };
}
const minutesToFirstResponse = (ticket: { createdAt: string; firstResponseDueAt: string }) =>
  (new Date(ticket.firstResponseDueAt).getTime() - new Date(ticket.createdAt).getTime()) / 60_000;
const contractRows = (customerId: string) => rows<{ id: string; priority: string; is_active: boolean }>(t.database.db,
  sql`select id, priority, is_active from sla_policies where customer_id = ${customerId} order by priority`);

describe('the contract on the customer\'s tickets', () => {
  it('gives the customer with a contract its shorter first response; another key account of the same tier keeps the tier\'s', async () => {
    const withContract = await keyAccount('合同大客户');
    const without = await keyAccount('无合同大客户');
    expect((await am1({ method: 'GET', url: contractUrl(withContract) })).json()).toEqual({ customerId: withContract, items: [] });
    const contract = await setContract(withContract, [urgent]);
    expect(contract.items).toMatchObject([{ priority: 'urgent', productId: null, firstResponseMinutes: 5, isActive: true, customerTier: null }]);
    const theirs = await urgentTicket(withContract);
    const other = await urgentTicket(without);
    expect(minutesToFirstResponse(theirs)).toBeCloseTo(5, 3);
    expect(theirs.slaPolicyId).toBe(contract.items[0].id);
    // The ticket says which terms it is timed by.
    expect([theirs.slaPolicy, other.slaPolicy]).toEqual([{ name: '服务合同 紧急', isContract: true }, { name: '大客户 紧急', isContract: false }]);
    // The key tier's urgent terms: 15 minutes.
    expect(minutesToFirstResponse(other)).toBeCloseTo(15, 3);
  });

  it('applies the customer\'s term for a product before its term for all services, on a ticket about that service', async () => {
    const customerId = await keyAccount('产品合同');
    const product = (await admin({ method: 'POST', url: '/api/v1/products', payload: { code: 'LINE-1000', name: '千兆专线', category: 'broadband', monthlyFeeFen: 99900 } })).json() as { id: string };
    const service = await am1({ method: 'POST', url: `/api/v1/customers/${customerId}/subscriptions`, payload: { productId: product.id, serviceNumber: '13974101234', startDate: '2026-01-01' } });
    expect(service.statusCode, service.body).toBe(201);
    await setContract(customerId, [urgent, { ...urgent, productId: product.id, firstResponseMinutes: 3 }]);
    const res = await am1({ method: 'POST', url: '/api/v1/tickets', payload: { kind: 'fault', title: '宽带断网', customerId, priority: 'urgent', subscriptionId: service.json().id } });
    expect(minutesToFirstResponse(res.json())).toBeCloseTo(3, 3);
    expect(minutesToFirstResponse(await urgentTicket(customerId))).toBeCloseTo(5, 3);
  });

  it('leaves open tickets their due times when the contract changes or ends, and keeps a term tickets were timed by, switched off', async () => {
    const customerId = await keyAccount('改合同');
    await setContract(customerId, [urgent, { ...urgent, priority: 'high', clock: 'business' }]);
    const ticket = await urgentTicket(customerId);
    const changed = await setContract(customerId, [{ ...urgent, firstResponseMinutes: 8 }]);
    expect(changed.items.map((p) => [p.priority, p.firstResponseMinutes])).toEqual([['urgent', 8]]);
    const after = (await am1({ method: 'GET', url: `/api/v1/tickets/${ticket.id}` })).json();
    expect(after.firstResponseDueAt).toBe(ticket.firstResponseDueAt);
    expect(minutesToFirstResponse(await urgentTicket(customerId))).toBeCloseTo(8, 3);
    // Ended: the term the tickets name stays, switched off; the general terms apply again.
    const ended = await setContract(customerId, []);
    expect(ended.items.map((p) => [p.priority, p.isActive])).toEqual([['urgent', false]]);
    expect(minutesToFirstResponse(await urgentTicket(customerId))).toBeCloseTo(15, 3);
    expect((await am1({ method: 'GET', url: `/api/v1/tickets/${ticket.id}` })).json().firstResponseDueAt).toBe(ticket.firstResponseDueAt);
    const trail = await auditOf(t.database.db, 'customer', customerId);
    expect(trail.filter((a) => a.action === 'sla.contract_changed')).toHaveLength(3);
  });

  it('is neither listed nor replaced by the general terms\' table', async () => {
    const customerId = await keyAccount('整表不动合同');
    await setContract(customerId, [urgent]);
    const general = (await admin({ method: 'GET', url: '/api/v1/service/sla-policies' })).json().items as Record<string, unknown>[];
    expect(general.some((p) => String(p.name).startsWith('服务合同'))).toBe(false);
    const policies = general.filter((p) => p.isActive).map(({ name, priority, customerTier, productId, firstResponseMinutes, nextResponseMinutes, resolutionMinutes, clock }) =>
      ({ name, priority, customerTier, productId, firstResponseMinutes, nextResponseMinutes, resolutionMinutes, clock }));
    const res = await admin({ method: 'PUT', url: '/api/v1/service/sla-policies', payload: { policies } });
    expect(res.statusCode, res.body).toBe(200);
    expect(await contractRows(customerId)).toMatchObject([{ priority: 'urgent', is_active: true }]);
    expect(minutesToFirstResponse(await urgentTicket(customerId))).toBeCloseTo(5, 3);
  });
});

describe('who reads and sets a contract', () => {
  it('is another unit\'s customer\'s contract a 404, to read and to set; the customer\'s account manager and their manager may read but not set (403)', async () => {
    const customerId = await keyAccount('长沙合同');
    const zhuzhou = (await admin({ method: 'GET', url: '/api/v1/org-units' })).json().items.find((u: { code: string }) => u.code === 'HN-ZZ');
    const made = await admin({ method: 'POST', url: '/api/v1/users', payload: { username: 'zz.admin2', displayName: '株洲管理员', role: 'admin', unitId: zhuzhou.id, password: 'xiang-demo-2026' } });
    expect(made.statusCode, made.body).toBe(201);
    const zzAdmin = await t.as('zz.admin2');
    expect((await (await t.as('zz.am1'))({ method: 'GET', url: contractUrl(customerId) })).statusCode).toBe(404);
    expect((await zzAdmin({ method: 'PUT', url: contractUrl(customerId), payload: { policies: [urgent] } })).statusCode).toBe(404);
    for (const username of ['cs.am1', 'cs.manager']) {
      const client = await t.as(username);
      expect((await client({ method: 'GET', url: contractUrl(customerId) })).statusCode).toBe(200);
      expect((await client({ method: 'PUT', url: contractUrl(customerId), payload: { policies: [urgent] } })).statusCode, username).toBe(403);
    }
    expect(await contractRows(customerId)).toEqual([]);
    // A local network's administrator sets their own customers' contracts.
    const zzCustomer = await zzAdmin({ method: 'POST', url: '/api/v1/customers', payload: { name: '株洲大客户', tier: 'key' } });
    await setContract(zzCustomer.json().id, [urgent], zzAdmin);
  });

  const bad: [string, object, string][] = [
    ['two terms for the same priority and product', { policies: [urgent, { ...urgent, firstResponseMinutes: 10 }] }, 'policies.1.priority'],
    ['a first response due after the resolution', { policies: [{ ...urgent, firstResponseMinutes: 90 }] }, 'policies.0.firstResponseMinutes'],
    ['no minutes at all', { policies: [{ ...urgent, resolutionMinutes: 0 }] }, 'policies.0.resolutionMinutes'],
    ['a fraction of a minute', { policies: [{ ...urgent, nextResponseMinutes: 1.5 }] }, 'policies.0.nextResponseMinutes'],
    ['a negative number of minutes', { policies: [{ ...urgent, firstResponseMinutes: -5 }] }, 'policies.0.firstResponseMinutes'],
    ['a product that does not exist', { policies: [{ ...urgent, productId: '00000000-0000-4000-8000-000000000009' }] }, 'policies.0.productId'],
    ['an unknown clock', { policies: [{ ...urgent, clock: 'lunar' }] }, 'policies.0.clock'],
    ['an unknown priority', { policies: [{ ...urgent, priority: 'critical' }] }, 'policies.0.priority'],
    ['a tier, which a contract has not', { policies: [{ ...urgent, customerTier: 'key' }] }, 'policies.0.customerTier'],
    ['terms not in a list', { policies: urgent }, 'policies'],
  ];
  it.each(bad)('refuses %s with 400 naming the row, and changes nothing', async (name, payload, field) => {
    const customerId = await keyAccount(`坏合同 ${name}`);
    await setContract(customerId, [{ ...urgent, priority: 'high' }]);
    const row: Refusal = { name, request: { method: 'PUT', url: contractUrl(customerId), payload }, status: 400, field };
    await expectRefused(t, admin, row);
  });

  it('names both rows when two terms are for the same priority and product', async () => {
    const res = await admin({ method: 'PUT', url: contractUrl(await keyAccount('重复条款')), payload: { policies: [urgent, { ...urgent, priority: 'high' }, urgent] } });
    expect(res.json()).toMatchObject({ status: 400, field: 'policies.2.priority', detail: 'Term 3 is for the same priority and product as term 1; keep one.' });
  });
});

describe('merging customers', () => {
  async function merge(survivorId: string, mergedId: string) {
    const res = await am1({ method: 'POST', url: '/api/v1/customers/merge', payload: { survivorId, mergedId } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  it('moves the merged customer\'s contract to the survivor, but the survivor\'s own term for a priority stands', async () => {
    const survivor = await keyAccount('合并保留');
    const merged = await keyAccount('合并被并');
    await setContract(survivor, [{ ...urgent, firstResponseMinutes: 7 }]);
    const theirs = await setContract(merged, [urgent, { ...urgent, priority: 'high', clock: 'business' }]);
    const result = await merge(survivor, merged);
    expect(result.moved).toMatchObject({ contractTerms: 1, contractTermsOverruled: 1 });
    const contract = (await am1({ method: 'GET', url: contractUrl(survivor) })).json().items as { id: string; priority: string; firstResponseMinutes: number }[];
    expect(contract.map((p) => [p.priority, p.firstResponseMinutes])).toEqual([['urgent', 7], ['high', 5]]);
    expect(contract.find((p) => p.priority === 'high')!.id).toBe(theirs.items.find((p) => p.priority === 'high')!.id);
    expect(minutesToFirstResponse(await urgentTicket(survivor))).toBeCloseTo(7, 3);
    // The merge's record says which term came over and which gave way.
    const [record] = await rows<{ moved: Record<string, string[]> }>(t.database.db, sql`select moved from customer_merges where merged_id = ${merged}`);
    expect(record.moved.contractTermsOverruled).toEqual([theirs.items.find((p) => p.priority === 'urgent')!.id]);
    expect(await contractRows(merged)).toMatchObject([{ priority: 'urgent', is_active: false }]);
  });

  it('refuses to set the contract of a customer merged into another (409), and changes nothing', async () => {
    const survivor = await keyAccount('合并后保留');
    const merged = await keyAccount('合并后不能改');
    await merge(survivor, merged);
    const res = await admin({ method: 'PUT', url: contractUrl(merged), payload: { policies: [urgent] } });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().mergedIntoId).toBe(survivor);
    expect(await contractRows(merged)).toEqual([]);
  });
});
