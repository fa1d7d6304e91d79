import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { migrationsFolder, openDatabase } from '../platform/db/index.ts';

/**
 * Migrating a new database takes most of a test file's start (seventeen migrations and more to
 * come, a second or more each time on this machine): the tests migrate one database once per set of
 * migrations and copy it for each file instead. The copy is named by a hash of the migrations, so a
 * changed or added migration makes a new one, and a copy is never used for migrations it lacks.
 */
const migrationsKey = (() => {
  const hash = createHash('sha256');
  for (const file of readdirSync(migrationsFolder, { recursive: true, encoding: 'utf8' }).sort()) {
    const full = path.join(migrationsFolder, file);
    if (file.endsWith('.sql') || file.endsWith('.json')) hash.update(file).update(readFileSync(full));
  }
  return hash.digest('hex').slice(0, 12);
})();

/** The embedded store's migrated data directory, as PGlite dumps it, kept in the system's temporary folder. */
export async function embeddedTemplate(): Promise<Blob> {
  const file = path.join(tmpdir(), `xiang-test-database-${migrationsKey}.tar`);
  if (!existsSync(file)) {
    const database = await openDatabase({ dataDir: 'memory' });
    const dump = await (database.db as unknown as { $client: PGlite }).$client.dumpDataDir('none');
    await database.close();
    // Written aside and renamed: a test file starting meanwhile never reads half a dump.
    const partial = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file);
    // Dumps of older migrations, a day unused, go (a checkout of another branch may still use a newer one).
    for (const old of readdirSync(tmpdir()).filter((f) => /^xiang-test-database-[0-9a-f]{12}\.tar$/.test(f) && !file.endsWith(f))) {
      const oldPath = path.join(tmpdir(), old);
      if (Date.now() - statSync(oldPath).atimeMs > 86_400_000) rmSync(oldPath, { force: true });
    }
  }
  return new Blob([readFileSync(file)]);
}

const isBusy = (error: unknown) => (error as { code?: string }).code === '55006';

/** Runs a statement that needs nobody connected to a database, waiting out a closing connection. */
export async function whenIdle(admin: pg.Client, statement: string) {
  for (let attempt = 0; ; attempt++) {
    try { return await admin.query(statement); } catch (error) {
      if (!isBusy(error) || attempt >= 50) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * The server's migrated template database (`xiang_test_template_<hash>`), made once; a new
 * database for a test file is a copy of it. Test templates hold no data and are safe to drop.
 */
export async function serverTemplate(admin: pg.Client, serverUrl: string): Promise<string> {
  const name = `xiang_test_template_${migrationsKey}`;
  const found = await admin.query('select 1 from pg_database where datname = $1', [name]);
  if (found.rowCount) return name;
  const building = `${name}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await admin.query(`create database ${building}`);
  const url = new URL(serverUrl);
  url.pathname = `/${building}`;
  const database = await openDatabase({ databaseUrl: url.toString() });
  await database.close();
  try {
    await whenIdle(admin, `alter database ${building} rename to ${name}`);
  } catch (error) {
    // Another test file made it first: use theirs.
    if ((error as { code?: string }).code !== '42P04') throw error;
    await whenIdle(admin, `drop database ${building}`);
  }
  return name;
}


