import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../test/harness.ts';
import { rows } from '../platform/db/index.ts';

let t: TestApp;
const changshaPhones = ['13974150001', '13974150002', '13974150003', '13974150004', '13974150005', '13974150006', '13974150007'];
beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  const am = await t.as('cs.am1');
  for (const [i, phone] of changshaPhones.entries()) {
    const res = await am({ method: 'POST', url: '/api/v1/customers', payload: { name: `长沙客户${i}`, identities: [{ kind: 'phone', value: phone }] } });
    expect(res.statusCode, res.body).toBe(201);
  }
});
afterAll(() => t.close());

const customersNamed = async (name: string) =>
  (await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from customers where name = ${name}`))[0].n;

describe('a number that belongs to a customer of another unit', () => {
  it('is refused (409) without naming the customer, and the refusal is in the audit trail under the user\'s name', async () => {
    const zz = await t.as('zz.am1');
    const res = await zz({ method: 'POST', url: '/api/v1/customers', payload: { name: '株洲探测', identities: [{ kind: 'phone', value: changshaPhones[0] }] } });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ field: 'identities', detail: expect.stringMatching(/belongs to a customer of another unit/) });
    expect(res.json()).not.toHaveProperty('duplicateOf');
    expect(await customersNamed('株洲探测')).toBe(0);
    const manager = await t.as('zz.manager');
    const trail = (await manager({ method: 'GET', url: '/api/v1/audit?action=identity.refused_elsewhere' })).json().items;
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({ actorName: '株洲客户经理一', entity: 'user', after: { kind: 'phone', value: '+86' + changshaPhones[0] } });
    // The customer's own unit does not read the prober's trail, and the prober sees no customer id.
    expect(JSON.stringify(trail[0])).not.toMatch(/customerId/);
  });

  it('makes the user wait (429 with Retry-After) after five refusals, for any number, on the 360° page too; other users are not slowed', async () => {
    const zz = await t.as('zz.am2');
    const create = (name: string, phone: string) => zz({ method: 'POST', url: '/api/v1/customers', payload: { name, identities: [{ kind: 'phone', value: phone }] } });
    const own = (await create('株洲自有客户', '13973350001')).json();
    for (const phone of changshaPhones.slice(0, 3)) expect((await create('株洲探测二', phone)).statusCode).toBe(409);
    for (const phone of changshaPhones.slice(3, 6)) {
      expect((await zz({ method: 'POST', url: `/api/v1/customers/${own.id}/identities`, payload: { kind: 'phone', value: phone } })).statusCode).toBe(409);
    }
    const waiting = await create('株洲新客户', '13973350002');
    expect(waiting.statusCode).toBe(429);
    expect(Number(waiting.headers['retry-after'])).toBeGreaterThanOrEqual(59);
    expect(waiting.json().detail).toMatch(/belong to customers of other units/);
    const zh = await zz({ method: 'POST', url: `/api/v1/customers/${own.id}/identities`, headers: { 'accept-language': 'zh-CN' }, payload: { kind: 'phone', value: changshaPhones[6] } });
    expect(zh.statusCode).toBe(429);
    expect(zh.json().detail).toMatch(/^您录入的多个号码属于其他单位的客户/);
    // A customer without numbers is no probe, and a colleague is not held back.
    expect((await zz({ method: 'POST', url: '/api/v1/customers', payload: { name: '株洲无号码客户' } })).statusCode).toBe(201);
    expect((await (await t.as('zz.key1'))({ method: 'POST', url: '/api/v1/customers', payload: { name: '株洲政企', identities: [{ kind: 'phone', value: '13973350003' }] } })).statusCode).toBe(201);
    const admin = await t.as('admin');
    const trail = (await admin({ method: 'GET', url: `/api/v1/audit?action=identity.refused_elsewhere&entityId=${own.ownerId}` })).json().items;
    expect(trail).toHaveLength(6);
  });

  it('stays a plain 409 pointing to the customer when the caller can see it (merge instead), and is not rationed', async () => {
    const cs = await t.as('cs.manager');
    for (let i = 0; i < 8; i++) {
      const res = await cs({ method: 'POST', url: '/api/v1/customers', payload: { name: '长沙重复', identities: [{ kind: 'phone', value: changshaPhones[1] }] } });
      expect(res.statusCode).toBe(409);
      expect(res.json().duplicateOf).toBeTruthy();
    }
    const trail = (await (await t.as('admin'))({ method: 'GET', url: '/api/v1/audit?action=identity.refused_elsewhere' })).json().items;
    expect(trail.every((e: { actorName: string }) => !e.actorName.startsWith('长沙'))).toBe(true);
  });
});
