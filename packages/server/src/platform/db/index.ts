import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import pg from 'pg';
import { lockDataDir } from './lock.ts';
import { serverRoot } from '../paths.ts';

// Queries name their tables by import (no relational `db.query`), so the driver needs no schema
// object and no module's tables are listed here.
export type Db = PgDatabase<PgQueryResultHKT>;

export interface Database {
  db: Db;
  kind: 'embedded' | 'postgres';
  /**
   * Calls `onNotify` on each NOTIFY on `channel` (after the notifying transaction commits), and
   * once more whenever a lost listening connection is back, since notifications may have been
   * missed meanwhile. Resolves to the function that stops listening.
   */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export const migrationsFolder = path.join(serverRoot, 'migrations');

// Dates and int8 come back as strings from node-postgres unless told otherwise; the API speaks
// ISO dates (YYYY-MM-DD) and numbers, the same as PGlite returns them.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

// The embedded store's buffer pool lives inside the process (WebAssembly memory): PostgreSQL's
// default 128 MB put the server at 420–470 MB on start; 32 MB saves ~100 MB, and the operating
// system's page cache still holds the data files.
const embeddedStartParams = [...(PGlite as unknown as { defaultStartParams: string[] }).defaultStartParams, '-c', 'shared_buffers=32MB'];
// PGlite starts PostgreSQL with -F (fsync off). On a data directory it is turned back on, each
// commit flushed by fsync(2) (fdatasync is a no-op in PGlite's WebAssembly C library).
const durableStartParams = [...embeddedStartParams, '-c', 'fsync=on', '-c', 'wal_sync_method=fsync'];

type Stream = { nfd?: number };
type EmscriptenModule = { NODEFS?: { stream_ops?: { fsync?: (stream: Stream) => void } } };

/**
 * PGlite's file system on Node (Emscripten's NODEFS) has no fsync: PostgreSQL's flushes, at
 * each commit and each checkpoint, returned at once, and an operating-system crash or a power
 * cut could lose acknowledged writes or leave the store unable to start. This one hands them
 * to the operating system's fsync(2), for files and directories alike. Should a later PGlite
 * change that file system, the store refuses to open rather than run without flushing.
 */
class DurableNodeFS extends NodeFS {
  override async init(pg: Parameters<NodeFS['init']>[0], opts: Parameters<NodeFS['init']>[1]) {
    const { emscriptenOpts } = await super.init(pg, opts);
    const flushToDisk = (module: EmscriptenModule) => {
      const streamOps = module.NODEFS?.stream_ops;
      if (!streamOps) throw new Error('This PGlite version has no NODEFS to make durable; the embedded store cannot flush to disk.');
      streamOps.fsync = (stream) => { if (stream.nfd !== undefined) fs.fsyncSync(stream.nfd); };
    };
    return { emscriptenOpts: { ...emscriptenOpts, preRun: [...(emscriptenOpts.preRun ?? []), flushToDisk as never] } };
  }
}

/**
 * Opens the database the configuration names: a PostgreSQL server by URL, or the embedded
 * PGlite store in `dataDir` (`memory` for tests), then brings its schema up to date.
 */
/** `from`: an in-memory store starts as a copy of this dumped data directory (the tests' migrated template). */
export async function openDatabase(opts: { databaseUrl?: string; dataDir?: string | 'memory'; from?: Blob }): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: Number(process.env.DB_POOL ?? 10) });
    // An idle connection the server drops (restart, failover, idle timeout) is replaced by the
    // pool on the next query; without a listener its 'error' event would end the process.
    pool.on('error', (error) => console.error(`PostgreSQL dropped an idle connection (it will be replaced): ${error.message}`));
    const db = drizzlePg(pool) as unknown as Db;
    await migratePg(db as never, { migrationsFolder });
    return { db, kind: 'postgres', listen: (channel, onNotify) => listenOnServer(opts.databaseUrl!, channel, onNotify), close: () => pool.end() };
  }
  let release = () => {};
  let dir: string | undefined;
  if (opts.dataDir && opts.dataDir !== 'memory') {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    release = lockDataDir(opts.dataDir);
    dir = path.join(opts.dataDir, 'pgdata');
  }
  try {
    const client = await PGlite.create(dir
      ? { fs: new DurableNodeFS(dir), extensions: { pg_trgm }, startParams: durableStartParams }
      : { extensions: { pg_trgm }, startParams: embeddedStartParams, ...(opts.from ? { loadDataDir: opts.from } : {}) });
    const db = drizzlePglite(client) as unknown as Db;
    await migratePglite(db as never, { migrationsFolder });
    return {
      db,
      kind: 'embedded',
      listen: async (channel, onNotify) => {
        const stop = await client.listen(channel, () => onNotify());
        return async () => { if (!client.closed) await stop(); };
      },
      close: async () => { await client.close(); release(); },
    };
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * LISTEN on a connection of its own (a pooled one would be handed to other queries), taken
 * again with growing pauses when the server drops it.
 */
async function listenOnServer(url: string, channel: string, onNotify: () => void): Promise<() => Promise<void>> {
  let client: pg.Client | null = null;
  let isStopped = false;
  let pause = 250;
  let retry: NodeJS.Timeout | undefined;
  const connect = async (isReconnect: boolean): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    next.on('notification', (message) => { if (message.channel === channel) onNotify(); });
    next.on('error', (error) => {
      console.error(`PostgreSQL dropped the LISTEN connection (it will be taken again): ${error.message}`);
      void next.end().catch(() => {});
      if (client === next) { client = null; scheduleRetry(); }
    });
    await next.connect();
    await next.query(`listen ${pg.escapeIdentifier(channel)}`);
    if (isStopped) { await next.end(); return; }
    client = next;
    pause = 250;
    if (isReconnect) onNotify();
  };
  const scheduleRetry = () => {
    if (isStopped) return;
    retry = setTimeout(() => {
      connect(true).catch(() => { pause = Math.min(pause * 2, 10_000); scheduleRetry(); });
    }, pause);
  };
  await connect(false);
  return async () => {
    isStopped = true;
    clearTimeout(retry);
    const last = client;
    client = null;
    await last?.end();
  };
}

/** Rows of a raw query, the same shape on both drivers. */
export async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
