import { readConfig } from './platform/config.ts';
import { openDatabase } from './platform/db/index.ts';
import { bootstrapOrganisation } from './org/bootstrap.ts';
import { buildApp } from './app.ts';
import { backfillNameSortKeys } from './customers/name-sort.ts';
import { DEMO_PASSWORD, isEmpty, loadDemoCustomers, startDemo, unfinishedDemo, type DemoProgress } from './demo/index.ts';
import { demoLogins, type DemoOrganisation } from './demo/organisation.ts';
import { allowDemoShopHere } from './demo/site.ts';
import { forgetUnitFigures } from './dashboard/service.ts';
import { startBackgroundWork } from './background.ts';

const startedAt = Date.now();
const config = readConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }).catch((error: Error) => {
  console.error(`Cannot open the database: ${error.message}`);
  process.exit(1);
});

const say = (line = '') => process.stdout.write(`${line}\n`);
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

// Customers from before names sorted in pinyin order get their sort key once (an index finds them).
const keyed = await backfillNameSortKeys(database.db);
if (keyed) say(`Sort keys written for ${keyed.toLocaleString('en')} customers (pinyin order).`);

// A first start with the demo: the organisation now, its customers in the background once the
// server answers (sign-in works at once; the console says how far the load is).
let demo: (DemoProgress & { org: DemoOrganisation }) | null = null;
if (await isEmpty(database.db)) {
  if (config.demo) {
    const { org, portalCustomers } = await startDemo(database.db, config.demoCustomers);
    demo = { org, customersWanted: config.demoCustomers, customersLoaded: 0 };
    say(`First start: the demo operator is in; its ${config.demoCustomers.toLocaleString('en')} customers load in the background.`);
    say(`Demo sign-ins (password ${DEMO_PASSWORD}):`);
    for (const login of demoLogins) say(`  ${login.username.padEnd(14)} ${login.description}`);
    say(`Customer self-service at /portal (mobile number and password ${DEMO_PASSWORD}, or a code the log shows):`);
    say(`  ${portalCustomers.map((c) => `${c.phone} ${c.name}（${c.network}）`).join('  ')}`);
  } else {
    const admin = await bootstrapOrganisation(database.db);
    say('First start: an empty organisation with one administrator. Write this password down; it is shown once:');
    say(`  username ${admin.username}   password ${admin.password}`);
  }
} else {
  demo = await unfinishedDemo(database.db);
  // Started again, perhaps on another port: the demo shop, served from here, must be let send from here.
  await allowDemoShopHere(database.db);
  if (demo) say(`The demo load stopped at ${demo.customersLoaded.toLocaleString('en')} of ${demo.customersWanted.toLocaleString('en')} customers; it goes on in the background.`);
}

const app = await buildApp(config, database, { demoProgress: () => (demo ? { customersWanted: demo.customersWanted, customersLoaded: demo.customersLoaded } : null) });
let isClosing = false;
let background: { stop(): Promise<void> } | null = null;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (isClosing) return;
    isClosing = true;
    // Finish requests in flight, then close the database cleanly so the embedded store is never torn.
    await app.close().catch(() => {});
    await background?.stop().catch(() => {});
    await database.close().catch(() => {});
    process.exit(0);
  });
}
await app.listen({ port: config.port, host: config.host });
// Jobs (messages to customers, task reminders by e-mail, nightly sweeps) and event delivery start
// once the server answers: signing in does not wait for them.
background = await startBackgroundWork(database.db, { timeZone: config.timeZone, gateways: app.gateways, listen: database.listen });
const where = config.databaseUrl ? 'PostgreSQL server' : `embedded database in ${config.dataDir}`;
say(`Xiang CRM is ready at http://localhost:${config.port} (${where}, started in ${seconds(startedAt)})`);
say(`API documentation: http://localhost:${config.port}/api/docs`);

if (demo) {
  const loading = demo;
  const loadStartedAt = Date.now();
  loadDemoCustomers(database.db, loading.org, loading, { isBusy: app.isAnswering, timeZone: config.timeZone })
    .then(() => {
      demo = null;
      // Figures taken while the customers were arriving are partial; the next look counts them all.
      forgetUnitFigures(database.db);
      say(`Demo customers loaded: ${loading.customersWanted.toLocaleString('en')} in ${seconds(loadStartedAt)}.`);
    })
    .catch((error: Error) => {
      // A stop mid-batch rolls that batch back; the next start resumes from the last whole one.
      if (!isClosing) console.error(`The demo load stopped: ${error.message}`);
    });
}
