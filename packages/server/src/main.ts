import { readConfig } from './platform/config.ts';
import { openDatabase } from './platform/db/index.ts';
import { bootstrapOrganisation } from './platform/org/bootstrap.ts';
import { buildApp } from './app.ts';
import { DEMO_PASSWORD, isEmpty, loadDemo } from './demo/index.ts';

const startedAt = Date.now();
const config = readConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }).catch((error: Error) => {
  console.error(`Cannot open the database: ${error.message}`);
  process.exit(1);
});

const say = (line = '') => process.stdout.write(`${line}\n`);
if (await isEmpty(database.db)) {
  if (config.demo) {
    say(`First start: loading the demo operator with ${config.demoCustomers.toLocaleString('en')} customers …`);
    const demo = await loadDemo(database.db, config.demoCustomers);
    say(`Demo loaded in ${((Date.now() - startedAt) / 1000).toFixed(1)} s. Demo sign-ins (password ${DEMO_PASSWORD}):`);
    for (const login of demo.logins) say(`  ${login.username.padEnd(14)} ${login.description}`);
  } else {
    const admin = await bootstrapOrganisation(database.db);
    say('First start: an empty organisation with one administrator. Write this password down; it is shown once:');
    say(`  username ${admin.username}   password ${admin.password}`);
  }
}

const app = await buildApp(config, database);
let isClosing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (isClosing) return;
    isClosing = true;
    // Finish requests in flight, then close the database cleanly so the embedded store is never torn.
    await app.close().catch(() => {});
    await database.close().catch(() => {});
    process.exit(0);
  });
}
await app.listen({ port: config.port, host: config.host });
const where = config.databaseUrl ? 'PostgreSQL server' : `embedded database in ${config.dataDir}`;
say(`Xiang CRM is ready at http://localhost:${config.port} (${where}, started in ${((Date.now() - startedAt) / 1000).toFixed(1)} s)`);
say(`API documentation: http://localhost:${config.port}/api/docs`);
