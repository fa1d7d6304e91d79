import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../db/index.ts';
import { startTestApp, type TestApp } from '../../test/harness.ts';
import { headOf, readAfter } from './outbox-reader.ts';

let t: TestApp;
beforeAll(async () => { t = await startTestApp({ customers: 0 }); });
afterAll(() => t.close());

describe('the realtime outbox reader', () => {
  it('reads in the order of the writing transactions when their ids gain a digit, and finds the head by number, not by text', async () => {
    const [{ last }] = await rows<{ last: number }>(t.database.db, sql`select coalesce(max(id), 0)::int as last from outbox_events`);
    // Transactions long committed whose ids cross 99 → 100, written as the outbox's default would have.
    await t.database.db.execute(sql`insert into outbox_events (txid, type, entity, entity_id, payload)
      select x::text::xid8, 'unit.created', 'org_unit', 'digits-' || x, '{}'::jsonb from unnest(array[100, 99, 101, 98]) as x`);
    const read = await readAfter(t.database.db, { txid: 97n, id: last }, 10_000);
    const mine = read.filter((e) => e.entityId.startsWith('digits-'));
    expect(mine.map((e) => e.entityId)).toEqual(['digits-98', 'digits-99', 'digits-100', 'digits-101']);
    // Each event comes after the one before it, by (txid, id) as numbers.
    read.slice(1).forEach((e, i) => expect(e.txid > read[i].txid || (e.txid === read[i].txid && e.id > read[i].id)).toBe(true));
    const head = await headOf(t.database.db);
    const [{ top }] = await rows<{ top: string }>(t.database.db, sql`select max(txid)::text as top from outbox_events`);
    expect(head.txid).toBe(BigInt(top));
  });
});
