/**
 * Where the CPU goes per request: the server's Node process versus its PostgreSQL backends.
 * On a 2-core machine, throughput ≈ 2 CPU-seconds ÷ (CPU-ms per request), and at 50
 * connections latency ≈ 50 ÷ throughput; this shows which side to make cheaper.
 *
 *   node --import tsx bench/cpu.ts [--db xiang_bench] [--requests 3000] [--port 3230] [--user admin]
 *
 * For each endpoint: a fixed number of requests at 50 connections (inputs sampled as in
 * api.ts), with utime+stime from /proc for the server and for every backend connected to the
 * benchmark database, read before and after.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { inTurn, root, signIn, startServer, stopServer, waitForHealth } from './server.ts';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const dbName = opt('--db', 'xiang_bench');
if (!/^xiang_bench\w*$/.test(dbName)) throw new Error('xiang_bench* only');
const total = Number(opt('--requests', '3000'));
const port = Number(opt('--port', '3230'));
const username = opt('--user', 'admin');
const databaseUrl = `postgres://postgres@127.0.0.1:5432/${dbName}`;
const tick = 1000 / 100; // ms per clock tick (CLK_TCK = 100 on Linux)

const cpuMs = (pid: number) => {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * tick;
  } catch { return 0; }
};

const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
const [user] = (await pool.query(`select (ou.parent_id is null) as whole, array(select c.id::text from org_units c where c.path like ou.path || '%') as units
  from users u join org_units ou on ou.id = u.unit_id where u.username = $1`, [username])).rows;
const rows = (await pool.query(`select c.id, c.name, (select value from identities i where i.customer_id = c.id and kind = 'phone' limit 1) as phone
  from customers c tablesample bernoulli (1) repeatable (9) where c.status = 'active' ${user.whole ? '' : 'and c.unit_id = any($1::uuid[])'} limit 2000`, user.whole ? [] : [user.units])).rows;
const teams = (await pool.query(`select id from org_units where level = 'team' ${user.whole ? '' : 'and id = any($1::uuid[])'}`, user.whole ? [] : [user.units])).rows.map((r) => r.id);
const paths: Record<string, string[]> = {
  health: ['/api/health'],
  lookup: rows.map((r) => `/api/v1/customers?q=${String(r.phone).replace('+86', '')}`),
  search: rows.map((r, i) => `/api/v1/customers?q=${encodeURIComponent([...r.name].slice(i % 2, (i % 2) + 2).join(''))}`),
  list: rows.map((_r, i) => `/api/v1/customers?tier=key&unitId=${teams[i % teams.length]}&limit=20`),
  '360': rows.map((r) => `/api/v1/customers/${r.id}/360`),
  timeline: rows.map((r) => `/api/v1/customers/${r.id}/timeline?limit=20`),
};

const { child, url } = startServer({ port, databaseUrl });
try {
  await waitForHealth(url, child);
  const cookie = `xiang_session=${await signIn(url, username)}`;
  console.log(`| endpoint (${username}) | requests | req/s | server Node CPU ms/req | PostgreSQL CPU ms/req | bench client CPU ms/req | load |`);
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const [name, list] of Object.entries(paths)) {
    const run = (amount: number) => autocannon({ url, connections: 50, amount, headers: { cookie },
      requests: inTurn(list) });
    await run(Math.min(500, total)); // warm-up, and every pool connection open
    const backends = (await pool.query(`select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`, [dbName])).rows.map((r) => r.pid as number);
    const before = { node: cpuMs(child.pid!), pg: backends.reduce((a, p) => a + cpuMs(p), 0), self: process.cpuUsage() };
    const t = Date.now();
    const result = await run(total);
    const seconds = (Date.now() - t) / 1000;
    const node = cpuMs(child.pid!) - before.node;
    const pgMs = backends.reduce((a, p) => a + cpuMs(p), 0) - before.pg;
    const self = process.cpuUsage(before.self);
    const done = result.requests.total;
    console.log(`| ${name} | ${done}${result.non2xx ? ` (${result.non2xx} non-2xx)` : ''} | ${(done / seconds).toFixed(0)} | ${(node / done).toFixed(2)} | ${(pgMs / done).toFixed(2)} | ${((self.user + self.system) / 1000 / done).toFixed(2)} | ${os.loadavg()[0].toFixed(1)} |`);
  }
} finally {
  await stopServer(child);
  await pool.end();
}
