import { eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import { rows } from '../platform/db/index.ts';
import { products } from '../subscriptions/schema.ts';
import { readDemoOrganisation, seedOrganisation, DEMO_PASSWORD, type DemoOrganisation } from './organisation.ts';
import { demoBatchSize, seedCustomerBatch, seedProducts, setCustomerNumbers } from './customers.ts';
import { demoLoads } from './schema.ts';
import { seedDemoArticles } from './articles.ts';
import { portalDemoCustomers, seedPortalCustomers } from './portal.ts';
import { installModules } from '../modules.ts';
import { seedDemoOrders } from './orders.ts';
import { loadDemoSite } from './site.ts';
import { seedDemoSurvey } from './survey.ts';

export { DEMO_PASSWORD };

/** True when the database has no organisation yet: a first start. */
export async function isEmpty(db: Db): Promise<boolean> {
  const [row] = await rows<{ n: number }>(db, sql`select count(*)::int as n from org_units`);
  return Number(row.n) === 0;
}

/** Where the demo's customers stand while they load; the console shows it until they are all in. */
export interface DemoProgress {
  customersWanted: number;
  customersLoaded: number;
}

/**
 * The demo operator, its staff, its products and its knowledge base: what signing in needs, in a second or two. The
 * customers come after, in the background (loadDemoCustomers), so a first start answers at once.
 */
export async function startDemo(db: Db, customersWanted: number) {
  const org = await seedOrganisation(db);
  await seedProducts(db);
  await seedDemoArticles(db);
  // The portal's customers are numbered after the generated ones, and customers made by hand
  // meanwhile after both: the demo's numbers run from the first to the wanted count.
  await setCustomerNumbers(db, customersWanted - portalCount(org, customersWanted));
  await db.insert(demoLoads).values({ customersWanted });
  return { org, portalCustomers: portalDemoCustomers(org).slice(0, portalCount(org, customersWanted)) };
}

/** The portal's customers are among the customers asked for (one per local network, fewer when fewer are asked for). */
const portalCount = (org: DemoOrganisation, customersWanted: number) => Math.min(org.networks.length, customersWanted);

/** A demo load that a stopped server left half done, to be finished now. */
export async function unfinishedDemo(db: Db): Promise<(DemoProgress & { org: DemoOrganisation }) | null> {
  const [load] = await db.select().from(demoLoads).where(isNull(demoLoads.finishedAt));
  if (!load) return null;
  return { org: await readDemoOrganisation(db), customersWanted: load.customersWanted, customersLoaded: load.customersLoaded };
}

/**
 * Loads the demo's customers batch by batch, each batch with its bills in one short
 * transaction that also records the progress: a server stopped half-way resumes where it was.
 * People come first: while `isBusy` says requests are being answered, the next batch waits
 * (the embedded store has one connection, and a batch holds it).
 */
export async function loadDemoCustomers(
  db: Db, org: DemoOrganisation, progress: DemoProgress,
  { onBatch = () => {}, isBusy = () => false, timeZone = 'Asia/Shanghai' }: { onBatch?: (p: DemoProgress) => void; isBusy?: () => boolean; timeZone?: string } = {},
) {
  // The portal's customers first (a few seconds' work): the start printed their sign-ins.
  const portals = portalCount(org, progress.customersWanted);
  if (progress.customersLoaded < portals) {
    installModules();
    await seedPortalCustomers(db, org, portals, timeZone);
    await db.update(demoLoads).set({ customersLoaded: portals }).where(eq(demoLoads.id, 1));
    progress.customersLoaded = portals;
  }
  // The rest are generated: the i-th generated customer is the same on every load.
  const productRows = await db.select().from(products);
  const generated = progress.customersWanted - portals;
  for (let start = progress.customersLoaded - portals; start < generated; start += demoBatchSize) {
    // The embedded store answers without touching the event loop, so a load that never yields
    // would keep every request (sign-in, the progress the console shows) waiting to its end.
    await new Promise((resolve) => setImmediate(resolve));
    // A request whose end was never seen (a client gone mid-way) must not stop the load for good.
    for (let waited = 0; isBusy() && waited < 3_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    const end = Math.min(generated, start + demoBatchSize);
    await db.transaction(async (tx) => {
      await seedCustomerBatch(tx, org, productRows, start, end);
      await tx.update(demoLoads).set({ customersLoaded: portals + end }).where(eq(demoLoads.id, 1));
    });
    progress.customersLoaded = portals + end;
    onBatch(progress);
  }
  // The shop's site first: the demo's online orders are the shop's.
  const site = await loadDemoSite(db, org, { isBusy });
  await seedDemoSurvey(db, site);
  await seedDemoOrders(db, org);
  await db.update(demoLoads).set({ finishedAt: new Date() }).where(eq(demoLoads.id, 1));
  await db.execute(sql`analyze`);
}
