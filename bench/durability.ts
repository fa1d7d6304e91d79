/**
 * What flushing every commit to the disk costs the embedded store. The store as the server
 * opens it (a data directory, fsync on, PGlite's file system given the real fsync(2)) against
 * the same PGlite on the same kind of directory as PGlite ships it (fsync off), in turns in one
 * run, so the machine's noise falls on both:
 *   single — one small transaction per commit (a note, a payment): the worst case
 *   batch  — 500 rows per commit (an import or the demo load)
 *
 *   node --import tsx bench/durability.ts [--commits 300] [--batches 20] [--rounds 5] [--tiny]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { openDatabase, type Db } from '../packages/server/src/platform/db/index.ts';
import { hasFlag, median, option } from './options.ts';

const isTiny = hasFlag('--tiny');
const commits = Number(option('--commits', isTiny ? '20' : '300'));
const batches = Number(option('--batches', isTiny ? '2' : '20'));
const rounds = Number(option('--rounds', isTiny ? '1' : '5'));

type Run = (statement: string) => Promise<unknown>;

async function timed(run: Run): Promise<{ single: number; batch: number }> {
  await run('create table if not exists bench_notes (id serial primary key, body text not null)');
  let started = performance.now();
  for (let i = 0; i < commits; i++) await run(`insert into bench_notes (body) values ('客户来电询问套餐 ${i}')`);
  const single = (performance.now() - started) / commits;
  const values = Array.from({ length: 500 }, (_, i) => `('批量导入的客户备注 ${i}')`).join(',');
  started = performance.now();
  for (let i = 0; i < batches; i++) await run(`insert into bench_notes (body) values ${values}`);
  const batch = (performance.now() - started) / batches;
  return { single, batch };
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'xiang-bench-durability-'));
const results = { durable: [] as { single: number; batch: number }[], unflushed: [] as { single: number; batch: number }[] };
try {
  for (let round = 0; round < rounds; round++) {
    const durable = await openDatabase({ dataDir: path.join(scratch, `durable-${round}`) });
    const db: Db = durable.db;
    const fsync = (await db.execute(sql`show fsync`)) as unknown as { rows: { fsync: string }[] };
    if (fsync.rows[0].fsync !== 'on') throw new Error('the embedded store runs without fsync');
    results.durable.push(await timed((s) => db.execute(sql.raw(s))));
    await durable.close();

    const plain = await PGlite.create({ dataDir: path.join(scratch, `plain-${round}`) });
    results.unflushed.push(await timed((s) => plain.exec(s)));
    await plain.close();
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}

const med = (kind: 'durable' | 'unflushed', what: 'single' | 'batch') => median(results[kind].map((r) => r[what]));
for (const what of ['single', 'batch'] as const) {
  const durable = med('durable', what);
  const unflushed = med('unflushed', what);
  console.log(`${what === 'single' ? 'one row per commit  ' : '500 rows per commit '}: fsync on ${durable.toFixed(2)} ms, off ${unflushed.toFixed(2)} ms per commit — ${(unflushed / durable).toFixed(2)}× the throughput (median of ${rounds} rounds)`);
}
