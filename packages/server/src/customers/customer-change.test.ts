import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { auditOf, calendarDay, canonical, typedText, writtenState } from '../test/written.ts';

let t: TestApp;
let am: Client;
let customerId: string;

const keyAccount = {
  name: '湘江星城科技有限公司', kind: 'enterprise', tier: 'key', gender: null, birthDate: null, customerSince: '2008-03-15',
  industry: '软件', address: '长沙市岳麓区', note: '年度框架合同', tags: ['政企', '重点'], attributes: { 合同号: 'HT-2024-001', 员工数: 320 },
};

beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  am = await t.as('cs.am1');
  const created = await am({ method: 'POST', url: '/api/v1/customers', payload: { ...keyAccount, identities: [{ kind: 'phone', value: '13907315555' }] } });
  expect(created.statusCode, created.body).toBe(201);
  customerId = created.json().id;
});
afterAll(() => t.close());

const getCustomer = async () => (await am({ method: 'GET', url: `/api/v1/customers/${customerId}` })).json();
const patch = (payload: unknown) => am({ method: 'PATCH', url: `/api/v1/customers/${customerId}`, payload: payload as object });

/** Any subset of the editable fields, each with any value staff may give it. */
const customerChange = fc.record({
  kind: fc.constantFrom('individual', 'enterprise'),
  name: typedText(40, 1),
  tier: fc.constantFrom('key', 'regular'),
  gender: fc.constantFrom('male', 'female', null),
  birthDate: fc.option(calendarDay),
  customerSince: fc.option(calendarDay),
  industry: fc.option(typedText(30)),
  address: fc.option(typedText(60)),
  note: fc.option(typedText(80)),
  tags: fc.uniqueArray(typedText(10, 1), { maxLength: 5 }),
  attributes: fc.dictionary(fc.constantFrom('合同号', 'level', '员工数', 'vip', 'x'),
    fc.oneof(typedText(20), fc.integer({ min: -1e6, max: 1e6 }), fc.boolean(), fc.constant(null)), { maxKeys: 4 }),
}, { requiredKeys: [] });

const editable = ['kind', 'name', 'tier', 'gender', 'birthDate', 'customerSince', 'industry', 'address', 'note', 'tags', 'attributes'];

describe('every PATCH route of the API', () => {
  it('fills in nothing a change does not name (no defaults) and takes no field it cannot change', () => {
    type Operation = { requestBody?: { content: Record<string, { schema: unknown }> } };
    const paths = (t.app.swagger() as { paths: Record<string, Record<string, Operation>> }).paths;
    const patches = Object.entries(paths).flatMap(([path, operations]) => (operations.patch ? [[path, operations.patch] as const] : []));
    expect(patches.length).toBeGreaterThanOrEqual(3);
    for (const [path, operation] of patches) {
      const body = JSON.stringify(operation.requestBody);
      expect(body, path).not.toContain('"default"');
      expect(body, path).toContain('"additionalProperties":false');
    }
  });
});

describe('a partial update of a customer', () => {
  it('keeps a key account a key account when the change does not name the tier', async () => {
    const res = await patch({ note: '只改备注' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ tier: 'key', kind: 'enterprise', note: '只改备注', customerSince: '2008-03-15' });
  });

  it('changes the customer-since date (入网日期) and clears it with null', async () => {
    expect((await patch({ customerSince: '1999-12-31' })).json().customerSince).toBe('1999-12-31');
    expect((await patch({ customerSince: null })).json().customerSince).toBeNull();
  });

  it('refuses a field it cannot change (unit, owner, identities, status) and changes nothing', async () => {
    for (const field of ['unitId', 'ownerId', 'identities', 'status', 'number']) {
      const before = await writtenState(t.database.db);
      const res = await patch({ note: '不应保存', [field]: field === 'identities' ? [] : t.org.networks[1].id });
      expect(res.statusCode, field).toBe(400);
      expect(res.json().field).toBe(field);
      expect(await writtenState(t.database.db)).toEqual(before);
    }
  });

  it('writes nothing, audits nothing and announces nothing when the change changes nothing', async () => {
    const current = await getCustomer();
    const before = await writtenState(t.database.db);
    const res = await patch({ name: current.name, tier: current.tier, tags: current.tags });
    expect(res.statusCode).toBe(200);
    expect(res.json().updatedAt).toBe(current.updatedAt);
    expect(await writtenState(t.database.db)).toEqual(before);
  });

  it('changes exactly the fields it names, and the audit row lists only what changed (property)', async () => {
    await fc.assert(fc.asyncProperty(customerChange, async (change) => {
      const before = await getCustomer();
      const trailBefore = await auditOf(t.database.db, 'customer', customerId);
      const res = await patch(change);
      expect(res.statusCode, res.body).toBe(200);
      const after = await getCustomer();
      const changedKeys = Object.keys(change).filter((k) => canonical(before[k]) !== canonical((change as Record<string, unknown>)[k]));
      for (const key of Object.keys(before)) {
        if (key === 'updatedAt') continue;
        const expected = key in change ? (change as Record<string, unknown>)[key] : before[key];
        expect(canonical(after[key]), key).toBe(canonical(expected));
      }
      const trail = (await auditOf(t.database.db, 'customer', customerId)).slice(trailBefore.length);
      if (!changedKeys.length) {
        expect(trail).toEqual([]);
        expect(after.updatedAt).toBe(before.updatedAt);
        return;
      }
      expect(trail).toHaveLength(1);
      expect(trail[0].action).toBe('customer.updated');
      expect(Object.keys(trail[0].before!).sort()).toEqual([...changedKeys].sort());
      expect(Object.keys(trail[0].after!).sort()).toEqual([...changedKeys].sort());
      for (const key of changedKeys) {
        expect(canonical(trail[0].before![key]), key).toBe(canonical(before[key]));
        expect(canonical(trail[0].after![key]), key).toBe(canonical(after[key]));
      }
      expect(changedKeys.every((k) => editable.includes(k))).toBe(true);
    }), { numRuns: 60 });
  });
});
