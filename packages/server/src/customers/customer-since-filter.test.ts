import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { expectRefused, type Refusal } from '../test/refusals.ts';

let t: TestApp;
let am: Client;
const tag = encodeURIComponent('入网');
beforeAll(async () => {
  t = await startTestApp({ customers: 10 });
  am = await t.as('cs.am1');
  for (const [name, customerSince] of [['老客户', '2008-05-01'], ['中客户', '2016-02-29'], ['新客户', '2024-12-31'], ['不详', null]] as const) {
    const res = await am({ method: 'POST', url: '/api/v1/customers', payload: { name, tags: ['入网'], customerSince } });
    expect(res.statusCode, res.body).toBe(201);
  }
});
afterAll(() => t.close());

const names = async (query: string) =>
  (await am({ method: 'GET', url: `/api/v1/customers?tag=${tag}&sort=name&${query}` })).json().items.map((c: { name: string }) => c.name);

describe('the customer-since date (入网日期)', () => {
  it.each([
    ['customerSinceFrom=2016-02-29', ['新客户', '中客户']],
    ['customerSinceTo=2016-02-29', ['老客户', '中客户']],
    ['customerSinceFrom=2009-01-01&customerSinceTo=2024-12-30', ['中客户']],
    ['customerSinceFrom=2016-02-29&customerSinceTo=2016-02-29', ['中客户']],
    ['customerSinceFrom=2025-01-01', []],
  ])('filters the list, its total and its export by %s, both ends included', async (query, expected) => {
    expect((await names(query)).sort()).toEqual([...expected].sort());
    const count = (await am({ method: 'GET', url: `/api/v1/customers/count?tag=${tag}&${query}` })).json();
    expect(count).toEqual({ total: expected.length, isEstimate: false });
    const csv = (await am({ method: 'GET', url: `/api/v1/customers/export.csv?tag=${tag}&${query}` })).body.trim().split('\r\n');
    expect(csv.length - 1).toBe(expected.length);
  });

  const refusals: Refusal[] = [
    ['customerSinceFrom=2024-02-30', 'customerSinceFrom'], ['customerSinceTo=2023-02-29', 'customerSinceTo'], ['customerSinceFrom=0000-01-01', 'customerSinceFrom'],
    ['customerSinceFrom=2024-13-01', 'customerSinceFrom'], ['customerSinceTo=yesterday', 'customerSinceTo'], ['customerSinceFrom=2024-1-5', 'customerSinceFrom'],
    ['customerSinceFrom=2024-05-01T00:00:00Z', 'customerSinceFrom'], ['customerSinceTo=%00', 'customerSinceTo'],
    ['customerSinceFrom=2024-05-02&customerSinceTo=2024-05-01', 'customerSinceTo'],
  ].flatMap(([query, field]) => ['/api/v1/customers', '/api/v1/customers/count', '/api/v1/customers/export.csv'].map((path) => ({
    name: `${path} ?${query}`, request: { method: 'GET' as const, url: `${path}?${query}` }, status: 400, field,
  })));
  it.each(refusals)('refuses $name (400 naming the field, in both languages)', (row) => expectRefused(t, am, row));

  it('is in the 360° answer', async () => {
    const [oldest] = (await am({ method: 'GET', url: `/api/v1/customers?tag=${tag}&customerSinceTo=2010-01-01` })).json().items;
    const view = (await am({ method: 'GET', url: `/api/v1/customers/${oldest.id}/360` })).json();
    expect(view.customer.customerSince).toBe('2008-05-01');
  });
});
