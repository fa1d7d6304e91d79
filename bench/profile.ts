/**
 * Where the server's Node CPU goes under one endpoint's load: runs the server with --cpu-prof
 * against the benchmark database, drives one endpoint at 50 connections, and sums self time
 * by package / source file.
 *
 *   node --import tsx bench/profile.ts [--endpoint 360|lookup|search|list|timeline] [--seconds 10] [--db xiang_bench]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { inTurn, root, signIn, startServer, stopServer, waitForHealth } from './server.ts';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const endpoint = opt('--endpoint', '360');
const seconds = Number(opt('--seconds', '10'));
const dbName = opt('--db', 'xiang_bench');
if (!/^xiang_bench\w*$/.test(dbName)) throw new Error('xiang_bench* only');
const port = Number(opt('--port', '3240'));
const databaseUrl = `postgres://postgres@127.0.0.1:5432/${dbName}`;
const profDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiang-bench-prof-'));

const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
const rows = (await pool.query(`select c.id, c.name, (select value from identities i where i.customer_id = c.id and kind = 'phone' limit 1) as phone
  from customers c tablesample bernoulli (1) repeatable (5) where status = 'active' limit 2000`)).rows;
const teams = (await pool.query(`select id from org_units where level = 'team'`)).rows.map((r) => r.id);
await pool.end();
const make: Record<string, (r: { id: string; name: string; phone: string }, i: number) => string> = {
  lookup: (r) => `/api/v1/customers?q=${r.phone.replace('+86', '')}`,
  search: (r) => `/api/v1/customers?q=${encodeURIComponent([...r.name].slice(0, 2).join(''))}`,
  list: (_r, i) => `/api/v1/customers?tier=key&unitId=${teams[i % teams.length]}&limit=20`,
  '360': (r) => `/api/v1/customers/${r.id}/360`,
  timeline: (r) => `/api/v1/customers/${r.id}/timeline?limit=20`,
};
const paths = rows.map((r, i) => make[endpoint](r, i));

const { child, url } = startServer({ port, databaseUrl, nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profDir}`] });
try {
  await waitForHealth(url, child);
  const cookie = `xiang_session=${await signIn(url, 'admin')}`;
  const result = await autocannon({ url, connections: 50, duration: seconds, headers: { cookie },
    requests: inTurn(paths) });
  console.log(`${endpoint}: ${result.requests.total} requests, ${result.non2xx} non-2xx`);
} finally {
  await stopServer(child);
}

interface Node { id: number; callFrame: { functionName: string; url: string }; children?: number[] }
const file = fs.readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
if (!file) throw new Error('no profile written');
const prof = JSON.parse(fs.readFileSync(path.join(profDir, file), 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const self = new Map<number, number>();
prof.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
const byNode = new Map(prof.nodes.map((n) => [n.id, n]));
const group = (u: string, fn: string) => {
  if (!u) return fn.startsWith('(') ? fn : `(native) ${fn}`;
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u);
  if (m) return m[1];
  if (u.startsWith('node:')) return u;
  return u.replace(/^file:\/\//, '').replace(root + '/', '');
};
const totals = new Map<string, number>();
const fns = new Map<string, number>();
let all = 0;
for (const [id, us] of self) {
  const n = byNode.get(id)!;
  const g = group(n.callFrame.url, n.callFrame.functionName);
  totals.set(g, (totals.get(g) ?? 0) + us);
  const f = `${n.callFrame.functionName || '(anonymous)'} ${group(n.callFrame.url, '')}`;
  fns.set(f, (fns.get(f) ?? 0) + us);
  all += us;
}
const busy = all - (totals.get('(idle)') ?? 0);
console.log(`\nself time by package/file, % of busy time (${(busy / 1e6).toFixed(1)} s busy of ${(all / 1e6).toFixed(1)} s):`);
for (const [g, us] of [...totals].filter(([g]) => g !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, 18)) console.log(`  ${((us / busy) * 100).toFixed(1).padStart(5)} %  ${g}`);
console.log('\ntop functions:');
for (const [f, us] of [...fns].filter(([f]) => !f.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${((us / busy) * 100).toFixed(1).padStart(5)} %  ${f}`);
fs.rmSync(profDir, { recursive: true, force: true });
