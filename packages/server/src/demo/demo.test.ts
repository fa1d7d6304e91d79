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
    from customers c where not exists (select 1 from portal_accounts a where a.customer_id = c.id) order by c.number`);
}
const ticketsOf = (database: Database) => rows<{ number: string; title: string; status: string }>(database.db, sql`
  select c.number, t.title, t.status from tickets t join customers c on c.id = t.customer_id
  where not exists (select 1 from portal_accounts a where a.customer_id = c.id) order by c.number, t.id`);

describe('the demo on a first start', () => {
  it('loads its customers after the organisation, and a load stopped half-way resumes with exactly the same customers', async () => {
    const whole = await freshDatabase();
    const stopped = await freshDatabase();
    opened.push(whole, stopped);

    const { org, portalCustomers } = await startDemo(whole.db, 400);
    expect(await unfinishedDemo(whole.db)).toMatchObject({ customersWanted: 400, customersLoaded: 0 });
    await loadDemoCustomers(whole.db, org, { customersWanted: 400, customersLoaded: 0 });
    expect(await unfinishedDemo(whole.db)).toBeNull();

    // The other store stops after its first batch, as a server killed mid-load would.
    const { org: stoppedOrg } = await startDemo(stopped.db, 400);
    const stop = new Error('stopped');
    await expect(loadDemoCustomers(stopped.db, stoppedOrg, { customersWanted: 400, customersLoaded: 0 }, { onBatch: () => { throw stop; } })).rejects.toBe(stop);
    const resume = await unfinishedDemo(stopped.db);
    // The portal's customers come first, then the first batch of generated ones.
    expect(resume).toMatchObject({ customersWanted: 400, customersLoaded: stoppedOrg.networks.length + 200 });
    await loadDemoCustomers(stopped.db, resume!.org, resume!);

    const [a, b] = [await customersOf(whole), await customersOf(stopped)];
    // The customers asked for are all there is: the portal's customers are among them.
    const [{ total }] = await rows<{ total: number }>(whole.db, sql`select count(*)::int as total from customers`);
    expect(total).toBe(400);
    expect(a).toHaveLength(400 - org.networks.length);
    expect(b.map((c) => [c.number, c.name])).toEqual(a.map((c) => [c.number, c.name]));
    expect(b.reduce((n, c) => n + c.bills, 0)).toBeGreaterThan(400);
    // The service desk has work to show, and the same work after a resumed load.
    const [ticketsA, ticketsB] = [await ticketsOf(whole), await ticketsOf(stopped)];
    expect(ticketsA.length).toBeGreaterThan(5);
    expect(new Set(ticketsA.map((t) => t.status)).size).toBeGreaterThan(2);
    expect(ticketsB).toEqual(ticketsA);
    // A few key accounts have a service contract, the same ones after a resumed load.
    const contractsOf = (database: Database) => rows<{ number: string; priority: string; tier: string }>(database.db, sql`
      select c.number, p.priority, c.tier from sla_policies p join customers c on c.id = p.customer_id order by c.number, p.priority`);
    const [contractsA, contractsB] = [await contractsOf(whole), await contractsOf(stopped)];
    expect(contractsA.length).toBeGreaterThan(0);
    expect(contractsA.every((c) => c.tier === 'key')).toBe(true);
    expect(contractsB).toEqual(contractsA);
    // One customer of each local network can sign in to the portal, with the demo password; their numbers follow the demo's.
    expect(portalCustomers.map((c) => c.phone)).toHaveLength(org.networks.length);
    const [portal] = await rows<{ accounts: number; resolved: number; waiting: number; first: string }>(whole.db, sql`
      select (select count(*)::int from portal_accounts where password_hash is not null) as accounts,
        (select count(*)::int from tickets t join portal_accounts a on a.customer_id = t.customer_id where t.status = 'resolved') as resolved,
        (select count(*)::int from tickets t join portal_accounts a on a.customer_id = t.customer_id where t.status = 'waiting_on_customer') as waiting,
        (select min(c.number) from customers c join portal_accounts a on a.customer_id = c.id) as first`);
    expect(portal).toMatchObject({ accounts: org.networks.length, resolved: org.networks.length, waiting: org.networks.length });
    expect(portal.first > a[a.length - 1].number).toBe(true);
    // A customer made by hand during the load is numbered after the demo's.
    const [{ next }] = await rows<{ next: string }>(whole.db, sql`select 'C' || nextval('customer_number_seq') as next`);
    expect(next > a[a.length - 1].number).toBe(true);
    // The demo's numbers run from the first to the count asked for, none skipped, and staff's follow on.
    const [numbers] = await rows<{ first: string; last: string }>(whole.db, sql`select min(number) as first, max(number) as last from customers`);
    expect(numbers).toEqual({ first: 'C10000001', last: 'C10000400' });
    expect(next).toBe('C10000401');
  });

  it('makes as many customers as asked for when fewer are asked for than it has local networks', async () => {
    const small = await freshDatabase();
    opened.push(small);
    const { org, portalCustomers } = await startDemo(small.db, 3);
    expect(portalCustomers).toHaveLength(3);
    await loadDemoCustomers(small.db, org, { customersWanted: 3, customersLoaded: 0 });
    const [counts] = await rows<{ customers: number; accounts: number }>(small.db, sql`
      select (select count(*)::int from customers) as customers, (select count(*)::int from portal_accounts) as accounts`);
    expect(counts).toEqual({ customers: 3, accounts: 3 });
  });
});
