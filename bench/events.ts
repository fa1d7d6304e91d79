/**
 * Event delivery lag at a steady write rate: events written one transaction each at
 * `--rate` a second for `--seconds`, delivered by the server's dispatcher
 * (platform/events/dispatcher.ts: cursor row locked, commit-safe horizon, a savepoint per
 * event) to one subscriber, while a bare poll loop on the same table (ids after the last seen,
 * no lock, no horizon, no cursor table) reads the same events in the same process. Lag: from
 * the writing transaction's start (the event's `at`) to the handler, p50/p99/max; and, to tell the
 * writers' own time from the delivery's, the writing transaction (start → its commit acknowledged)
 * and the delivery from that acknowledgement to the handler.
 *
 *   node --import tsx bench/events.ts --pg [--db xiang_bench_events] [--rate 1000] [--seconds 20] [--server postgres://postgres@127.0.0.1:5432]
 *   node --import tsx bench/events.ts --pglite [--rate 1000] [--seconds 20]   (a fresh data directory, fsync on)
 *   add --tiny for a second at 100 events/s; --poll-only: the dispatcher not woken by NOTIFY (as before)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openDatabase, rows, type Database } from '../packages/server/src/platform/db/index.ts';
import { emit } from '../packages/server/src/platform/audit.ts';
import { startDispatcher } from '../packages/server/src/platform/events/dispatcher.ts';
import { hasFlag, option } from './options.ts';

const isTiny = hasFlag('--tiny');
const rate = Number(option('--rate', isTiny ? '100' : '1000'));
const seconds = Number(option('--seconds', isTiny ? '1' : '20'));
const writers = Number(option('--writers', '32'));
// Each writer holds a connection for its transaction; the dispatcher and the bare loop need theirs.
process.env.DB_POOL ??= String(writers + 4);
const isPg = hasFlag('--pg');
const isPollOnly = hasFlag('--poll-only');
// --server: a PostgreSQL server of the bench's own, whose horizon no other program holds back.
const serverUrl = option('--server', 'postgres://postgres@127.0.0.1:5432');
const dbName = option('--db', `xiang_bench_events_${process.pid}`);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

let admin: pg.Client | null = null;
let scratch: string | null = null;
let database: Database;
if (isPg) {
  admin = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  await admin.connect();
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.query(`create database ${dbName}`);
  database = await openDatabase({ databaseUrl: `${serverUrl}/${dbName}` });
} else {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'xiang-bench-events-'));
  database = await openDatabase({ dataDir: scratch });
}
const { db } = database;

try {
  const dispatched: number[] = [];
  const polled: number[] = [];
  const handledAt = new Map<string, number>();
  const committedAt = new Map<string, number>();
  const startedAt = new Map<string, number>();
  const firstId = new Map<string, number>();
  let errors = 0;
  const dispatcher = await startDispatcher(db, [{
    name: 'bench.lag', events: ['unit.created'],
    async handle(event) {
      dispatched.push(Date.now() - new Date(event.at).getTime());
      if (!handledAt.has(event.entityId)) { handledAt.set(event.entityId, Date.now()); startedAt.set(event.entityId, new Date(event.at).getTime()); firstId.set(event.entityId, event.id); }
      else if (process.env.DEBUG_AGAIN) console.log('again', firstId.get(event.entityId), event.id, event.entityId, Date.now() - handledAt.get(event.entityId)!);
    },
  }], { listen: isPollOnly ? undefined : database.listen, onError: (_name, error) => { if (errors++ < 3) console.error('dispatcher:', error); } });

  // The bare loop: what reading the table costs with none of the dispatcher's guarantees.
  let isPolling = true;
  const poller = (async () => {
    let last = 0;
    while (isPolling) {
      const found = await rows<{ id: number; at: string | Date }>(db, sql`select id, at from outbox_events where id > ${last} order by id limit 500`);
      const now = Date.now();
      for (const e of found) { polled.push(now - new Date(e.at).getTime()); last = Number(e.id); }
      if (found.length < 500) await new Promise((r) => setTimeout(r, 50));
    }
  })();

  // The horizon is the whole server's: a transaction open in another database (another program's
  // tests on a shared server) holds back every event committed after it began. Sampled, to say so.
  let isSampling = true;
  let samples = 0;
  let heldElsewhere = 0;
  const sampler = isPg ? (async () => {
    while (isSampling) {
      const [oldest] = await rows<{ is_elsewhere: boolean }>(db, sql`
        select datname is distinct from current_database() and now() - xact_start > interval '100 milliseconds' as is_elsewhere
        from pg_stat_activity where backend_xid is not null order by age(backend_xid) desc limit 1`);
      samples++;
      if (oldest?.is_elsewhere) heldElsewhere++;
      await new Promise((r) => setTimeout(r, 20));
    }
  })() : null;

  const total = rate * seconds;
  const started = Date.now();
  let sent = 0;
  const writer = async () => {
    while (sent < total) {
      const n = sent++;
      // Paced: event n is due at n / rate seconds after the start.
      const due = started + (n * 1000) / rate;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      await db.transaction(async (tx) => {
        await emit(tx, 'unit.created', { entity: 'org_unit', entityId: `u-${n}`, payload: { id: `u-${n}`, name: `网格 ${n}` } });
      });
      committedAt.set(`u-${n}`, Date.now());
    }
  };
  await Promise.all(Array.from({ length: writers }, writer));
  const writeSeconds = (Date.now() - started) / 1000;
  const deadline = Date.now() + 30_000;
  while (dispatched.length < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 200));
  await dispatcher.stop();
  isPolling = false;
  isSampling = false;
  await Promise.all([poller, sampler]);

  const store = isPg ? 'PostgreSQL 15' : 'PGlite (data directory, fsync on)';
  console.log(`${store}: ${total.toLocaleString('en')} events in ${writeSeconds.toFixed(1)} s (${Math.round(total / writeSeconds).toLocaleString('en')} written/s, asked ${rate}/s, ${writers} writers), dispatcher ${isPollOnly ? 'polling only' : 'woken by NOTIFY'}`);
  // At least once: a batch whose commit failed is delivered again; every event must have come.
  if (handledAt.size !== total) throw new Error(`the dispatcher delivered ${handledAt.size} of ${total} events`);
  if (dispatched.length !== total) console.log(`  delivered again after a failed batch: ${dispatched.length - total} (${errors} errors)`);
  const writing = [...committedAt].map(([id, at]) => at - startedAt.get(id)!);
  const fromCommit = [...committedAt].map(([id, at]) => Math.max(0, handledAt.get(id)! - at));
  if (isPg) console.log(`  horizon held > 100 ms by a transaction of another database in ${(100 * heldElsewhere / Math.max(1, samples)).toFixed(1)} % of ${samples} samples`);
  console.log(`  writing transaction, start → commit acknowledged: p50 ${percentile(writing, 50)} ms, p99 ${percentile(writing, 99)} ms, max ${Math.max(...writing)} ms`);
  console.log(`  dispatcher from the commit's acknowledgement: p50 ${percentile(fromCommit, 50)} ms, p99 ${percentile(fromCommit, 99)} ms, max ${Math.max(...fromCommit)} ms`);
  for (const [name, lags] of [['dispatcher', dispatched], ['bare poll loop', polled]] as const) {
    // The bare loop passes over an event whose transaction took its id first and committed last.
    const missed = total - lags.length;
    console.log(`  ${name.padEnd(15)} lag p50 ${percentile(lags, 50)} ms, p99 ${percentile(lags, 99)} ms, max ${Math.max(...lags)} ms (target p99 ≤ 200 ms), missed ${missed}`);
  }
  console.log(`  p99 dispatcher ÷ bare loop ${(percentile(dispatched, 99) / Math.max(1, percentile(polled, 99))).toFixed(2)}`);
} finally {
  await database.close();
  if (admin) { await admin.query(`drop database if exists ${dbName} with (force)`); await admin.end(); }
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
}
