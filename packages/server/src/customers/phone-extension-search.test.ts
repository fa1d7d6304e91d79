import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../platform/db/index.ts';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { customers } from './schema.ts';
import { searchCondition } from './search.ts';

let t: TestApp;
let am: Client;

beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  am = await t.as('cs.am1');
  // A switchboard and one extension behind it, as the import writes them.
  for (const [name, phone] of [['星城物流总机', '+8673184412345'], ['星城物流 王工', '+8673184412345;ext=806'], ['隔壁公司', '+8673184412346;ext=806']]) {
    const id = (await am({ method: 'POST', url: '/api/v1/customers', payload: { name, kind: 'enterprise' } })).json().id;
    await t.database.db.execute(sql`insert into identities (customer_id, kind, value) values (${id}, 'phone', ${phone})`);
  }
});
afterAll(() => t.close());

const found = async (q: string) =>
  (await am({ method: 'GET', url: `/api/v1/customers?q=${encodeURIComponent(q)}` })).json().items.map((c: { name: string }) => c.name).sort();

describe('a search by phone number', () => {
  it('finds the customers behind an extension of the number, in any way it is written', async () => {
    for (const q of ['0731-84412345', '(0731) 8441 2345', '+86 731 8441 2345', '073184412345']) {
      expect(await found(q), q).toEqual(['星城物流 王工', '星城物流总机']);
    }
    expect(await found('0731-84412347')).toEqual([]);
  });

  it('stays an index probe of the identities (no scan of the table)', async () => {
    const plan = await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const query = tx.select({ id: customers.id }).from(customers).where(searchCondition('0731-84412345'));
      return rows<{ 'QUERY PLAN': string }>(tx, sql`explain ${query}`);
    });
    const text = plan.map((line) => line['QUERY PLAN']).join('\n');
    expect(text).toMatch(/identities_(kind_value_uq|value_trgm_idx)/);
    expect(text).not.toMatch(/Seq Scan on identities/);
  });
});
