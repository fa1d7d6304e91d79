/**
 * The platform-core benchmark: the API under autocannon, and the same SQL through the driver,
 * in one run, with the same inputs and the same number of requests.
 *
 *   PostgreSQL:  node --import tsx bench/api.ts --pg [--db xiang_bench]
 *   PGlite:      node --import tsx bench/api.ts --pglite /tmp/xiang-bench-pglite
 *   options:     --duration 12 --warmup 3 --connections 50 --port 3210 --users admin,cs.am1
 *                --only lookup,search,... --out bench/results/<store>.json --show-sql
 *   CI:          --tiny (a second of load, no warm-up, no one-connection pass, 200 inputs, no file)
 *
 * For each endpoint and user: a warm-up, then autocannon at 50 connections for --duration
 * seconds (every latency recorded, so p50/p95/p99 are exact), while the server's RSS is
 * sampled; then the statements that request runs — recorded for every input from the
 * service the route calls, through a drizzle logger, so they cannot drift from the code — are
 * replayed through `pg` (50 concurrent clients) or the embedded PGlite (after the server has
 * stopped: it holds the directory), for the same count and the same inputs, statements that the
 * service sends together sent together. The raw side includes the session lookup that
 * authenticates each API request, so API/raw is what HTTP + Fastify + zod + drizzle + JSON add.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import type { Db } from '../packages/server/src/platform/db/index.ts';
import { listCustomers } from '../packages/server/src/customers/search.ts';
import { customer360 } from '../packages/server/src/customer360/view.ts';
import { timeline } from '../packages/server/src/interactions/service.ts';
import { getCustomer } from '../packages/server/src/customers/service.ts';
import { scopeOfSession } from '../packages/server/src/platform/auth/identify.ts';
import type { Scope } from '../packages/server/src/platform/scope.ts';
import { CustomerListQuery, TimelineQuery } from '../packages/shared/src/index.ts';
import { inTurn, signIn, startServer, waitForHealth } from './server.ts';
import { hasFlag, option } from './options.ts';
import { installModules } from '../packages/server/src/modules.ts';

const isTiny = hasFlag('--tiny');
const pgliteDir = option('--pglite');
const dbName = option('--db', 'xiang_bench');
const databaseUrl = `postgres://postgres@127.0.0.1:5432/${dbName}`;
const duration = Number(option('--duration', isTiny ? '1' : '12'));
const warmup = Number(option('--warmup', isTiny ? '0' : '3'));
const connections = Number(option('--connections', '50'));
const port = Number(option('--port', '3210'));
if (port < 3200 || port > 3299) throw new Error('use a port in 3200–3299');
const usernames = option('--users', 'admin,cs.am1').split(',');
const only = option('--only')?.split(',');
/** Seconds of a one-connection pass per endpoint: the service time without queueing. 0 = off. */
const probe = Number(option('--probe', isTiny ? '0' : '4'));
const sampleSize = isTiny ? 200 : 2000;
const showSql = hasFlag('--show-sql');
const store = pgliteDir ? 'pglite' : 'postgres';
const outFile = option('--out', isTiny ? '' : `bench/results/${store}.json`);

const log = (msg: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);

// ---------------------------------------------------------------- the SQL the server runs
type Q = (text: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

/**
 * The statements one request runs, in the waves it sends them: statements issued in the same
 * turn of the event loop (a Promise.all) form one wave and are replayed side by side.
 */
type Statement = { text: string; params: unknown[] };
type Waves = Statement[][];

interface Who { username: string; secret: string }
type Input = Record<string, string>;
interface Endpoint {
  name: string;
  path: (i: Input) => string;
  /** What the route calls, run here once per input to record its statements; none for health. */
  service?: (db: Db, scope: Scope, i: Input) => Promise<unknown>;
}

const endpoints: Endpoint[] = [
  { name: 'health', path: () => '/api/health' },
  {
    name: 'lookup', path: (i) => `/api/v1/customers?q=${i.phoneTyped}`,
    service: (db, scope, i) => listCustomers(db, scope, CustomerListQuery.parse({ q: i.phoneTyped })),
  },
  {
    name: 'search', path: (i) => `/api/v1/customers?q=${encodeURIComponent(i.fragment)}`,
    service: (db, scope, i) => listCustomers(db, scope, CustomerListQuery.parse({ q: i.fragment })),
  },
  {
    name: 'list', path: (i) => `/api/v1/customers?tier=key&unitId=${i.unitId}&limit=20`,
    service: (db, scope, i) => listCustomers(db, scope, CustomerListQuery.parse({ tier: 'key', unitId: i.unitId, limit: '20' })),
  },
  { name: '360', path: (i) => `/api/v1/customers/${i.id}/360`, service: (db, scope, i) => customer360(db, scope, i.id) },
  {
    name: 'timeline', path: (i) => `/api/v1/customers/${i.id}/timeline?limit=20`,
    service: async (db, scope, i) => timeline(db, await getCustomer(db, scope, i.id), TimelineQuery.parse({ limit: '20' })),
  },
];

/**
 * Records what the server runs for each input: the session lookup that authenticates the
 * request, then the service the route calls, through a drizzle logger. The raw side replays
 * exactly these statements, so it cannot drift from the code.
 */
async function recordStatements(open: (logger: { logQuery: (text: string, params: unknown[]) => void }) => Db, who: Who, e: Endpoint, inputs: Input[]) {
  let waves: Waves = [];
  let isNewTurn = true;
  const logger = {
    logQuery: (text: string, params: unknown[]) => {
      if (isNewTurn) {
        waves.push([]);
        isNewTurn = false;
        queueMicrotask(() => { isNewTurn = true; });
      }
      waves[waves.length - 1].push({ text, params });
    },
  };
  const db = open(logger);
  const recorded: Waves[] = [];
  for (const input of inputs) {
    waves = [];
    isNewTurn = true;
    const scope = await scopeOfSession(db, who.secret);
    if (!scope) throw new Error(`the session of ${who.username} is not valid`);
    await new Promise((resolve) => setImmediate(resolve));
    isNewTurn = true;
    await e.service!(db, scope, input);
    recorded.push(waves);
  }
  return recorded;
}

async function replay(q: Q, waves: Waves) {
  for (const wave of waves) await Promise.all(wave.map((s) => q(s.text, s.params)));
}

// ---------------------------------------------------------------- measurement helpers
function stats(latencies: number[]) {
  const s = [...latencies].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
  return { count: s.length, p50: at(50), p95: at(95), p99: at(99), max: s[s.length - 1], mean: s.reduce((a, b) => a + b, 0) / s.length };
}

function rssOf(pid: number): number {
  try { return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)]).toString().trim()) / 1024; } catch { return NaN; }
}

async function cannon(url: string, cookie: string | null, paths: string[], seconds: number, rssPid: number | null, record: boolean, conns = connections) {
  const latencies: number[] = [];
  const rss: number[] = [];
  let errors = 0;
  const timer = rssPid ? setInterval(() => rss.push(rssOf(rssPid)), 500) : null;
  // The callback form returns the instance, whose 'response' events carry each latency.
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    // A tiny run sends a fixed number of requests: a second of a loaded machine may answer none.
    const howMuch = isTiny ? { amount: Math.max(conns, 20) } : { duration: seconds };
    const instance = autocannon({
      url, connections: conns, ...howMuch, headers: cookie ? { cookie } : {},
      requests: inTurn(paths),
    }, (error, done) => (error ? reject(error) : resolve(done)));
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (record) latencies.push(ms);
      if (status >= 400) errors++;
    });
  });
  if (timer) clearInterval(timer);
  return { latencies, rss, errors: errors + result.errors + result.timeouts, timeouts: result.timeouts, requests: result.requests.total, rps: result.requests.total / result.duration, non2xx: result.non2xx };
}

async function rawRun(q: Q, recorded: Waves[], total: number, conns = connections) {
  let next = 0;
  const latencies: number[] = [];
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: conns }, async () => {
    while (next < total) {
      const waves = recorded[next++ % recorded.length];
      const t = process.hrtime.bigint();
      await replay(q, waves);
      latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { latencies, rps: total / seconds };
}

// ---------------------------------------------------------------- inputs from the database
async function sampleInputs(q: Q, username: string, wanted: number) {
  const [user] = await q(`select u.id, (ou.parent_id is null) as is_whole,
      array(select c.id::text from org_units c where c.path like ou.path || '%') as unit_ids
    from users u join org_units ou on ou.id = u.unit_id where u.username = $1`, [username]);
  const unitIds = user.unit_ids as string[];
  const whole = Boolean(user.is_whole);
  const [{ n }] = await q(`select count(*)::int as n from customers ${whole ? '' : 'where unit_id = any($1::uuid[])'}`, whole ? [] : [unitIds]);
  const pct = Math.min(100, ((wanted * 3) / Number(n)) * 100);
  const rows = await q(`select c.id, c.name, c.kind, (select value from identities i where i.customer_id = c.id and i.kind = 'phone' limit 1) as phone
    from customers c tablesample bernoulli (${pct}) repeatable (7)
    where c.status = 'active' ${whole ? '' : 'and c.unit_id = any($1::uuid[])'} limit ${wanted}`, whole ? [] : [unitIds]);
  const teams = (await q(`select id from org_units where level = 'team' ${whole ? '' : 'and id = any($1::uuid[])'} order by code`, whole ? [] : [unitIds])).map((r) => String(r.id));
  // A deterministic shuffle, so both sides see inputs in the same order every run.
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const inputs: Input[] = rows.filter((r) => r.phone).map((r) => {
    const chars = [...String(r.name)];
    const at = Math.floor(rnd() * Math.max(1, chars.length - 1));
    return {
      id: String(r.id), kind: String(r.kind), phone: String(r.phone), phoneTyped: String(r.phone).replace(/^\+86/, ''),
      fragment: chars.slice(at, at + 2).join(''), unitId: teams[Math.floor(rnd() * teams.length)],
    };
  });
  return { inputs, unitIds, isWhole: whole, customers: Number(n) };
}

// ---------------------------------------------------------------- the run
async function main() {
  // The services are called here without an app: the modules tell the policy what each role may do.
  installModules();
  if (outFile) fs.mkdirSync(path.dirname(outFile), { recursive: true });
  const url = `http://127.0.0.1:${port}`;
  // The raw side's connection: a pg Pool of 50, or the embedded store opened in this process.
  let pool: pg.Pool | null = null;
  let lite: PGlite | null = null;
  const openRaw = async () => {
    if (pgliteDir) lite = await PGlite.create(path.join(pgliteDir, 'pgdata'), { extensions: { pg_trgm } });
    else pool = new pg.Pool({ connectionString: databaseUrl, max: connections });
  };
  // Every replayed statement is prepared (named, planned once per connection). The server
  // prepares only its hottest ones, so API/raw errs against the API, never for it.
  const nameOf = (text: string) => `raw_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
  const q: Q = async (text, params) => (pool
    ? (await pool.query({ name: nameOf(text), text, values: params })).rows
    : (await lite!.query<Record<string, unknown>>(text, params)).rows);
  const closeRaw = async () => { await pool?.end(); pool = null; await lite?.close(); lite = null; };
  const openDrizzle = (logger: { logQuery: (text: string, params: unknown[]) => void }) =>
    (pool ? drizzlePg(pool, { logger }) : drizzlePglite(lite!, { logger })) as unknown as Db;

  await openRaw();
  const samples = new Map<string, Awaited<ReturnType<typeof sampleInputs>>>();
  for (const u of usernames) samples.set(u, await sampleInputs(q, u, sampleSize));
  const [{ customers, interactions }] = await q(`select (select count(*) from customers)::int as customers,
    (select reltuples::bigint from pg_class where relname = 'interactions') as interactions`, []);
  log(`${store}: ${Number(customers).toLocaleString('en')} customers, ~${Number(interactions).toLocaleString('en')} interactions; inputs ${[...samples].map(([u, s]) => `${u}=${s.inputs.length}`).join(', ')}`);
  if (pgliteDir) await closeRaw();

  const { child } = startServer({
    port, databaseUrl: pgliteDir ? undefined : databaseUrl, env: pgliteDir ? { DATA_DIR: pgliteDir } : {}, stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => process.stdout.write(`  server: ${d}`));
  child.stderr!.on('data', (d) => process.stderr.write(`  server: ${d}`));
  const stop = () => new Promise<void>((resolve) => { if (child.exitCode !== null) return resolve(); child.once('exit', () => resolve()); child.kill('SIGTERM'); });
  process.on('SIGINT', async () => { await stop(); process.exit(130); });

  const results: Record<string, unknown>[] = [];
  const rawQueue: RawItem[] = [];
  try {
    const startSeconds = await waitForHealth(url, child);
    log(`server pid ${child.pid} answered /api/health after ${startSeconds.toFixed(1)} s; RSS ${rssOf(child.pid!).toFixed(0)} MB`);
    const whos: Who[] = [];
    for (const u of usernames) whos.push({ username: u, secret: await signIn(url, u) });

    let peakRss = 0;
    for (const who of whos) {
      const inputs = samples.get(who.username)!.inputs;
      for (const e of endpoints) {
        if (only && !only.includes(e.name)) continue;
        if (e.name === 'health' && who !== whos[0]) continue;
        const paths = inputs.map(e.path);
        const cookie = `xiang_session=${encodeURIComponent(who.secret)}`;
        if (warmup > 0) await cannon(url, cookie, paths, warmup, null, false);
        const api = await cannon(url, cookie, paths, duration, child.pid!, true);
        const a = stats(api.latencies);
        const rssMax = Math.max(...api.rss, rssOf(child.pid!));
        peakRss = Math.max(peakRss, rssMax);
        if (api.non2xx > 0) throw new Error(`${who.username} ${e.name}: ${api.non2xx} answers were not 2xx — the inputs or the server are wrong`);
        const row: Record<string, unknown> = {
          load1: +os.loadavg()[0].toFixed(1), store, user: who.username, endpoint: e.name, connections, seconds: duration, requests: a.count, errors: api.errors, timeouts: api.timeouts, non2xx: api.non2xx,
          rps: +api.rps.toFixed(0), api: { p50: a.p50, p95: a.p95, p99: a.p99, max: a.max }, rssMaxMb: +rssMax.toFixed(0),
        };
        if (probe > 0) {
          const one = await cannon(url, cookie, paths, probe, null, true, 1);
          const o = stats(one.latencies);
          row.c1 = { requests: o.count, rps: +one.rps.toFixed(0), api: { p50: o.p50, p95: o.p95, p99: o.p99 } };
        }
        results.push(row);
        log(`${who.username.padEnd(7)} ${e.name.padEnd(8)} API ${api.rps.toFixed(0).padStart(6)} req/s  p50 ${a.p50.toFixed(1)}  p95 ${a.p95.toFixed(1)}  p99 ${a.p99.toFixed(1)} ms  errors ${api.errors}  RSS ≤ ${rssMax.toFixed(0)} MB  load ${os.loadavg()[0].toFixed(1)}`);
        if (e.service) {
          const item = { who, e, inputs, total: a.count, row };
          if (pgliteDir) rawQueue.push(item);
          else await runRaw(q, openDrizzle, item);
        }
      }
    }
    const rssIdle = rssOf(child.pid!);
    await stop();
    log(`server stopped; peak RSS under load ${peakRss.toFixed(0)} MB, after the load ${rssIdle.toFixed(0)} MB`);
    results.push({ store, summary: true, at: new Date().toISOString(), loadavg: os.loadavg().map((x) => +x.toFixed(1)), startSeconds, peakRssMb: +peakRss.toFixed(0), rssAfterMb: +rssIdle.toFixed(0), customers: Number(customers) });
    if (pgliteDir) {
      await openRaw();
      for (const item of rawQueue) await runRaw(q, openDrizzle, item);
    }
  } finally {
    await stop();
    await closeRaw();
  }
  if (outFile) fs.writeFileSync(outFile, JSON.stringify(results, null, 2));
  if (outFile) log(`results in ${outFile}`);
  printTable(results);
}

interface RawItem { who: Who; e: Endpoint; inputs: Input[]; total: number; row: Record<string, unknown> }

async function runRaw(q: Q, openDrizzle: Parameters<typeof recordStatements>[0], item: RawItem) {
  const recorded = await recordStatements(openDrizzle, item.who, item.e, item.inputs);
  if (showSql) {
    console.log(`-- ${item.who.username} ${item.e.name}: what one request runs, wave by wave`);
    recorded[0].forEach((wave, n) => wave.forEach((st) => console.log(`   ${n + 1}. ${st.text}\n      -- ${JSON.stringify(st.params)}`)));
  }
  // a short warm-up of the same statements, as the API side had
  if (warmup > 0) await rawRun(q, recorded, Math.min(item.total, 500));
  const r = await rawRun(q, recorded, item.total);
  const s = stats(r.latencies);
  const api = item.row.api as { p50: number; p95: number; p99: number };
  item.row.statements = recorded[0].flat().length;
  item.row.raw = { p50: s.p50, p95: s.p95, p99: s.p99, max: s.max, rps: +r.rps.toFixed(0) };
  item.row.ratio = { p50: +(api.p50 / s.p50).toFixed(2), p95: +(api.p95 / s.p95).toFixed(2), p99: +(api.p99 / s.p99).toFixed(2), rps: +(Number(item.row.rps) / r.rps).toFixed(2) };
  const c1 = item.row.c1 as { requests: number; api: { p50: number; p95: number } } | undefined;
  if (c1) {
    const one = stats((await rawRun(q, recorded, c1.requests, 1)).latencies);
    Object.assign(c1, { raw: { p50: one.p50, p95: one.p95, p99: one.p99 }, ratioP50: +(c1.api.p50 / one.p50).toFixed(2) });
    log(`${item.who.username.padEnd(7)} ${item.e.name.padEnd(8)} 1 connection: API p50 ${c1.api.p50.toFixed(2)} p95 ${c1.api.p95.toFixed(2)} ms, raw p50 ${one.p50.toFixed(2)} p95 ${one.p95.toFixed(2)} ms`);
  }
  log(`${item.who.username.padEnd(7)} ${item.e.name.padEnd(8)} raw ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${s.p50.toFixed(1)}  p95 ${s.p95.toFixed(1)}  p99 ${s.p99.toFixed(1)} ms  (${item.row.statements} statements) → API/raw p95 ${(api.p95 / s.p95).toFixed(2)}`);
}

function printTable(results: Record<string, unknown>[]) {
  const f = (n: number | undefined) => (n === undefined ? '—' : n < 1 ? n.toFixed(2) : n < 10 ? n.toFixed(1) : n.toFixed(0));
  console.log('\n| user | endpoint | req/s API | API p50 / p95 / p99 ms | req/s raw | raw p50 / p95 / p99 ms | API/raw p50 · p95 | RSS max MB | 1 conn: API p50 / p95 ms | 1 conn: raw p50 / p95 ms |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results.filter((x) => !x.summary)) {
    const a = r.api as Record<string, number>;
    const w = r.raw as Record<string, number> | undefined;
    const ratio = r.ratio as Record<string, number> | undefined;
    const c1 = r.c1 as { api: Record<string, number>; raw?: Record<string, number> } | undefined;
    console.log(`| ${r.user} | ${r.endpoint} | ${r.rps} | ${f(a.p50)} / ${f(a.p95)} / ${f(a.p99)} | ${w ? w.rps : '—'} | ${w ? `${f(w.p50)} / ${f(w.p95)} / ${f(w.p99)}` : '—'} | ${ratio ? `${ratio.p50} · ${ratio.p95}` : '—'} | ${r.rssMaxMb} | ${c1 ? `${f(c1.api.p50)} / ${f(c1.api.p95)}` : '—'} | ${c1?.raw ? `${f(c1.raw.p50)} / ${f(c1.raw.p95)}` : '—'} |`);
  }
}

await main();
