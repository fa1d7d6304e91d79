import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../platform/db/index.ts';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';

let t: TestApp;
let provinceManager: Client;
let changshaManager: Client;
let am: Client; // Changsha public customers team
const ids = (page: { items: { id: string }[] }) => page.items.map((c) => c.id).sort();

beforeAll(async () => {
  t = await startTestApp({ customers: 80 });
  provinceManager = await t.as('hn.manager');
  changshaManager = await t.as('cs.manager');
  am = await t.as('cs.am1');
});
afterAll(() => t.close());

/** The active customers of a unit and every unit below it, straight from the database. */
async function customersBelow(unitId: string) {
  const found = await rows<{ id: string }>(t.database.db, sql`select c.id from customers c join org_units u on u.id = c.unit_id
    where c.status = 'active' and u.path like (select path from org_units where id = ${unitId}) || '%'`);
  return found.map((c) => c.id).sort();
}

const list = async (client: Client, query: string) => (await client({ method: 'GET', url: `/api/v1/customers?limit=200&${query}` })).json();
const exported = async (client: Client, query: string) => {
  const res = await client({ method: 'GET', url: `/api/v1/customers/export.csv?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.body.trim().split('\r\n').length - 1;
};

describe('a unit filter', () => {
  it('finds the customers of a local network\'s teams, not only those filed on the network itself', async () => {
    const changsha = t.org.networks[0];
    const expected = await customersBelow(changsha.id);
    expect(expected.length).toBeGreaterThan(5);
    expect(ids(await list(changshaManager, `unitId=${changsha.id}`))).toEqual(expected);
    expect(ids(await list(provinceManager, `unitId=${changsha.id}`))).toEqual(expected);
    expect(ids(await list(provinceManager, `unitId=${t.org.provinceId}`))).toEqual(await customersBelow(t.org.provinceId));
    const team = changsha.teams[1].id;
    expect(ids(await list(changshaManager, `unitId=${team}`))).toEqual(await customersBelow(team));
  });

  it('means the same subtree in the export', async () => {
    const changsha = t.org.networks[0];
    expect(await exported(changshaManager, `unitId=${changsha.id}`)).toBe((await customersBelow(changsha.id)).length);
    expect(await exported(provinceManager, `unitId=${t.org.networks[1].id}`)).toBe((await customersBelow(t.org.networks[1].id)).length);
  });

  it('gives nothing for a unit the caller cannot see (another network, the caller\'s own parent, one that does not exist)', async () => {
    const [changsha, zhuzhou] = t.org.networks;
    for (const unitId of [zhuzhou.id, changsha.id, t.org.provinceId, changsha.teams[0].id, crypto.randomUUID()]) {
      expect((await list(am, `unitId=${unitId}`)).items, unitId).toEqual([]);
      expect(await exported(am, `unitId=${unitId}`), unitId).toBe(0);
    }
    expect((await list(changshaManager, `unitId=${zhuzhou.id}`)).items).toEqual([]);
  });

  it('lists the staff of a unit and every unit below it, and no one for a unit out of sight', async () => {
    const admin = await t.as('admin');
    const changsha = t.org.networks[0];
    const staff = (await admin({ method: 'GET', url: `/api/v1/users?unitId=${changsha.id}` })).json().items.map((u: { username: string }) => u.username);
    expect(staff).toEqual(expect.arrayContaining(['cs.manager', 'cs.agent', 'cs.key1', 'cs.am1', 'cs.am2']));
    expect(staff.every((name: string) => name.startsWith('cs.'))).toBe(true);
    const elsewhere = await changshaManager({ method: 'GET', url: `/api/v1/users?unitId=${t.org.networks[1].id}` });
    expect(elsewhere.statusCode).toBe(200);
    expect(elsewhere.json().items).toEqual([]);
  });
});
