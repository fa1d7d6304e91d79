/**
 * Every benchmark script, once, at a tiny size (a thousand customers, a second of load), so a
 * change that breaks one fails CI instead of rotting until someone measures. The figures are
 * not kept: a loaded CI machine says nothing about speed.
 *
 *   node --import tsx bench/smoke.ts
 *
 * Each script has ports of its own (a script that starts a second server takes the next port too).
 * Needs the PostgreSQL server on 127.0.0.1:5432 (user postgres, trust); makes and drops its own
 * database and data directory. A script in bench/ that is neither listed here nor a helper fails
 * the run, so a new benchmark cannot be left out.
 *
 * Two scripts run at a time (CI's machine has two cores and each script mostly waits on a
 * server or a store), their output printed whole when each ends. A script that reads a store
 * `generate.ts` made waits for it, and two that open the embedded store's directory never run
 * together: PGlite's files have one owner.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { root } from './server.ts';

const db = `xiang_bench_smoke_${process.pid}`;
const pgliteDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiang-bench-smoke-'));
fs.rmSync(pgliteDir, { recursive: true });

/** Each script with the arguments that make it small; the ports keep clear of the tests' 3100–3199. */
interface Run { script: string; args: string[]; makes?: Store; reads?: Store }
type Store = 'pg' | 'pglite';
const runs: Run[] = [
  { script: 'generate.ts', args: ['--pg', '--customers', '1000', '--db', db], makes: 'pg' },
  { script: 'generate.ts', args: ['--pglite', pgliteDir, '--customers', '1000'], makes: 'pglite' },
  { script: 'api.ts', args: ['--pg', '--db', db, '--tiny', '--port', '3251'], reads: 'pg' },
  { script: 'api.ts', args: ['--pglite', pgliteDir, '--tiny', '--port', '3252'], reads: 'pglite' },
  { script: 'cpu.ts', args: ['--db', db, '--requests', '50', '--port', '3253'], reads: 'pg' },
  { script: 'profile.ts', args: ['--db', db, '--seconds', '1', '--port', '3254'], reads: 'pg' },
  { script: 'list.ts', args: ['--pg', '--db', db, '--tiny'], reads: 'pg' },
  { script: 'list.ts', args: ['--pglite', pgliteDir, '--tiny'], reads: 'pglite' },
  { script: 'import.ts', args: ['--rows', '300', '--runs', '1', '--existing', '100'] },
  { script: 'durability.ts', args: ['--tiny'] },
  { script: 'jobs.ts', args: ['--tiny', '--db', `${db}_jobs`] },
  { script: 'events.ts', args: ['--pg', '--tiny', '--db', `${db}_events`] },
  { script: 'events.ts', args: ['--pglite', '--tiny'] },
  { script: 'realtime.ts', args: ['--tiny', '--port', '3262'] }, // and 3263, its bare echo server's
  { script: 'ingest.ts', args: ['--pg', '--tiny', '--db', `${db}_ingest`, '--port', '3257'] },
  { script: 'ingest.ts', args: ['--pglite', '--tiny', '--port', '3258'] },
  { script: 'ingest-kill.ts', args: ['--pg', '--db', `${db}_kill`, '--load-ms', '1000', '--connections', '8', '--port', '3273'] },
  { script: 'ingest-kill.ts', args: ['--pglite', '--load-ms', '1000', '--connections', '8', '--port', '3274'] },
  { script: 'tickets.ts', args: ['--tiny', '--db', `${db}_tickets`, '--port', '3259'] },
  { script: 'knowledge.ts', args: ['--tiny', '--db', `${db}_knowledge`, '--port', '3260'] },
  { script: 'orders.ts', args: ['--pg', '--tiny', '--db', `${db}_orders`, '--port', '3271'] },
  { script: 'surveys.ts', args: ['--tiny', '--db', `${db}_surveys`, '--port', '3261'] },
  { script: 'mailbox.ts', args: ['--tiny', '--db', `${db}_mailbox`, '--port', '3277'] }, // and 3278 (its mailbox), 3279 (the bare SMTP server)
  { script: 'reports.ts', args: ['--tiny', '--db', `${db}_reports`, '--port', '3272'] },
  { script: 'channels.ts', args: ['--pg', '--tiny', '--db', `${db}_channels`, '--port', '3275'] },
  { script: 'startup.ts', args: ['--tiny', '--customers', '300', '--port', '3255', '--dir', path.join(os.tmpdir(), `xiang-bench-smoke-start-${process.pid}`)] },
];
/** Modules the scripts share, not benchmarks of their own. */
const helpers = new Set(['options.ts', 'server.ts', 'smoke.ts']);

const scripts = fs.readdirSync(path.join(root, 'bench')).filter((f) => f.endsWith('.ts') && !helpers.has(f));
const unlisted = scripts.filter((s) => !runs.some((r) => r.script === s));
if (unlisted.length) {
  console.error(`bench/smoke.ts does not run ${unlisted.join(', ')}: add each with the arguments that make it small.`);
  process.exit(1);
}

/** Runs one script, its output kept and printed whole when it ends, so two at once stay readable. */
function runOne(run: Run): Promise<boolean> {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join('bench', run.script), ...run.args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => { output += chunk; });
  child.stderr.on('data', (chunk: Buffer) => { output += chunk; });
  return new Promise((resolve) => child.once('close', (code, signal) => {
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    console.log(`== bench/${run.script} ${run.args.join(' ')}\n${output.trimEnd()}`);
    console.log(code === 0 ? `== bench/${run.script}: ran in ${seconds} s` : `== bench/${run.script}: FAILED (exit ${code ?? signal}) after ${seconds} s`);
    resolve(code === 0);
  }));
}

let failed = 0;
try {
  const made = new Set<Store>();
  const waiting = [...runs];
  let isPgliteOpen = false;
  const mayStart = (run: Run) => (!run.reads || made.has(run.reads)) && !((run.reads === 'pglite' || run.makes === 'pglite') && isPgliteOpen);
  const worker = async () => {
    for (;;) {
      const next = waiting.findIndex(mayStart);
      if (next < 0) {
        if (!waiting.length) return;
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      const [run] = waiting.splice(next, 1);
      const opensPglite = run.reads === 'pglite' || run.makes === 'pglite';
      if (opensPglite) isPgliteOpen = true;
      if (!(await runOne(run))) failed++;
      if (opensPglite) isPgliteOpen = false;
      if (run.makes) made.add(run.makes);
    }
  };
  await Promise.all([worker(), worker()]);
} finally {
  const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  await admin.query(`drop database if exists ${db} with (force)`);
  await admin.end();
  fs.rmSync(pgliteDir, { recursive: true, force: true });
}
if (failed) {
  console.error(`${failed} benchmark script(s) failed.`);
  process.exit(1);
}
console.log('Every benchmark script ran.');
