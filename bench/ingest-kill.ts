/**
 * No acknowledged event is lost when the server dies: the server under a load of batches (20
 * events each, over HTTP, many at once so they share commits) is killed with SIGKILL mid-load,
 * started again on the same data, and every event it had answered 200 for must be stored exactly
 * once. Then the acknowledged batches are sent again (a script retrying after a lost answer):
 * nothing is stored twice. Exits non-zero on any loss or duplicate.
 *
 *   node --import tsx bench/ingest-kill.ts --pg [--db xiang_bench_kill] | --pglite
 *   options: --connections 16 --load-ms 2000 --port 3261
 */
import { sql } from 'drizzle-orm';
import { openDatabase, rows } from '../packages/server/src/platform/db/index.ts';
import { seedOrganisation } from '../packages/server/src/demo/organisation.ts';
import { trackingSites } from '../packages/server/src/tracking/schema.ts';
import { hasFlag, option } from './options.ts';
import { scratchStore, startServer, stopServer, waitForHealth } from './server.ts';

const isPg = hasFlag('--pg');
const connections = Number(option('--connections', '16'));
const loadMs = Number(option('--load-ms', '2000'));
const port = Number(option('--port', '3261'));
const serverUrl = option('--server', 'postgres://postgres@127.0.0.1:5432');
const dbName = option('--db', `xiang_bench_kill_${process.pid}`);
const origin = 'https://shop.kill.example';
const siteKey = 'bench-kill-site-key';
const userAgent = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36';

const store = await scratchStore({ isPg, serverUrl, dbName, prefix: 'xiang-bench-kill-' });
const open = () => openDatabase(store.open);
const serverOptions = {
  port, databaseUrl: store.databaseUrl, stdio: ['ignore', 'ignore', 'inherit'] as const,
  env: { ...store.env, COLLECT_BATCHES_PER_MINUTE_PER_ADDRESS: '100000000', COLLECT_BATCHES_PER_MINUTE_PER_SITE: '100000000' },
};

try {
  const seeding = await open();
  const org = await seedOrganisation(seeding.db);
  await seeding.db.insert(trackingSites).values({ unitId: org.provinceId, name: '断电测试站点', allowedOrigins: [origin], siteKey, identitySecret: 'x'.repeat(64) });
  await seeding.close();

  let { child, url } = startServer({ ...serverOptions, stdio: [...serverOptions.stdio] });
  await waitForHealth(url, child);

  let sequence = 0;
  const batchOf = (n: number) => {
    const now = Date.now();
    return {
      site: siteKey, visitorId: `kill-visitor-${n % 200}`, sentAt: now,
      events: Array.from({ length: 20 }, (_, i) => ({ id: `k${process.pid.toString(36)}-${n}-${i}`, type: 'pageview', at: now - (20 - i) * 1000, url: `${origin}/p/${i}` })),
    };
  };
  const post = (batch: ReturnType<typeof batchOf>) => fetch(`${url}/api/v1/collect`, {
    method: 'POST', headers: { 'content-type': 'text/plain', origin, 'user-agent': userAgent }, body: JSON.stringify(batch),
  });
  const acknowledged: ReturnType<typeof batchOf>[] = [];
  // One batch first: the server compiles its routes on the first request, and the kill should come mid-load, not mid-start.
  const first = batchOf(++sequence);
  const warm = await post(first);
  if (warm.status !== 200) throw new Error(`the first batch was refused: ${warm.status} ${await warm.text()}`);
  acknowledged.push(first);
  let unanswered = 0;
  let isDead = false;
  const loops = Array.from({ length: connections }, async () => {
    while (!isDead) {
      const batch = batchOf(++sequence);
      try {
        const answer = await post(batch);
        if (answer.status === 200) acknowledged.push(batch);
        else {
          unanswered++;
          if (unanswered === 1) console.error(`a batch was refused: ${answer.status} ${await answer.text()}`);
        }
      } catch (error) {
        // The connection died with the server: this batch may or may not be stored; it was never acknowledged.
        unanswered++;
        if (!isDead && unanswered === 1) console.error(`a batch failed: ${(error as Error).message}`);
      }
    }
  });
  await new Promise((resolve) => setTimeout(resolve, loadMs));
  console.error(`killing the server after ${acknowledged.length} acknowledged batches`);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  isDead = true;
  await Promise.all(loops);

  console.error('killed; starting again');
  // Started again on the same data: the store recovers from its log.
  ({ child, url } = startServer({ ...serverOptions, stdio: [...serverOptions.stdio] }));
  await waitForHealth(url, child);
  // The script retries whatever it did not see acknowledged, and may retry what it did: nothing twice.
  let duplicatesTold = 0;
  for (let i = 0; i < acknowledged.length; i += connections) {
    const answers = await Promise.all(acknowledged.slice(i, i + connections).map(async (b) => (await post(b)).json() as Promise<{ stored: number; duplicates: number }>));
    for (const a of answers) duplicatesTold += a.duplicates;
  }
  console.error('retried; stopping');
  await stopServer(child);

  const database = await open();
  const stored = new Map((await rows<{ event_id: string; n: number }>(database.db,
    sql`select event_id, count(*)::int as n from tracking_events group by event_id`)).map((r) => [r.event_id, r.n]));
  await database.close();
  const ids = acknowledged.flatMap((b) => b.events.map((e) => e.id));
  const line = {
    date: new Date().toISOString(), store: isPg ? 'postgres' : 'pglite', connections, loadMs,
    acknowledgedBatches: acknowledged.length, acknowledgedEvents: ids.length, unansweredBatches: unanswered,
    acknowledgedButMissing: ids.filter((id) => !stored.has(id)).length,
    storedTwice: [...stored.values()].filter((n) => n > 1).length,
    retriedAndToldDuplicate: duplicatesTold,
  };
  console.log(JSON.stringify(line));
  if (!line.acknowledgedBatches) throw new Error('no batch was acknowledged before the kill');
  if (line.acknowledgedButMissing) throw new Error(`${line.acknowledgedButMissing} acknowledged events are missing after the kill`);
  if (line.storedTwice) throw new Error(`${line.storedTwice} events are stored twice`);
  if (duplicatesTold !== ids.length) throw new Error(`the retried batches were told ${duplicatesTold} duplicates of ${ids.length}`);
} finally {
  await store.drop();
}
