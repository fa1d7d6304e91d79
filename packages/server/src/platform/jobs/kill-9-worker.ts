/**
 * A job worker process for kill-9.test.ts: `effects` jobs each record their effect once (keyed
 * by the job's id) and every run. With STALL_AT=n the n-th job it runs stops after its effect
 * and waits to be killed; with ENQUEUE=n it first adds n jobs. It prints `stalled <id>`, and
 * `drained <json>` once the queue is empty.
 */
import { sql } from 'drizzle-orm';
import { openDatabase, rows } from '../db/index.ts';
import { enqueueMany, startWorker } from './queue.ts';

const database = await openDatabase(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : { dataDir: process.env.DATA_DIR! });
const { db } = database;
await db.execute(sql`create table if not exists job_effects (job_id bigint primary key)`);
await db.execute(sql`create table if not exists job_runs (job_id bigint not null, pid int not null)`);
const toAdd = Number(process.env.ENQUEUE ?? 0);
if (toAdd) await enqueueMany(db, 'effects', Array.from({ length: toAdd }, (_, n) => ({ n })));
const stallAt = Number(process.env.STALL_AT ?? 0);
let started = 0;

const worker = startWorker(db, [{
  queue: 'effects',
  async handle(job, db) {
    await db.execute(sql`insert into job_runs (job_id, pid) values (${job.id}, ${process.pid})`);
    await db.execute(sql`insert into job_effects (job_id) values (${job.id}) on conflict (job_id) do nothing`);
    if (++started === stallAt) {
      process.stdout.write(`stalled ${job.id}\n`);
      await new Promise(() => {});
    }
  },
}], { batchSize: 4, idleMs: 50, leaseMs: 1_000 });

for (;;) {
  await new Promise((r) => setTimeout(r, 100));
  const [{ left }] = await rows<{ left: number }>(db, sql`select count(*)::int as left from jobs where queue = 'effects'`);
  if (left === 0 && !stallAt) break;
}
await worker.stop();
const runs = await rows<{ job_id: number; runs: number; pids: number }>(db, sql`
  select job_id, count(*)::int as runs, count(distinct pid)::int as pids from job_runs group by job_id order by job_id`);
const [{ effects }] = await rows<{ effects: number }>(db, sql`select count(*)::int as effects from job_effects`);
process.stdout.write(`drained ${JSON.stringify({ effects, runs: runs.map((r) => ({ jobId: Number(r.job_id), runs: r.runs, pids: r.pids })) })}\n`);
await database.close();
