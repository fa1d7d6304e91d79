import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';

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

  it('names what each row is about: the customer by number and name, the user by name', async () => {
    const { items } = await trail(province, '');
    const created = items.find((e) => e.action === 'customer.created' && (e.after as { name?: string }).name === '审计长沙客户')!;
    const customer = (await (await t.as('cs.am1'))({ method: 'GET', url: `/api/v1/customers/${created.entityId}` })).json();
    expect(created.subject).toEqual({ kind: 'customer', id: customer.id, number: customer.number, name: '审计长沙客户' });
    const signedIn = items.find((e) => e.action === 'user.signed_in')!;
    expect(signedIn.subject).toMatchObject({ kind: 'user', id: signedIn.entityId, name: signedIn.actorName });
    // A change to a part of a customer (an identity) names the customer it belongs to.
    const am = await t.as('cs.am1');
    expect((await am({ method: 'POST', url: `/api/v1/customers/${customer.id}/identities`, payload: { kind: 'email', value: 'shenji@example.cn' } })).statusCode).toBe(201);
    const [added] = (await trail(province, `entityId=${customer.id}&action=identity.added`)).items;
    expect(added.subject).toMatchObject({ kind: 'customer', number: customer.number });
  });

  it('keeps before and after of only the fields a change changed', async () => {
    const { items } = await trail(province, 'action=customer.updated');
    const update = items.find((e) => e.subject && (e.subject as { name: string }).name === '审计长沙客户')!;
    expect(update.before).toEqual({ tier: 'regular', note: null });
    expect(update.after).toEqual({ tier: 'key', note: '年度大客户' });
  });

  const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  it.each([
    ['a word', cursorOf(['abc'])], ['a negative id', cursorOf(['-5'])], ['a fraction', cursorOf(['1.5'])], ['past any id', cursorOf(['99999999999999999999'])],
    ['a number, not as the server writes it', cursorOf([5])], ['infinity', cursorOf(['Infinity'])], ['two parts', cursorOf(['5', '6'])],
    ['a bare id', '12'], ['36 dashes', '-'.repeat(36)], ['base64 of a date', Buffer.from('2024-01-01').toString('base64')],
  ])('answers a forged page cursor (%s) with 400 naming the cursor', async (_, cursor) => {
    const res = await province({ method: 'GET', url: `/api/v1/audit?cursor=${encodeURIComponent(cursor)}` });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().field).toBe('cursor');
  });
});
