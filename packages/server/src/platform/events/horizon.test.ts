import pg from 'pg';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, rows, type Database } from '../db/index.ts';
import { newServerDatabase } from '../../test/processes.ts';
import { emit } from '../audit.ts';
import { readAfter, start } from '../realtime/outbox-reader.ts';

/**
 * The outbox horizon on a PostgreSQL server shared with other databases: another database's
 * open transaction does not hold our events back; one of ours does, until it ends. Always on the
 * PostgreSQL server (the embedded store has no other database and one connection).
 */
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
let ours: Awaited<ReturnType<typeof newServerDatabase>>;
let theirs: Awaited<ReturnType<typeof newServerDatabase>>;
let database: Database;
const clients: pg.Client[] = [];

async function connect(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  clients.push(client);
  return client;
}
/** A transaction left open, holding an id of its own. */
async function openTransaction(url: string) {
  const client = await connect(url);
  await client.query('begin');
  await client.query('select pg_current_xact_id()');
  return client;
}

let n = 0;
const customerId = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
const announce = (db: Database['db'], id: string) =>
  db.transaction((tx) => emit(tx, 'customer.archived', { entity: 'customer', entityId: id, payload: { status: 'archived' } }));
const delivered = async () => (await readAfter(database.db, start, 1_000)).map((e) => e.entityId);

beforeAll(async () => {
  ours = await newServerDatabase(serverUrl, 'xiang_horizon');
  theirs = await newServerDatabase(serverUrl, 'xiang_horizon_other');
  database = await openDatabase({ databaseUrl: ours.url });
}, 60_000);
afterAll(async () => {
  for (const client of clients) await client.end().catch(() => {});
  await database?.close();
  await ours?.drop();
  await theirs?.drop();
});

describe('the outbox horizon on a shared PostgreSQL server', () => {
  it('delivers our events while another database has a transaction open', async () => {
    const other = await openTransaction(theirs.url);
    const id = customerId();
    await announce(database.db, id);
    // The server-wide horizon would hold the event back for as long as the other database's transaction runs.
    const [held] = await rows<{ held: boolean }>(database.db, sql`
      select exists (select 1 from outbox_events where txid >= pg_snapshot_xmin(pg_current_snapshot())) as held`);
    expect(held!.held).toBe(true);
    expect(await delivered()).toContain(id);
    await other.query('rollback');
  });

  it('holds back events behind a transaction of our own still open, and delivers them in order once it ends', async () => {
    const before = await delivered();
    const mine = await connect(ours.url);
    await mine.query('begin');
    const late = customerId();
    // Written first, committed last: its id and transaction are older than the next event's.
    await mine.query(`insert into outbox_events (type, version, entity, entity_id, payload) values ('customer.archived', 1, 'customer', $1, '{"status":"archived"}')`, [late]);
    const early = customerId();
    await announce(database.db, early);
    expect(await delivered()).toEqual(before);
    await mine.query('commit');
    expect((await delivered()).slice(before.length)).toEqual([late, early]);
  });
});
