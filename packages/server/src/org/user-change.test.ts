import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { auditOf, canonical, typedText, writtenState } from '../test/written.ts';

let t: TestApp;
let admin: Client;
let userId: string;
let units: string[];

beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  admin = await t.as('admin');
  const changsha = t.org.networks[0];
  units = [changsha.id, ...changsha.teams.map((team) => team.id), t.org.networks[1].id];
  const created = await admin({ method: 'POST', url: '/api/v1/users', payload: {
    username: 'cs.change', displayName: '长沙测试账号', email: 'cs.change@xiang.example', role: 'account_manager', unitId: changsha.teams[1].id,
  } });
  expect(created.statusCode, created.body).toBe(201);
  userId = created.json().user.id;
});
afterAll(() => t.close());

const getUser = async () => (await admin({ method: 'GET', url: `/api/v1/users/${userId}` })).json();
const patch = (payload: object) => admin({ method: 'PATCH', url: `/api/v1/users/${userId}`, payload });

const userChange = () => fc.record({
  displayName: typedText(30, 1),
  email: fc.option(fc.constantFrom('a@xiang.example', 'li.ming@hn.xiang.example', 'zhang_san@example.cn')),
  role: fc.constantFrom('admin', 'manager', 'account_manager', 'sales', 'marketing', 'service_agent', 'analyst'),
  unitId: fc.constantFrom(...units),
  isDisabled: fc.boolean(),
}, { requiredKeys: [] });

describe('a partial update of a staff account', () => {
  it('refuses a field the route does not change (password, username) and changes nothing', async () => {
    for (const field of ['password', 'username', 'mustChangePassword']) {
      const before = await writtenState(t.database.db);
      const res = await patch({ displayName: '不应保存', [field]: field === 'mustChangePassword' ? false : 'x-new-value-123' });
      expect(res.statusCode, field).toBe(400);
      expect(res.json().field).toBe(field);
      expect(await writtenState(t.database.db)).toEqual(before);
    }
  });

  it('changes exactly the fields it names, and the audit row lists only what changed (property)', async () => {
    await fc.assert(fc.asyncProperty(userChange(), async (change) => {
      const before = await getUser();
      const trailBefore = await auditOf(t.database.db, 'user', userId);
      const res = await patch(change);
      expect(res.statusCode, res.body).toBe(200);
      const after = await getUser();
      const changedKeys = Object.keys(change).filter((k) => canonical(before[k]) !== canonical((change as Record<string, unknown>)[k]));
      for (const key of Object.keys(before)) {
        // The unit's names follow the unit.
        if (key === 'unitName' || key === 'unitNameEn') continue;
        const expected = key in change ? (change as Record<string, unknown>)[key] : before[key];
        expect(canonical(after[key]), key).toBe(canonical(expected));
      }
      const trail = (await auditOf(t.database.db, 'user', userId)).slice(trailBefore.length);
      if (!changedKeys.length) { expect(trail).toEqual([]); return; }
      expect(trail).toHaveLength(1);
      expect(trail[0].action).toBe('user.changed');
      expect(trail[0].before).toEqual(Object.fromEntries(changedKeys.map((k) => [k, before[k]])));
      expect(trail[0].after).toEqual(Object.fromEntries(changedKeys.map((k) => [k, after[k]])));
    }), { numRuns: 40 });
  });
});
