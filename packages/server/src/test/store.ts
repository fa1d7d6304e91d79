import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * A store for real server or worker processes to open, on the store the suite runs on: a fresh
 * data directory for the embedded store, or a fresh database on the server DATABASE_URL names.
 * Its `env` tells a child process where it is; `dispose` throws it away.
 */
export async function aStore(prefix: string): Promise<{ env: Record<string, string>; dispose(): Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix.replaceAll('_', '-')}-`));
    return { env: { DATA_DIR: dataDir }, dispose: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const run = async (statement: string) => { const c = new pg.Client({ connectionString: serverUrl }); await c.connect(); await c.query(statement); await c.end(); };
  await run(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { env: { DATABASE_URL: url.toString() }, dispose: () => run(`drop database if exists ${name} with (force)`) };
}
