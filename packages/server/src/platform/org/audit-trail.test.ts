import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let province: Client;
type Entry = { id: number; action: string; entity: string; entityId: string };
const trail = async (client: Client, query: string) => {
  const res = await client({ method: 'GET', url: `/api/v1/audit?limit=200&${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: (Entry & Record<string, unknown>)[]; nextCursor: string | null };
};

beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  province = await t.as('hn.manager');
  // A change in a Changsha team and one in a Zhuzhou team, each by that team's account manager.
  for (const [username, name] of [['cs.am1', '审计长沙客户'], ['zz.am1', '审计株洲客户']]) {
    const am = await t.as(username);
    const res = await am({ method: 'POST', url: '/api/v1/customers', payload: { name, kind: 'individual' } });
    expect(res.statusCode, res.body).toBe(201);
    expect((await am({ method: 'PATCH', url: `/api/v1/customers/${res.json().id}`, payload: { tier: 'key', note: '年度大客户' } })).statusCode).toBe(200);
  }
});
afterAll(() => t.close());

describe('the audit trail', () => {
  it('reads a unit filter as the unit and every unit below it', async () => {
    const [changsha, zhuzhou] = t.org.networks;
    const ofChangsha = await trail(province, `unitId=${changsha.id}&entity=customer`);
    // The customers are filed on the network's teams, not on the network itself.
    expect(ofChangsha.items.length).toBeGreaterThanOrEqual(2);
    const ofZhuzhou = await trail(province, `unitId=${zhuzhou.id}&entity=customer`);
    expect(ofZhuzhou.items.length).toBeGreaterThanOrEqual(2);
    const ids = new Set(ofChangsha.items.map((e) => e.id));
    expect(ofZhuzhou.items.some((e) => ids.has(e.id))).toBe(false);
    // A Changsha manager asking for Zhuzhou's trail gets nothing, as for a unit that does not exist.
    expect((await trail(await t.as('cs.manager'), `unitId=${zhuzhou.id}`)).items).toEqual([]);
    expect((await trail(province, `unitId=${crypto.randomUUID()}`)).items).toEqual([]);
  });
});
