/**
 * `npm start` time: from the command to the first answer of GET /api/health.
 *   fresh — an empty DATA_DIR: migrations + the default demo (20,000 customers) + listen
 *   warm  — the same directory again: open PGlite, check migrations, listen
 *
 *   node --import tsx bench/startup.ts [--fresh 3] [--warm 5] [--port 3220] [--dir /tmp/xiang-bench-startup]
 *
 * Each start runs `npm start` in its own process group, which is ended with SIGTERM (the server
 * closes the embedded store cleanly) before the next start.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const freshRuns = Number(opt('--fresh', '3'));
const warmRuns = Number(opt('--warm', '5'));
const port = Number(opt('--port', '3220'));
const dir = path.resolve(opt('--dir', '/tmp/xiang-bench-startup'));
const outFile = opt('--out', 'bench/results/startup.json');
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

async function start(): Promise<{ seconds: number; demoLine?: string; rssMb?: number }> {
  const env = { ...process.env, PORT: String(port), DATA_DIR: dir, LOG_LEVEL: 'warn', HOST: '127.0.0.1' } as Record<string, string>;
  delete env.DATABASE_URL; delete env.DEMO; delete env.DEMO_CUSTOMERS;
  const t0 = process.hrtime.bigint();
  const child = spawn('npm', ['start'], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited: ${out}`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) break;
      } catch { /* not listening yet */ }
      await new Promise((r) => setTimeout(r, 25));
      if (Number(process.hrtime.bigint() - t0) / 1e9 > 600) throw new Error('no answer within 10 minutes');
    }
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    // the server process is the node child of npm's shell; its RSS right after start
    let rssMb: number | undefined;
    try {
      const { execFileSync } = await import('node:child_process');
      const ps = execFileSync('ps', ['-o', 'pid=,rss=,comm=,args=', '-g', String(child.pid)]).toString();
      const line = ps.split('\n').map((l) => l.trim().split(/\s+/)).find((f) => f[2] === 'node' && f.slice(3).join(' ').includes('src/main.ts'));
      if (line) rssMb = Number(line[1]) / 1024;
    } catch { /* ps unavailable */ }
    return { seconds, demoLine: /Demo loaded in [\d.]+ s/.exec(out)?.[0], rssMb };
  } finally {
    try { process.kill(-child.pid!, 'SIGTERM'); } catch { /* gone */ }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
    // wait until the port is free and the store's lock is released
    for (let i = 0; i < 200 && fs.existsSync(path.join(dir, 'xiang.lock')); i++) await new Promise((r) => setTimeout(r, 50));
  }
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const fresh: Awaited<ReturnType<typeof start>>[] = [];
const warm: Awaited<ReturnType<typeof start>>[] = [];
for (let i = 0; i < freshRuns; i++) {
  fs.rmSync(dir, { recursive: true, force: true });
  const r = await start();
  fresh.push(r);
  console.log(`fresh #${i + 1}: ${r.seconds.toFixed(2)} s (${r.demoLine ?? 'no demo line'}), RSS ${r.rssMb?.toFixed(0)} MB`);
}
if (!freshRuns) { fs.rmSync(dir, { recursive: true, force: true }); await start(); }
for (let i = 0; i < warmRuns; i++) {
  const r = await start();
  warm.push(r);
  console.log(`warm  #${i + 1}: ${r.seconds.toFixed(2)} s, RSS ${r.rssMb?.toFixed(0)} MB`);
}
const summary = {
  fresh: { runs: fresh.map((r) => +r.seconds.toFixed(2)), median: fresh.length ? +median(fresh.map((r) => r.seconds)).toFixed(2) : null, demo: fresh.map((r) => r.demoLine) },
  warm: { runs: warm.map((r) => +r.seconds.toFixed(2)), median: warm.length ? +median(warm.map((r) => r.seconds)).toFixed(2) : null, rssMb: warm.map((r) => Math.round(r.rssMb ?? 0)) },
  dataDirMb: Math.round(Number((await import('node:child_process')).execFileSync('du', ['-sm', dir]).toString().split('\t')[0])),
};
fs.mkdirSync(path.dirname(outFile), { recursive: true });
fs.writeFileSync(outFile, JSON.stringify(summary, null, 2));
console.log(JSON.stringify(summary));
fs.rmSync(dir, { recursive: true, force: true });
