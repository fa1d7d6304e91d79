/**
 * Jobs per second on PostgreSQL with several worker processes: the server's queue
 * (platform/jobs/queue.ts: claim a batch with FOR UPDATE SKIP LOCKED and a lease, run the
 * handler, delete what finished) against a bare SKIP LOCKED loop on a plain table (one
 * `delete … where id in (select … for update skip locked) returning` per batch, no lease, no
 * handler), in turns in one run, the same jobs, batch size and number of processes.
 *
 *   node --import tsx bench/jobs.ts [--jobs 50000] [--workers 2] [--batch 100] [--rounds 3] [--db xiang_bench_jobs] [--tiny]
 *
 * Each worker process starts, connects, says it is ready and waits; the clock runs from the
 * moment all are told to go until the last one finds the queue empty.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openDatabase, rows } from '../packages/server/src/platform/db/index.ts';
import { enqueueMany, startWorker } from '../packages/server/src/platform/jobs/queue.ts';
import { hasFlag, median, option } from './options.ts';
import { root } from './server.ts';

const isTiny = hasFlag('--tiny');
const jobCount = Number(option('--jobs', isTiny ? '2000' : '50000'));
const workers = Number(option('--workers', '2'));
const batch = Number(option('--batch', '100'));
const rounds = Number(option('--rounds', isTiny ? '1' : '3'));
const dbName = option('--db', `xiang_bench_jobs_${process.pid}`);
const serverUrl = 'postgres://postgres@127.0.0.1:5432';
const child = option('--child');

const say = (line: string) => process.stdout.write(`${line}\n`);
const go = () => new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));

if (child === 'queue') {
  const database = await openDatabase({ databaseUrl: `${serverUrl}/${dbName}` });
  say('ready');
  await go();
  const started = Date.now();
  let handled = 0;
  const worker = startWorker(database.db, [{ queue: 'bench', async handle() { handled++; } }], { batchSize: batch, idleMs: 10 });
  for (;;) {
    const [{ left }] = await rows<{ left: boolean }>(database.db, sql`select exists (select 1 from jobs where queue = 'bench') as left`);
    if (!left) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  const ended = Date.now();
  await worker.stop();
  say(`done ${JSON.stringify({ handled, started, ended })}`);
  await database.close();
  process.exit(0);
}

if (child === 'bare') {
  const pool = new pg.Pool({ connectionString: `${serverUrl}/${dbName}`, max: 2 });
  await pool.query('select 1');
  say('ready');
  await go();
  const started = Date.now();
  let handled = 0;
  for (;;) {
    const claimed = await pool.query(`delete from bare_jobs where id in (select id from bare_jobs order by id limit ${batch} for update skip locked) returning id, payload`);
    handled += claimed.rowCount ?? 0;
    if (claimed.rowCount) continue;
    if (!(await pool.query('select exists (select 1 from bare_jobs) as left')).rows[0].left) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  say(`done ${JSON.stringify({ handled, started, ended: Date.now() })}`);
  await pool.end();
  process.exit(0);
}

/** Starts the worker processes, lets them go together, and returns jobs per second over the whole drain. */
async function drain(kind: 'queue' | 'bare') {
  const children = Array.from({ length: workers }, () => spawn(process.execPath,
    ['--import', 'tsx', path.join('bench', 'jobs.ts'), '--child', kind, '--db', dbName, '--batch', String(batch)], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] }));
  const lines = children.map((c) => {
    let out = '';
    const waitFor = (word: string) => new Promise<string>((resolve, reject) => {
      const look = () => { const line = out.split('\n').find((l) => l.startsWith(word)); if (line) resolve(line.slice(word.length).trim()); };
      c.stdout!.on('data', (chunk: Buffer) => { out += chunk.toString(); look(); });
      c.once('exit', (code) => reject(new Error(`a ${kind} worker exited (${code}) before "${word}"`)));
      look();
    });
    return { ready: waitFor('ready'), done: waitFor('done') };
  });
  await Promise.all(lines.map((l) => l.ready));
  for (const c of children) c.stdin!.write('go\n');
  const reports = (await Promise.all(lines.map((l) => l.done))).map((l) => JSON.parse(l) as { handled: number; started: number; ended: number });
  const handled = reports.reduce((n, r) => n + r.handled, 0);
  if (handled < jobCount) throw new Error(`${kind}: ${handled} of ${jobCount} jobs handled`);
  const seconds = (Math.max(...reports.map((r) => r.ended)) - Math.min(...reports.map((r) => r.started))) / 1000;
  return { perSecond: jobCount / seconds, handled, split: reports.map((r) => r.handled) };
}

const admin = new pg.Client({ connectionString: `${serverUrl}/postgres` });
await admin.connect();
await admin.query(`drop database if exists ${dbName} with (force)`);
await admin.query(`create database ${dbName}`);
try {
  const database = await openDatabase({ databaseUrl: `${serverUrl}/${dbName}` });
  const { db } = database;
  await db.execute(sql`create table bare_jobs (id bigint generated always as identity primary key, payload jsonb not null)`);
  const payloads = Array.from({ length: jobCount }, (_, n) => ({ customerId: `c-${n}`, template: 'bill.reminder' }));
  const results = { queue: [] as number[], bare: [] as number[], enqueue: [] as number[], handledTwice: 0 };
  for (let round = 0; round < rounds; round++) {
    let started = performance.now();
    for (let i = 0; i < payloads.length; i += 5_000) await enqueueMany(db, 'bench', payloads.slice(i, i + 5_000));
    results.enqueue.push(jobCount / ((performance.now() - started) / 1000));
    const queue = await drain('queue');
    results.queue.push(queue.perSecond);
    results.handledTwice += queue.handled - jobCount;

    started = performance.now();
    await db.execute(sql`insert into bare_jobs (payload) select p from jsonb_array_elements(${JSON.stringify(payloads)}::jsonb) p`);
    const bare = await drain('bare');
    results.bare.push(bare.perSecond);
    say(`round ${round + 1}: queue ${Math.round(queue.perSecond)} jobs/s (split ${queue.split.join(' / ')}), bare loop ${Math.round(bare.perSecond)} jobs/s (split ${bare.split.join(' / ')})`);
    await db.execute(sql`vacuum analyze jobs`);
    await db.execute(sql`vacuum analyze bare_jobs`);
  }
  await database.close();
  const queue = median(results.queue);
  const bare = median(results.bare);
  say(`\n${jobCount.toLocaleString('en')} jobs, ${workers} worker processes, batches of ${batch}, ${rounds} round(s), medians:`);
  say(`  the server's queue      ${Math.round(queue).toLocaleString('en')} jobs/s (target ≥ 5,000)`);
  say(`  bare SKIP LOCKED loop   ${Math.round(bare).toLocaleString('en')} jobs/s`);
  say(`  queue ÷ bare            ${(queue / bare).toFixed(2)}`);
  say(`  enqueue (5,000 a statement) ${Math.round(median(results.enqueue)).toLocaleString('en')} jobs/s`);
  say(`  jobs run twice (a lease ran out) ${results.handledTwice}`);
} finally {
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.end();
}
