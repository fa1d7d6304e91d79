/**
 * Electronic-channel intake: `POST /api/v1/channels/intake` under autocannon, batches of 100
 * transactions as a channel's system posts them (a bearer channel token, new transaction ids in each
 * request, half naming a demo customer by phone — matched, so each lands on the timeline in the same
 * transaction — the rest an unknown number); then, in the same run, the same number of rows written
 * by COPY into channel_transactions (platform/db/copy.ts, 10,000 rows a transaction), through the
 * same driver after the server has stopped. COPY does none of what intake does (no token lookup,
 * HTTP, zod, content hash, customer match, timeline entry), so API/COPY is the price of all of it.
 * "acknowledgedButMissing": transactions answered `stored` that the store does not hold (must be 0).
 *
 *   node --import tsx bench/channels.ts --pg [--db xiang_bench_channels] [--server postgres://postgres@127.0.0.1:5432]
 *   node --import tsx bench/channels.ts --pglite          (a fresh data directory, fsync on)
 *   options: --seconds 10 --connections 16 --customers 2000 --port 3275; --tiny: a second at 4 connections, 200 customers;
 *   --cpu-prof DIR: the server writes its CPU profile there (summed as bench/profile.ts does)
 */
import os from 'node:os';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { openDatabase, rows, type Database } from '../packages/server/src/platform/db/index.ts';
import { seedOrganisation } from '../packages/server/src/demo/organisation.ts';
import { seedCustomers } from '../packages/server/src/demo/customers.ts';
import { copyRows, copyTargetOf, type CopyValue } from '../packages/server/src/platform/db/copy.ts';
import { hasFlag, option } from './options.ts';
import { scratchStore, signIn, startServer, stopServer, waitForHealth } from './server.ts';

const isTiny = hasFlag('--tiny');
const isPg = hasFlag('--pg');
const seconds = Number(option('--seconds', isTiny ? '1' : '10'));
const connections = Number(option('--connections', isTiny ? '4' : '16'));
const customerCount = Number(option('--customers', isTiny ? '200' : '2000'));
const port = Number(option('--port', '3275'));
const serverUrl = option('--server', 'postgres://postgres@127.0.0.1:5432');
const dbName = option('--db', `xiang_bench_channels_${process.pid}`);
const profileDir = option('--cpu-prof', '');
const perBatch = 100;
const kinds = ['recharge', 'bill_payment', 'query', 'plan_change', 'order', 'complaint'] as const;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

let sequence = 0;
const store = await scratchStore({ isPg, serverUrl, dbName, prefix: 'xiang-bench-channels-' });

// The demo organisation (its known password, so the bench signs in as the administrator) and customers whose phones the batches name.
const seeding = await openDatabase(store.open);
const org = await seedOrganisation(seeding.db);
await seedCustomers(seeding.db, org, customerCount);
const phones = (await rows<{ value: string }>(seeding.db, sql`select value from identities where kind = 'phone' order by value`)).map((r) => r.value);
await seeding.close();
if (!phones.length) throw new Error('the demo customers have no phones');

function transactionOf(i: number) {
  const n = ++sequence;
  const kind = kinds[n % kinds.length];
  const isPaid = kind === 'recharge' || kind === 'bill_payment' || kind === 'order';
  return {
    transactionId: `B${process.pid.toString(36)}-${n.toString(36)}`, occurredAt: new Date(Date.now() - i * 1000).toISOString(), kind,
    status: n % 20 === 0 ? 'failed' : 'succeeded', ...(n % 20 === 0 ? { reason: '余额不足' } : {}), ...(isPaid ? { amountFen: 1000 + (n % 50) * 100 } : {}),
    // Half name a demo customer (matched, on the timeline), half a number no customer holds.
    phone: n % 2 === 0 ? phones[n % phones.length] : `+86139${String(n % 100_000_000).padStart(8, '0')}`,
    attributes: { terminal: `T${n % 40}`, region: 'HN' },
  };
}
const batchOf = () => ({ transactions: Array.from({ length: perBatch }, (_, i) => transactionOf(i)) });

let database: Database | null = null;
const { child, url } = startServer({
  port, databaseUrl: store.databaseUrl, env: store.env, stdio: ['ignore', 'inherit', 'inherit'],
  nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
});
try {
  await waitForHealth(url, child);
  const cookie = `xiang_session=${encodeURIComponent(await signIn(url, 'admin'))}`;
  const made = await fetch(`${url}/api/v1/channels`, {
    method: 'POST', headers: { 'content-type': 'application/json', cookie, origin: url },
    body: JSON.stringify({ name: '压测掌上营业厅', code: 'bench-mobile-hall', kind: 'mobile_hall' }),
  });
  if (made.status !== 201) throw new Error(`channel: ${made.status} ${await made.text()}`);
  const channel = await made.json() as { id: string; token: string };

  // The API: every latency is the batch's answer, given only after its commit.
  const latencies: number[] = [];
  let acknowledged = 0;
  const cannon = (duration: number, record: boolean) => new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({
      url: `${url}/api/v1/channels/intake`, connections, duration,
      requests: [{
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${channel.token}` },
        setupRequest: (req) => ({ ...req, body: JSON.stringify(batchOf()) }),
      }],
    }, (error, r) => (error ? reject(error) : resolve(r)));
    instance.on('response', (_client, status, _bytes, ms) => { if (status === 200) { acknowledged += perBatch; if (record) latencies.push(ms); } });
  });
  // A warm-up first (the server runs from its TypeScript sources: the first requests compile and warm the JIT).
  if (!isTiny) await cannon(3, false);
  const result = await cannon(seconds, true);
  const batches = result['2xx'];
  const api = {
    batches, transactions: batches * perBatch, transactionsPerSecond: Math.round((batches * perBatch) / seconds),
    p50: +percentile(latencies, 50).toFixed(1), p99: +percentile(latencies, 99).toFixed(1), non2xx: result.non2xx, errors: result.errors,
  };
  await stopServer(child);
  database = await openDatabase(store.open);
  const db = database.db;
  const [{ stored, onTimeline }] = await rows<{ stored: number; onTimeline: number }>(db, sql`select
    (select count(*)::int from channel_transactions) as stored, (select count(*)::int from interactions where type like 'channel.%') as "onTimeline"`);

  // The baseline: the same number of rows by COPY, the bulk path (platform/db/copy.ts), 10,000 rows a transaction.
  const all = Array.from({ length: batches }, () => batchOf().transactions).flat();
  const started = performance.now();
  for (let i = 0; i < all.length; i += 10_000) {
    await db.transaction(async (tx) => copyRows(copyTargetOf(tx)!, 'channel_transactions',
      ['channel_id', 'transaction_id', 'kind', 'status', 'reason', 'amount_fen', 'phone', 'occurred_at', 'attributes', 'content_hash'],
      all.slice(i, i + 10_000).map((t) => [channel.id, t.transactionId, t.kind, t.status, t.reason ?? null, t.amountFen ?? null, t.phone, t.occurredAt,
        JSON.stringify(t.attributes), 'bench'] as CopyValue[])));
  }
  const copySeconds = (performance.now() - started) / 1000;
  const copyPerSecond = Math.round(all.length / copySeconds);
  const line = {
    date: new Date().toISOString(), store: isPg ? 'postgres' : 'pglite', cpus: os.cpus().length, load1: +os.loadavg()[0].toFixed(1),
    connections, seconds, perBatch, customers: customerCount, api, stored, onTimeline, acknowledgedButMissing: Math.max(0, acknowledged - stored),
    copy: { transactions: all.length, seconds: +copySeconds.toFixed(2), transactionsPerSecond: copyPerSecond },
    apiToCopy: +(api.transactionsPerSecond / copyPerSecond).toFixed(2),
  };
  console.log(JSON.stringify(line));
  if (line.acknowledgedButMissing) throw new Error(`${line.acknowledgedButMissing} acknowledged transactions are missing`);
  if (!batches) throw new Error('no batch was acknowledged');
} finally {
  await stopServer(child);
  await (database as Database | null)?.close();
  await store.drop();
}
