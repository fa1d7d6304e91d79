/**
 * `npm start` time, as a new user lives it: from the command until signing in works, and until
 * the demo's customers are all in (they load in the background after the server answers).
 *   fresh — an empty DATA_DIR: the embedded store is created, migrated, the demo loaded
 *   warm  — the same directory again: open PGlite, check migrations, listen
 *
 *   node --import tsx bench/startup.ts [--fresh 3] [--warm 5] [--port 3220] [--dir /tmp/xiang-bench-startup]
 *                                      [--customers 20000] [--tiny]
 *
 * The console is built by `npm install` (the root package's prepare script), so it is not timed
 * here; `--tiny` (CI) is one fresh and one warm start with a demo of 1,000 customers.
 * Each start runs `npm start` in its own process group, which is ended with SIGTERM (the server
 * closes the embedded store cleanly) before the next start. The baseline, measured in the same
 * run, is a bare Fastify server started the same way (npm, then node): what any start
 * costs on this machine at this moment, so the figures can be read as ratios on a busy machine.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_PASSWORD } from '../packages/server/src/demo/organisation.ts';
import { median, option } from './options.ts';

const isTiny = process.argv.includes('--tiny');
const freshRuns = Number(option('--fresh', isTiny ? '1' : '3'));
const warmRuns = Number(option('--warm', isTiny ? '1' : '5'));
const customers = option('--customers', isTiny ? '1000' : '');
const port = Number(option('--port', '3220'));
const dir = path.resolve(option('--dir', '/tmp/xiang-bench-startup'));
const outFile = option('--out', isTiny ? '' : 'bench/results/startup.json');
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const url = `http://127.0.0.1:${port}`;

interface Start { signInSeconds: number; demoSeconds: number | null; rssMb?: number }

const elapsed = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

async function canSignIn() {
  try {
    const res = await fetch(`${url}/api/v1/sessions`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'cs.am1', password: DEMO_PASSWORD }),
    });
    return res.status === 204;
  } catch {
    return false;
  }
}

async function isDemoLoaded() {
  const health = await fetch(`${url}/api/health`).then((r) => r.json() as Promise<{ demo: unknown }>).catch(() => ({ demo: 'unknown' }));
  return health.demo === null;
}

async function start(): Promise<Start> {
  const env = { ...process.env, PORT: String(port), DATA_DIR: dir, LOG_LEVEL: 'warn', HOST: '127.0.0.1' } as Record<string, string>;
  delete env.DATABASE_URL; delete env.DEMO; delete env.DEMO_CUSTOMERS;
  if (customers) env.DEMO_CUSTOMERS = customers;
  const t0 = process.hrtime.bigint();
  const child = spawn('npm', ['start'], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const until = async (condition: () => Promise<boolean>, pause = 25) => {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited: ${out}`);
      if (await condition()) return elapsed(t0);
      await new Promise((r) => setTimeout(r, pause));
      if (elapsed(t0) > 600) throw new Error(`not ready within 10 minutes: ${out}`);
    }
  };
  try {
    // Sign-in is throttled per address after several wrong tries; right ones are never refused,
    // but the probe waits for the port before trying so it does not hammer a starting server.
    await until(async () => (await fetch(`${url}/api/health`).catch(() => null))?.ok === true);
    const signInSeconds = await until(canSignIn);
    const demoSeconds = out.includes('load in the background') || out.includes('goes on in the background') ? await until(isDemoLoaded, 200) : null;
    let rssMb: number | undefined;
    try {
      const ps = execFileSync('ps', ['-o', 'pid=,rss=,comm=,args=', '-g', String(child.pid)]).toString();
      const line = ps.split('\n').map((l) => l.trim().split(/\s+/)).find((f) => f[2] === 'node' && f.slice(3).join(' ').includes('scripts/start.mjs'));
      if (line) rssMb = Number(line[1]) / 1024;
    } catch { /* ps unavailable */ }
    return { signInSeconds, demoSeconds, rssMb };
  } finally {
    try { process.kill(-child.pid!, 'SIGTERM'); } catch { /* gone */ }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
    // wait until the port is free and the store's lock is released
    for (let i = 0; i < 200 && fs.existsSync(path.join(dir, 'xiang.lock')); i++) await new Promise((r) => setTimeout(r, 50));
  }
}

/** Seconds from `npm exec` to the first answer of a bare Fastify server on the port. */
async function bareStart(): Promise<number> {
  const code = `import('fastify').then(async ({ default: fastify }) => { const app = fastify(); app.get('/api/health', async () => ({ ok: true })); await app.listen({ port: ${port}, host: '127.0.0.1' }); })`;
  const t0 = process.hrtime.bigint();
  const child = spawn('npm', ['exec', '--', 'node', '--eval', code], { cwd: path.join(root, 'packages/server'), detached: true, stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    for (;;) {
      if ((await fetch(`${url}/api/health`).catch(() => null))?.ok) return elapsed(t0);
      if (child.exitCode !== null || elapsed(t0) > 120) throw new Error('the bare server did not start');
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    try { process.kill(-child.pid!, 'SIGTERM'); } catch { /* gone */ }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  }
}

const bare: number[] = [];
const fresh: Start[] = [];
const warm: Start[] = [];
for (let i = 0; i < freshRuns; i++) {
  fs.rmSync(dir, { recursive: true, force: true });
  const r = await start();
  fresh.push(r);
  console.log(`fresh #${i + 1}: sign-in works after ${r.signInSeconds.toFixed(2)} s, demo loaded after ${r.demoSeconds?.toFixed(1)} s, RSS ${r.rssMb?.toFixed(0)} MB`);
}
for (let i = 0; i < Math.max(freshRuns, warmRuns, 1); i++) bare.push(await bareStart());
console.log(`bare Fastify server: answers after ${bare.map((b) => b.toFixed(2)).join(', ')} s`);
if (!freshRuns) { fs.rmSync(dir, { recursive: true, force: true }); await start(); }
for (let i = 0; i < warmRuns; i++) {
  const r = await start();
  warm.push(r);
  console.log(`warm  #${i + 1}: sign-in works after ${r.signInSeconds.toFixed(2)} s, RSS ${r.rssMb?.toFixed(0)} MB`);
}
const round = (x: number | null) => (x === null ? null : +x.toFixed(2));
const summary = {
  customers: Number(customers || 20_000),
  bareMedian: round(median(bare)),
  fresh: {
    signIn: fresh.map((r) => round(r.signInSeconds)), signInMedian: fresh.length ? round(median(fresh.map((r) => r.signInSeconds))) : null,
    demoLoaded: fresh.map((r) => round(r.demoSeconds)),
  },
  warm: { signIn: warm.map((r) => round(r.signInSeconds)), signInMedian: warm.length ? round(median(warm.map((r) => r.signInSeconds))) : null, rssMb: warm.map((r) => Math.round(r.rssMb ?? 0)) },
  ratios: {
    freshSignInToBare: fresh.length ? round(median(fresh.map((r) => r.signInSeconds)) / median(bare)) : null,
    warmSignInToBare: warm.length ? round(median(warm.map((r) => r.signInSeconds)) / median(bare)) : null,
  },
  dataDirMb: Math.round(Number(execFileSync('du', ['-sm', dir]).toString().split('\t')[0])),
};
if (outFile) {
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, JSON.stringify(summary, null, 2));
}
console.log(JSON.stringify(summary));
fs.rmSync(dir, { recursive: true, force: true });
