import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../platform/db/index.ts';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';

let t: TestApp;
let am: Client;
let productId: string;
let phoneSeq = 0;
beforeAll(async () => {
  t = await startTestApp({ customers: 5 });
  am = await t.as('cs.am1');
  productId = (await am({ method: 'GET', url: '/api/v1/products' })).json().items[0].id;
});
afterAll(() => t.close());

const nextPhone = () => `1530731${String(++phoneSeq).padStart(4, '0')}`;

async function customerWith(parts: { phones: number; notes: number; services: number; tags: string[] }) {
  const identities = Array.from({ length: parts.phones }, () => ({ kind: 'phone', value: nextPhone() }));
  const res = await am({ method: 'POST', url: '/api/v1/customers', payload: { name: '合并测试', identities, tags: parts.tags } });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  for (let i = 0; i < parts.notes; i++) {
    await am({ method: 'POST', url: `/api/v1/customers/${id}/interactions`, payload: { kind: 'descriptive', channel: 'staff', type: 'visit.note', summary: `备注 ${i}` } });
  }
  for (let i = 0; i < parts.services; i++) {
    await am({ method: 'POST', url: `/api/v1/customers/${id}/subscriptions`, payload: { productId, serviceNumber: nextPhone(), startDate: '2025-03-01' } });
  }
  return id;
}

async function countsOf(customerId: string) {
  const [row] = await rows<Record<string, number>>(t.database.db, sql`select
    (select count(*) from identities where customer_id = ${customerId})::int as identities,
    (select count(*) from interactions where customer_id = ${customerId})::int as interactions,
    (select count(*) from subscriptions where customer_id = ${customerId})::int as subscriptions,
    (select count(*) from attachments where customer_id = ${customerId})::int as attachments`);
  return row;
}

const parts = fc.record({
  phones: fc.integer({ min: 1, max: 3 }),
  notes: fc.integer({ min: 0, max: 3 }),
  services: fc.integer({ min: 0, max: 2 }),
  tags: fc.uniqueArray(fc.constantFrom('5G', '宽带', '家庭'), { maxLength: 2 }),
});

describe('merging customers', () => {
  it('loses nothing: the survivor holds exactly what both had, and the merged record points to it', async () => {
    await fc.assert(fc.asyncProperty(parts, parts, async (a, b) => {
      const survivorId = await customerWith(a);
      const mergedId = await customerWith(b);
      const [before1, before2] = [await countsOf(survivorId), await countsOf(mergedId)];
      const res = await am({ method: 'POST', url: '/api/v1/customers/merge', payload: { survivorId, mergedId } });
      expect(res.statusCode, res.body).toBe(200);
      const after = await countsOf(survivorId);
      for (const key of Object.keys(after)) expect(after[key], key).toBe(before1[key] + before2[key]);
      expect(await countsOf(mergedId)).toEqual({ identities: 0, interactions: 0, subscriptions: 0, attachments: 0 });
      expect(new Set(res.json().survivor.tags)).toEqual(new Set([...a.tags, ...b.tags]));
      const merged = (await am({ method: 'GET', url: `/api/v1/customers/${mergedId}` })).json();
      expect(merged.status).toBe('merged');
      expect(merged.mergedIntoId).toBe(survivorId);
    }), { numRuns: 12 });
  });

  it('takes the chosen fields from the merged customer and records what came from where', async () => {
    const survivorId = await customerWith({ phones: 1, notes: 1, services: 0, tags: [] });
    const other = await am({ method: 'POST', url: '/api/v1/customers', payload: { name: '正确的名字', tier: 'key', address: '长沙市岳麓区', identities: [{ kind: 'phone', value: nextPhone() }] } });
    const res = await am({ method: 'POST', url: '/api/v1/customers/merge', payload: { survivorId, mergedId: other.json().id, takeFromMerged: ['name', 'address'] } });
    expect(res.json().survivor.name).toBe('正确的名字');
    expect(res.json().survivor.address).toBe('长沙市岳麓区');
    expect(res.json().survivor.tier).toBe('key');
    // The new name is searchable at once.
    const found = (await am({ method: 'GET', url: `/api/v1/customers?q=${encodeURIComponent('正确的')}` })).json().items;
    expect(found.map((c: { id: string }) => c.id)).toContain(survivorId);
    const trail = (await (await t.as('cs.manager'))({ method: 'GET', url: `/api/v1/audit?entity=customer&entityId=${survivorId}&action=customer.merged` })).json().items;
    expect(trail[0].after.moved.identities).toHaveLength(1);
    expect(trail[0].after.moved.interactions).toHaveLength(0);
  });

  it('refuses to merge a customer into itself or to merge an already merged one', async () => {
    const a = await customerWith({ phones: 1, notes: 0, services: 0, tags: [] });
    const b = await customerWith({ phones: 1, notes: 0, services: 0, tags: [] });
    expect((await am({ method: 'POST', url: '/api/v1/customers/merge', payload: { survivorId: a, mergedId: a } })).json().field).toBe('mergedId');
    expect((await am({ method: 'POST', url: '/api/v1/customers/merge', payload: { survivorId: a, mergedId: b } })).statusCode).toBe(200);
    expect((await am({ method: 'POST', url: '/api/v1/customers/merge', payload: { survivorId: a, mergedId: b } })).statusCode).toBe(409);
    // The merged record is history: nothing more is added to it.
    const note = await am({ method: 'POST', url: `/api/v1/customers/${b}/interactions`, payload: { kind: 'descriptive', channel: 'staff', type: 'visit.note', summary: '迟到的记录' } });
    expect(note.statusCode).toBe(409);
    expect(note.json().mergedIntoId).toBe(a);
    expect((await am({ method: 'POST', url: `/api/v1/customers/${b}/identities`, payload: { kind: 'email', value: 'late@example.cn' } })).statusCode).toBe(409);
  });
});
