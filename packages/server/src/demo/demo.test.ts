import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows, type Database } from '../platform/db/index.ts';
import { freshDatabase } from '../test/harness.ts';
import { loadDemoCustomers, startDemo, unfinishedDemo } from './index.ts';

const opened: Database[] = [];
afterAll(async () => { for (const d of opened) await d.close(); });

async function customersOf(database: Database) {
  return rows<{ number: string; name: string; bills: number }>(database.db, sql`
    select c.number, c.name, (select count(*)::int from bills b where b.customer_id = c.id) as bills
    from customers c order by c.number`);
}
const ticketsOf = (database: Database) => rows<{ number: string; title: string; status: string }>(database.db, sql`
  select c.number, t.title, t.status from tickets t join customers c on c.id = t.customer_id order by c.number, t.id`);

describe('the demo on a first start', () => {
  it('loads its customers after the organisation, and a load stopped half-way resumes with exactly the same customers', async () => {
    const whole = await freshDatabase();
    const stopped = await freshDatabase();
    opened.push(whole, stopped);

    const org = await startDemo(whole.db, 400);
    expect(await unfinishedDemo(whole.db)).toMatchObject({ customersWanted: 400, customersLoaded: 0 });
    await loadDemoCustomers(whole.db, org, { customersWanted: 400, customersLoaded: 0 });
    expect(await unfinishedDemo(whole.db)).toBeNull();

    // The other store stops after its first batch, as a server killed mid-load would.
    const stoppedOrg = await startDemo(stopped.db, 400);
    const stop = new Error('stopped');
    await expect(loadDemoCustomers(stopped.db, stoppedOrg, { customersWanted: 400, customersLoaded: 0 }, { onBatch: () => { throw stop; } })).rejects.toBe(stop);
    const resume = await unfinishedDemo(stopped.db);
    expect(resume).toMatchObject({ customersWanted: 400, customersLoaded: 200 });
    await loadDemoCustomers(stopped.db, resume!.org, resume!);

    const [a, b] = [await customersOf(whole), await customersOf(stopped)];
    expect(a).toHaveLength(400);
    expect(b.map((c) => [c.number, c.name])).toEqual(a.map((c) => [c.number, c.name]));
    expect(b.reduce((n, c) => n + c.bills, 0)).toBeGreaterThan(400);
    // The service desk has work to show, and the same work after a resumed load.
    const [ticketsA, ticketsB] = [await ticketsOf(whole), await ticketsOf(stopped)];
    expect(ticketsA.length).toBeGreaterThan(5);
    expect(new Set(ticketsA.map((t) => t.status)).size).toBeGreaterThan(2);
    expect(ticketsB).toEqual(ticketsA);
    // A customer made by hand during the load is numbered after the demo's.
    const [{ next }] = await rows<{ next: string }>(whole.db, sql`select 'C' || nextval('customer_number_seq') as next`);
    expect(next > a[a.length - 1].number).toBe(true);
  });
});
