/**
 * The platform-core benchmark: the API under autocannon, and the same SQL through the driver,
 * in one run, with the same inputs and the same number of requests.
 *
 *   PostgreSQL:  node --import tsx bench/api.ts --pg [--db xiang_bench]
 *   PGlite:      node --import tsx bench/api.ts --pglite /tmp/xiang-bench-pglite
 *   options:     --duration 12 --warmup 3 --connections 50 --port 3210 --users admin,cs.am1
 *                --only lookup,search,... --out bench/results/<store>.json
 *
 * For each endpoint and user: a warm-up, then autocannon at 50 connections for --duration
 * seconds (every latency recorded, so p50/p95/p99 are exact), while the server's RSS is
 * sampled; then the SQL statements that request runs — copied from the services, checked
 * against a drizzle logger before the load — are replayed through `pg` (50 concurrent
 * clients) or the embedded PGlite (after the server has stopped: it holds the directory),
 * for the same count and the same inputs. The raw side includes the session lookup that
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
import * as schema from '../packages/server/src/platform/db/schema.ts';
import type { Db } from '../packages/server/src/platform/db/index.ts';
import { listCustomers } from '../packages/server/src/customers/search.ts';
import { customer360 } from '../packages/server/src/customer360/view.ts';
import { timeline } from '../packages/server/src/interactions/service.ts';
import { scopeOfSession } from '../packages/server/src/platform/auth/identify.ts';
import { digest } from '../packages/server/src/platform/auth/secrets.ts';
import { signIn, startServer, waitForHealth } from './server.ts';

const args = process.argv.slice(2);
const opt = (name: string, fallback?: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const pgliteDir = opt('--pglite');
const dbName = opt('--db', 'xiang_bench')!;
const databaseUrl = `postgres://postgres@127.0.0.1:5432/${dbName}`;
const duration = Number(opt('--duration', '12'));
const warmup = Number(opt('--warmup', '3'));
const connections = Number(opt('--connections', '50'));
const port = Number(opt('--port', '3210'));
if (port < 3200 || port > 3299) throw new Error('use a port in 3200–3299');
const usernames = opt('--users', 'admin,cs.am1')!.split(',');
const only = opt('--only')?.split(',');
/** Seconds of a one-connection pass per endpoint: the service time without queueing. 0 = off. */
const probe = Number(opt('--probe', '4'));
const store = pgliteDir ? 'pglite' : 'postgres';
const outFile = opt('--out', `bench/results/${store}.json`)!;

const log = (msg: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);

// ---------------------------------------------------------------- the SQL the server runs
type Q = (text: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

const customerSelect = `select "customers"."id", "customers"."number", "customers"."kind", "customers"."name", "customers"."tier", "customers"."status", "customers"."unit_id", "org_units"."name", "customers"."owner_id", "users"."display_name", "customers"."gender", "customers"."birth_date", "customers"."industry", "customers"."address", "customers"."note", "customers"."tags", "customers"."attributes", "customers"."merged_into_id", "customers"."created_at", "customers"."updated_at", "customers"."archived_at" from "customers" inner join "org_units" on "org_units"."id" = "customers"."unit_id" left join "users" on "users"."id" = "customers"."owner_id"`;
const listTail = `order by "customers"."created_at" desc, "customers"."id" desc limit`;
const sqlText = {
  scope: `
    select u.id as user_id, u.display_name, u.role, u.unit_id, (ou.parent_id is null) as is_root,
  array(select c.id::text from org_units c where c.path like ou.path || '%') as unit_ids
    from sessions s join users u on u.id = s.user_id join org_units ou on ou.id = u.unit_id
    where s.id = $1 and s.expires_at > now() and not u.is_disabled`,
  customer: `${customerSelect} where "customers"."id" = $1`,
  subscriptions: `select "subscriptions"."id", "subscriptions"."customer_id", "subscriptions"."product_id", "products"."name", "products"."category", "subscriptions"."service_number", "subscriptions"."status", "subscriptions"."start_date", "subscriptions"."end_date", "subscriptions"."monthly_fee_fen" from "subscriptions" inner join "products" on "products"."id" = "subscriptions"."product_id" where "subscriptions"."customer_id" = $1 order by "subscriptions"."status" = 'active' desc, "subscriptions"."start_date" desc`,
  bills: `select "id", "period", "amount_fen", "paid_fen", "due_date", "status" from "bills" where "bills"."customer_id" = $1 order by "bills"."period" desc limit $2`,
  figures: `select coalesce((select sum(monthly_fee_fen) from subscriptions where customer_id = $1 and status = 'active'), 0)::int, coalesce((select sum(amount_fen - paid_fen) from bills where customer_id = $2 and status <> 'paid'), 0)::bigint, (select count(*) from subscriptions where customer_id = $3 and status = 'active')::int from (select 1) as one`,
  counts: `select "kind", count(*)::int from "interactions" where "interactions"."customer_id" = $1 group by "interactions"."kind"`,
  timeline: `select "id", "customer_id", "occurred_at", "kind", "channel", "type", "actor_id", "actor_name", "summary", "payload", "created_at" from "interactions" where "interactions"."customer_id" = $1 order by "interactions"."occurred_at" desc, "interactions"."id" desc limit $2`,
  identities: `select "id", "customer_id", "kind", "value", "is_primary", "source", "created_at" from "identities" where "identities"."customer_id" = $1 order by "identities"."kind" asc, "identities"."created_at" asc`,
  contacts: `select "id", "customer_id", "name", "title", "phone", "email", "is_decision_maker", "note", "archived_at", "created_at" from "contacts" where ("contacts"."customer_id" = $1 and "contacts"."archived_at" is null) order by "contacts"."created_at" asc`,
  attachments: `select "id", "interaction_id", "file_name", "media_type", "size_bytes", "created_at" from "attachments" where "attachments"."interaction_id" = any($1::bigint[])`,
};

interface Who { username: string; secret: string; sessionId: string; unitIds: string[]; isWhole: boolean }
/** The list query as search.ts builds it: scope, then the search condition, status, filters. */
function listSql(who: Who, search: 'phone' | 'fragment' | null, filters: { unitId?: string; tier?: string }) {
  const parts: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => { params.push(v); return `$${params.length}`; };
  parts.push(who.isWhole ? 'true' : `"customers"."unit_id" = any(${p(who.unitIds)}::uuid[])`);
  if (search === 'phone') parts.push(`"customers"."id" in (select customer_id from identities where kind = 'phone' and value = ${p('§q')})`);
  if (search === 'fragment') parts.push(`"customers"."name_grams" @> array[${p('§q')}]::text[]`);
  parts.push(`"customers"."status" = ${p('active')}`);
  if (filters.unitId) parts.push(`"customers"."unit_id" = ${p('§unit')}`);
  if (filters.tier) parts.push(`"customers"."tier" = ${p(filters.tier)}`);
  const where = parts.length > 1 ? `(${parts.join(' and ')})` : parts[0];
  return { text: `${customerSelect} where ${where} ${listTail} ${p(21)}`, params };
}
const bind = (params: unknown[], values: Record<string, unknown>) => params.map((v) => (typeof v === 'string' && v.startsWith('§') ? values[v.slice(1)] : v));

/** The session lookup changes with the server (identify.ts); its text is taken from a drizzle log at run time. */
let scopeText = sqlText.scope;
async function scopeQ(q: Q, who: Who) { return q(scopeText, [who.sessionId]); }
async function getCustomerQ(q: Q, id: string) { return q(sqlText.customer, [id]); }
async function timelineQ(q: Q, id: string, limit: number) {
  const rows = await q(sqlText.timeline, [id, limit + 1]);
  const page = rows.slice(0, limit);
  if (page.length) await q(sqlText.attachments, [page.map((r) => Number(r.id))]);
}

type Input = Record<string, string>;
interface Endpoint {
  name: string;
  path: (i: Input) => string;
  raw: ((q: Q, who: Who, i: Input) => Promise<unknown>) | null;
  service?: (db: Db, scopeDb: Db, who: Who, i: Input) => Promise<unknown>;
}

function endpoints(who: Who): Endpoint[] {
  const phone = listSql(who, 'phone', {});
  const fragment = listSql(who, 'fragment', {});
  const list = listSql(who, null, { unitId: 'x', tier: 'key' });
  const scopeOf = async (db: Db) => (await scopeOfSession(db, who.secret))!;
  return [
    { name: 'health', path: () => '/api/health', raw: null },
    {
      name: 'lookup', path: (i) => `/api/v1/customers?q=${i.phoneTyped}`,
      raw: async (q, w, i) => { await scopeQ(q, w); await q(phone.text, bind(phone.params, { q: i.phone })); },
      service: async (db, sdb, _w, i) => listCustomers(db, await scopeOf(sdb), { q: i.phoneTyped, sort: '-createdAt', status: 'active', limit: 20 } as never),
    },
    {
      name: 'search', path: (i) => `/api/v1/customers?q=${encodeURIComponent(i.fragment)}`,
      raw: async (q, w, i) => { await scopeQ(q, w); await q(fragment.text, bind(fragment.params, { q: i.fragment })); },
      service: async (db, sdb, _w, i) => listCustomers(db, await scopeOf(sdb), { q: i.fragment, sort: '-createdAt', status: 'active', limit: 20 } as never),
    },
    {
      name: 'list', path: (i) => `/api/v1/customers?tier=key&unitId=${i.unitId}&limit=20`,
      raw: async (q, w, i) => { await scopeQ(q, w); await q(list.text, bind(list.params, { unit: i.unitId })); },
      service: async (db, sdb, _w, i) => listCustomers(db, await scopeOf(sdb), { tier: 'key', unitId: i.unitId, sort: '-createdAt', status: 'active', limit: 20 } as never),
    },
    {
      name: '360', path: (i) => `/api/v1/customers/${i.id}/360`,
      // customer360(): the customer (checked once, since commit f770d96), then seven parts side by side.
      raw: async (q, w, i) => {
        await scopeQ(q, w);
        const [c] = await getCustomerQ(q, i.id);
        await Promise.all([
          c.kind === 'enterprise' ? q(sqlText.contacts, [i.id]) : null,
          q(sqlText.identities, [i.id]),
          q(sqlText.subscriptions, [i.id]),
          q(sqlText.bills, [i.id, 6]),
          q(sqlText.figures, [i.id, i.id, i.id]),
          q(sqlText.counts, [i.id]),
          timelineQ(q, i.id, 10),
        ]);
      },
      service: async (db, sdb, _w, i) => customer360(db, await scopeOf(sdb), i.id),
    },
    {
      name: 'timeline', path: (i) => `/api/v1/customers/${i.id}/timeline?limit=20`,
      raw: async (q, w, i) => { await scopeQ(q, w); await getCustomerQ(q, i.id); await timelineQ(q, i.id, 20); },
      service: async (db, sdb, _w, i) => timeline(db, await scopeOf(sdb), i.id, { limit: 20 } as never),
    },
  ];
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
  let n = 0;
  const latencies: number[] = [];
  const rss: number[] = [];
  let errors = 0;
  const timer = rssPid ? setInterval(() => rss.push(rssOf(rssPid)), 500) : null;
  const instance = autocannon({
    url, connections: conns, duration: seconds, headers: cookie ? { cookie } : {},
    requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, path: paths[n++ % paths.length] }) }],
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (record) latencies.push(ms);
    if (status >= 400) errors++;
  });
  const result = await instance;
  if (timer) clearInterval(timer);
  return { latencies, rss, errors: errors + result.errors + result.timeouts, timeouts: result.timeouts, requests: result.requests.total, rps: result.requests.total / seconds, non2xx: result.non2xx };
}

async function rawRun(q: Q, fn: (i: Input) => Promise<unknown>, inputs: Input[], total: number, conns = connections) {
  let next = 0;
  const latencies: number[] = [];
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: conns }, async () => {
    while (next < total) {
      const input = inputs[next++ % inputs.length];
      const t = process.hrtime.bigint();
      await fn(input);
      latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { latencies, rps: total / seconds };
}

// ---------------------------------------------------------------- inputs from the database
async function sampleInputs(q: Q, username: string) {
  const [user] = await q(`select u.id, (ou.parent_id is null) as is_whole,
      array(select c.id::text from org_units c where c.path like ou.path || '%') as unit_ids
    from users u join org_units ou on ou.id = u.unit_id where u.username = $1`, [username]);
  const unitIds = user.unit_ids as string[];
  const whole = Boolean(user.is_whole);
  const [{ n }] = await q(`select count(*)::int as n from customers ${whole ? '' : 'where unit_id = any($1::uuid[])'}`, whole ? [] : [unitIds]);
  const pct = Math.min(100, (6000 / Number(n)) * 100);
  const rows = await q(`select c.id, c.name, c.kind, (select value from identities i where i.customer_id = c.id and i.kind = 'phone' limit 1) as phone
    from customers c tablesample bernoulli (${pct}) repeatable (7)
    where c.status = 'active' ${whole ? '' : 'and c.unit_id = any($1::uuid[])'} limit 2000`, whole ? [] : [unitIds]);
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
/** Checks that the raw side runs exactly the statements the services run (as a multiset). */
async function checkSql(db: Db, sdb: Db, captured: string[], q: Q, e: Endpoint, who: Who, input: Input) {
  captured.length = 0;
  await e.service!(db, sdb, who, input);
  const fromService = [...captured].map((s) => s.trim()).sort();
  const fromRaw: string[] = [];
  await e.raw!(async (text, params) => { fromRaw.push(text.trim()); return q(text, params); }, who, input);
  fromRaw.sort();
  if (JSON.stringify(fromService) !== JSON.stringify(fromRaw)) {
    console.error({ endpoint: e.name, fromService, fromRaw });
    throw new Error(`raw SQL of ${e.name} differs from what the server runs`);
  }
}

async function main() {
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  const url = `http://127.0.0.1:${port}`;
  // The raw side's connection: a pg Pool of 50, or the embedded store opened in this process.
  let pool: pg.Pool | null = null;
  let lite: PGlite | null = null;
  const openRaw = async () => {
    if (pgliteDir) lite = await PGlite.create(path.join(pgliteDir, 'pgdata'), { extensions: { pg_trgm } });
    else pool = new pg.Pool({ connectionString: databaseUrl, max: connections });
  };
  // The statements the server prepares are prepared here too (named, planned once per
  // connection), so API/raw compares the same database work and measures only what the stack adds.
  const isPrepared = (text: string) => text === scopeText || Object.values(sqlText).includes(text);
  const nameOf = (text: string) => `raw_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
  const q: Q = async (text, params) => (pool
    ? (await pool.query(isPrepared(text) ? { name: nameOf(text), text, values: params } : { text, values: params })).rows
    : (await lite!.query<Record<string, unknown>>(text, params)).rows);
  const closeRaw = async () => { await pool?.end(); pool = null; await lite?.close(); lite = null; };

  await openRaw();
  const samples = new Map<string, Awaited<ReturnType<typeof sampleInputs>>>();
  for (const u of usernames) samples.set(u, await sampleInputs(q, u));
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
  try {
    const startSeconds = await waitForHealth(url, child);
    log(`server pid ${child.pid} answered /api/health after ${startSeconds.toFixed(1)} s; RSS ${rssOf(child.pid!).toFixed(0)} MB`);
    const whos: Who[] = [];
    for (const u of usernames) {
      const secret = await signIn(url, u);
      const s = samples.get(u)!;
      whos.push({ username: u, secret, sessionId: digest(secret), unitIds: s.unitIds, isWhole: s.isWhole });
    }

    // Before the load: the raw statements are the server's statements (PG: checked now; PGlite: after).
    const check = async () => {
      const captured: string[] = [];
      const logger = { logQuery: (text: string) => { captured.push(text); } };
      const db = (pool ? drizzlePg(pool, { schema, logger }) : drizzlePglite(lite!, { schema, logger })) as unknown as Db;
      const sdb = (pool ? drizzlePg(pool, { schema, logger: { logQuery: (text: string) => { captured.push(text); } } }) : drizzlePglite(lite!, { schema, logger })) as unknown as Db;
      captured.length = 0;
      await scopeOfSession(db, whos[0].secret);
      if (captured.length !== 1) throw new Error('expected one statement for the session lookup');
      scopeText = captured[0];
      for (const who of whos) {
        const inputs = samples.get(who.username)!.inputs;
        for (const e of endpoints(who).filter((x) => x.raw)) {
          // both kinds of customer for the 360 view (enterprises read contacts too)
          const picks = e.name === '360' ? [inputs.find((i) => i.kind === 'enterprise'), inputs.find((i) => i.kind === 'individual')] : [inputs[0]];
          for (const input of picks.filter(Boolean) as Input[]) await checkSql(db, sdb, captured, q, e, who, input);
        }
      }
      log('raw SQL checked against the services\' drizzle log: identical statements');
    };
    if (!pgliteDir) await check();

    const rawQueue: { who: Who; e: Endpoint; inputs: Input[]; total: number; row: Record<string, unknown> }[] = [];
    let peakRss = 0;
    for (const who of whos) {
      const inputs = samples.get(who.username)!.inputs;
      for (const e of endpoints(who)) {
        if (only && !only.includes(e.name)) continue;
        if (e.name === 'health' && who !== whos[0]) continue;
        const paths = inputs.map(e.path);
        const cookie = `xiang_session=${encodeURIComponent(who.secret)}`;
        await cannon(url, cookie, paths, warmup, null, false);
        const api = await cannon(url, cookie, paths, duration, child.pid!, true);
        const a = stats(api.latencies);
        const rssMax = Math.max(...api.rss);
        peakRss = Math.max(peakRss, rssMax);
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
        if (e.raw) {
          const raw = e.raw;
          const item = { who, e, inputs, total: a.count, row };
          if (pgliteDir) rawQueue.push(item);
          else await runRaw(q, item, raw);
        }
      }
    }
    const rssIdle = rssOf(child.pid!);
    await stop();
    log(`server stopped; peak RSS under load ${peakRss.toFixed(0)} MB, after the load ${rssIdle.toFixed(0)} MB`);
    results.push({ store, summary: true, at: new Date().toISOString(), loadavg: os.loadavg().map((x) => +x.toFixed(1)), startSeconds, peakRssMb: +peakRss.toFixed(0), rssAfterMb: +rssIdle.toFixed(0), customers: Number(customers) });
    if (pgliteDir) {
      await openRaw();
      await check();
      for (const item of rawQueue) await runRaw(q, item, item.e.raw!);
    }
  } finally {
    await stop();
    await closeRaw();
  }
  fs.writeFileSync(outFile, JSON.stringify(results, null, 2));
  log(`results in ${outFile}`);
  printTable(results);
}

async function runRaw(q: Q, item: { who: Who; inputs: Input[]; total: number; row: Record<string, unknown> }, raw: NonNullable<Endpoint['raw']>) {
  // a short warm-up of the same statements, as the API side had
  await rawRun(q, (i) => raw(q, item.who, i), item.inputs, Math.min(item.total, 500));
  const r = await rawRun(q, (i) => raw(q, item.who, i), item.inputs, item.total);
  const s = stats(r.latencies);
  const api = item.row.api as { p50: number; p95: number; p99: number };
  item.row.raw = { p50: s.p50, p95: s.p95, p99: s.p99, max: s.max, rps: +r.rps.toFixed(0) };
  item.row.ratio = { p50: +(api.p50 / s.p50).toFixed(2), p95: +(api.p95 / s.p95).toFixed(2), p99: +(api.p99 / s.p99).toFixed(2), rps: +(Number(item.row.rps) / r.rps).toFixed(2) };
  const c1 = item.row.c1 as { requests: number; api: { p50: number; p95: number } } | undefined;
  if (c1) {
    const one = stats((await rawRun(q, (i) => raw(q, item.who, i), item.inputs, c1.requests, 1)).latencies);
    Object.assign(c1, { raw: { p50: one.p50, p95: one.p95, p99: one.p99 }, ratioP50: +(c1.api.p50 / one.p50).toFixed(2) });
    log(`${item.who.username.padEnd(7)} ${String(item.row.endpoint).padEnd(8)} 1 connection: API p50 ${c1.api.p50.toFixed(2)} p95 ${c1.api.p95.toFixed(2)} ms, raw p50 ${one.p50.toFixed(2)} p95 ${one.p95.toFixed(2)} ms`);
  }
  log(`${item.who.username.padEnd(7)} ${String(item.row.endpoint).padEnd(8)} raw ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${s.p50.toFixed(1)}  p95 ${s.p95.toFixed(1)}  p99 ${s.p99.toFixed(1)} ms  → API/raw p95 ${(api.p95 / s.p95).toFixed(2)}`);
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
