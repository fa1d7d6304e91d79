import { sql } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import { rows } from '../platform/db/index.ts';
import { seedOrganisation, DEMO_PASSWORD, type DemoOrganisation } from './organisation.ts';
import { seedCustomers } from './customers.ts';

export { DEMO_PASSWORD };

/** True when the database has no organisation yet: a first start. */
export async function isEmpty(db: Db): Promise<boolean> {
  const [row] = await rows<{ n: number }>(db, sql`select count(*)::int as n from org_units`);
  return Number(row.n) === 0;
}

/** Loads the demo operator, its staff and customers into an empty database. */
export async function loadDemo(db: Db, customerCount: number): Promise<DemoOrganisation> {
  const org = await seedOrganisation(db);
  await seedCustomers(db, org, customerCount);
  await db.execute(sql`analyze`);
  return org;
}
