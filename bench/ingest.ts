/**
 * Web data collection ingest: `POST /api/v1/collect` under autocannon, batches of 20 events as the
 * script sends them (text/plain JSON, a site key, an allowed Origin, a browser's user agent), each
 * request with new event ids and a visitor of its own among 5,000; then, in the same run, the same
 * number of rows written by COPY into tracking_events (platform/db/copy.ts, 10,000 rows a
 * transaction), through the same driver (node-postgres / embedded PGlite, after the server has
 * stopped: it holds the directory). COPY does none of what ingest does (no receipts for dedupe,
 * no visitor row and session, no site lookup, HTTP, zod or JSON), so API/COPY is the price of all
 * of it. "acknowledgedButMissing": events answered 200 that the store does not hold (must be 0).
 *
 *   node --import tsx bench/ingest.ts --pg [--db xiang_bench_ingest] [--server postgres://postgres@127.0.0.1:5432]
 *   node --import tsx bench/ingest.ts --pglite            (a fresh data directory, fsync on)
 *   options: --seconds 10 --connections 32 --port 3260; --tiny: a second at 4 connections;
 *   --cpu-prof DIR: the server writes its CPU profile there (summed as bench/profile.ts does)
 */
import os from 'node:os';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../packages/server/src/platform/db/index.ts';
import { seedOrganisation } from '../packages/server/src/demo/organisation.ts';
import { copyRows, copyTargetOf, type CopyValue } from '../packages/server/src/platform/db/copy.ts';
import { hasFlag, option } from './options.ts';
import { scratchStore, signIn, startServer, stopServer, waitForHealth } from './server.ts';

const isTiny = hasFlag('--tiny');
const isPg = hasFlag('--pg');
const seconds = Number(option('--seconds', isTiny ? '1' : '10'));
const connections = Number(option('--connections', isTiny ? '4' : '32'));
const port = Number(option('--port', '3260'));
const serverUrl = option('--server', 'postgres://postgres@127.0.0.1:5432');
const profileDir = option('--cpu-prof', '');
const dbName = option('--db', `xiang_bench_ingest_${process.pid}`);
const perBatch = 20;
const origin = 'https://shop.bench.example';
const userAgent = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36';

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

let sequence = 0;
const newId = () => `b${process.pid.toString(36)}${(++sequence).toString(36).padStart(9, '0')}`;
function batchOf(siteKey: string) {
  const now = Date.now();
  const visitor = `bench-visitor-${String(sequence % 5000).padStart(5, '0')}`;
  return {
    site: siteKey, visitorId: visitor, sentAt: now,
    events: Array.from({ length: perBatch }, (_, i) => ({
      id: newId(), type: i % 5 === 4 ? 'click' : 'pageview', at: now - (perBatch - i) * 1000,
      url: `${origin}/plans/${i % 7}?utm_source=bench`, title: '5G 套餐', referrer: `${origin}/`,
      ...(i % 5 === 4 ? { target: `${origin}/buy/${i}` } : {}),
    })),
  };
}

const store = await scratchStore({ isPg, serverUrl, dbName, prefix: 'xiang-bench-ingest-' });

// The demo organisation with its known password, so the bench signs in as the administrator.
const seeding = await openDatabase(store.open);
await seedOrganisation(seeding.db);
await seeding.close();

let database: Database | null = null;
const { child, url } = startServer({
  port, databaseUrl: store.databaseUrl, nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  env: { ...store.env, COLLECT_BATCHES_PER_MINUTE_PER_ADDRESS: '100000000', COLLECT_BATCHES_PER_MINUTE_PER_SITE: '100000000' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
try {
  await waitForHealth(url, child);
  const cookie = `xiang_session=${encodeURIComponent(await signIn(url, 'admin'))}`;
  const made = await fetch(`${url}/api/v1/tracking/sites`, {
    method: 'POST', headers: { 'content-type': 'application/json', cookie, origin: url },
    body: JSON.stringify({ name: '压测站点', allowedOrigins: [origin] }),
  });
  if (made.status !== 201) throw new Error(`site: ${made.status} ${await made.text()}`);
  const site = await made.json() as { id: string; siteKey: string };

  // The API: every latency is the batch's acknowledgement, given only after its commit.
  const latencies: number[] = [];
  const cannon = (duration: number, record: boolean) => new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({
      url: `${url}/api/v1/collect`, connections, duration,
      requests: [{
        method: 'POST', headers: { 'content-type': 'text/plain', origin, 'user-agent': userAgent },
        setupRequest: (req) => ({ ...req, body: JSON.stringify(batchOf(site.siteKey)) }),
      }],
    }, (error, r) => (error ? reject(error) : resolve(r)));
    if (record) instance.on('response', (_client, status, _bytes, ms) => { if (status === 200) latencies.push(ms); });
  });
  // A warm-up first (the server runs from its TypeScript sources: the first requests compile and warm the JIT).
  const warmUpBatches = isTiny ? 0 : (await cannon(3, false))['2xx'];
  const result = await cannon(seconds, true);
  const batches = result['2xx'];
  const api = {
    batches, events: batches * perBatch, eventsPerSecond: Math.round((batches * perBatch) / seconds),
    p50: +percentile(latencies, 50).toFixed(1), p99: +percentile(latencies, 99).toFixed(1), non2xx: result.non2xx, errors: result.errors,
  };
  const [{ n: stored }] = ((await (async () => {
    // Counted through the server's own store after the run: every acknowledged event is there.
    await stopServer(child);
    database = await openDatabase(store.open);
    return (await database.db.execute(sql`select count(*)::int as n from tracking_events`)) as unknown as { rows: { n: number }[] };
  })()).rows);

  // The baseline: the same rows by COPY, the bulk path (platform/db/copy.ts), 10,000 rows a transaction.
  const db = database!.db;
  const all = Array.from({ length: batches }, () => batchOf(site.siteKey));
  const copyRowsOf = (list: typeof all) => list.flatMap((batch) => batch.events.map((e) => [
    site.id, e.id, new Date(e.at).toISOString(), batch.visitorId, 1, e.type, e.url, e.referrer, e.title, e.target ?? null, 'bench', false,
  ] as CopyValue[]));
  const started = performance.now();
  for (let i = 0; i < all.length; i += 500) {
    await db.transaction(async (tx) => copyRows(copyTargetOf(tx)!, 'tracking_events',
      ['site_id', 'event_id', 'occurred_at', 'visitor_id', 'session_number', 'type', 'url', 'referrer', 'title', 'target', 'utm_source', 'is_bot'],
      copyRowsOf(all.slice(i, i + 500))));
  }
  const copySeconds = (performance.now() - started) / 1000;
  const copyEventsPerSecond = Math.round((batches * perBatch) / copySeconds);
  const line = {
    date: new Date().toISOString(), store: isPg ? 'postgres' : 'pglite', cpus: os.cpus().length, load1: +os.loadavg()[0].toFixed(1),
    connections, seconds, perBatch, api, stored, acknowledgedButMissing: Math.max(0, (warmUpBatches + batches) * perBatch - stored),
    copy: { events: batches * perBatch, seconds: +copySeconds.toFixed(2), eventsPerSecond: copyEventsPerSecond },
    apiToCopy: +(api.eventsPerSecond / copyEventsPerSecond).toFixed(2),
  };
  console.log(JSON.stringify(line));
  if (line.acknowledgedButMissing) throw new Error(`${line.acknowledgedButMissing} acknowledged events are missing`);
  if (!batches) throw new Error('no batch was acknowledged');
} finally {
  await stopServer(child);
  await (database as Database | null)?.close();
  await store.drop();
}
