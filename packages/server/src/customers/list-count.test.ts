import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';

let t: TestApp;
let am: Client;
let admin: Client;
beforeAll(async () => {
  t = await startTestApp({ customers: 30 });
  am = await t.as('cs.am1');
  admin = await t.as('admin');
});
afterAll(() => t.close());

const countOf = async (client: Client, query: string) => {
  const res = await client({ method: 'GET', url: `/api/v1/customers/count?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { total: number; isEstimate: boolean };
};

describe('the list\'s total, phone column and matched identity', () => {
  it('counts exactly where the filters hold few customers, and agrees with the pages', async () => {
    for (let i = 0; i < 7; i++) await am({ method: 'POST', url: '/api/v1/customers', payload: { name: `计数${i}`, tags: ['计数'], tier: i < 3 ? 'key' : 'regular' } });
    expect(await countOf(am, `tag=${encodeURIComponent('计数')}`)).toEqual({ total: 7, isEstimate: false });
    expect(await countOf(am, `tag=${encodeURIComponent('计数')}&tier=key`)).toEqual({ total: 3, isEstimate: false });
    const all = await countOf(am, '');
    let listed = 0;
    let cursor: string | null = null;
    do {
      const page: { items: unknown[]; nextCursor: string | null } = (await am({ method: 'GET', url: `/api/v1/customers?limit=200${cursor ? `&cursor=${cursor}` : ''}` })).json();
      listed += page.items.length;
      cursor = page.nextCursor;
    } while (cursor);
    expect(all).toEqual({ total: listed, isEstimate: false });
  });

  it('refuses a count with a bad filter as the list does (400 naming the field)', async () => {
    const res = await am({ method: 'GET', url: '/api/v1/customers/count?createdFrom=2024-02-30' });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe('createdFrom');
  });

  it('estimates past 10,000 customers in scope, from the planner, and says it is an estimate', async () => {
    await t.database.db.execute(sql`insert into customers (number, kind, name, name_grams, name_sort, unit_id)
      select 'B' || n, 'individual', '批量' || n, array['批量'], 'pi00003liang03', ${t.org.provinceId}::uuid from generate_series(1, 15000) n`);
    await t.database.db.execute(sql`analyze customers`);
    const estimate = await countOf(admin, '');
    expect(estimate.isEstimate).toBe(true);
    expect(estimate.total).toBeGreaterThan(10_000);
    expect(estimate.total).toBeGreaterThan(15_000 * 0.7);
    expect(estimate.total).toBeLessThan(15_100 * 1.3);
    expect(String(estimate.total)).toMatch(/^\d\d0+$/); // two significant figures: no false precision
    // A narrow filter over the same table is still exact.
    expect(await countOf(admin, `tag=${encodeURIComponent('计数')}`)).toEqual({ total: 7, isEstimate: false });
  });

  it('shows each customer\'s first phone, masked, in the list', async () => {
    const c = (await am({ method: 'POST', url: '/api/v1/customers', payload: { name: '电话列', tags: ['电话列'], identities: [{ kind: 'email', value: 'col@example.cn' }, { kind: 'phone', value: '13812345678' }] } })).json();
    await am({ method: 'POST', url: `/api/v1/customers/${c.id}/identities`, payload: { kind: 'phone', value: '13912340000' } });
    const [row] = (await am({ method: 'GET', url: `/api/v1/customers?tag=${encodeURIComponent('电话列')}` })).json().items;
    expect(row.phone).toBe('138****5678');
    const none = (await am({ method: 'GET', url: `/api/v1/customers?tag=${encodeURIComponent('计数')}` })).json().items;
    expect(none.every((r: { phone: string | null }) => r.phone === null)).toBe(true);
  });

  it.each([
    ['a full phone, typed with spaces', '139 1234 0000', { kind: 'phone', value: '139****0000' }],
    ['a phone fragment', '12340000', { kind: 'phone', value: '139****0000' }],
    ['an e-mail', 'COL@example.cn', { kind: 'email', value: 'col@example.cn' }],
    ['a name', '电话列', null],
  ])('says which identity matched a search by %s', async (_what, q, matched) => {
    const items = (await am({ method: 'GET', url: `/api/v1/customers?q=${encodeURIComponent(q)}` })).json().items;
    const row = items.find((r: { name: string }) => r.name === '电话列');
    expect(row, q).toBeDefined();
    expect(row.matched).toEqual(matched);
  });
});
