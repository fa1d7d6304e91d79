/** The server as the benchmarks run it: started on a port, waited for, signed in to, stopped. */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import type { Request } from 'autocannon';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { DEMO_PASSWORD } from '../packages/server/src/demo/organisation.ts';

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

export function startServer(opts: { port: number; databaseUrl?: string; env?: Record<string, string>; nodeArgs?: string[]; stdio?: StdioOptions }) {
  const env = {
    ...process.env, PORT: String(opts.port), LOG_LEVEL: 'warn', DEMO: '0', HOST: '127.0.0.1',
    ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}), ...opts.env,
  } as Record<string, string>;
  if (!opts.databaseUrl) delete env.DATABASE_URL;
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', 'packages/server/src/main.ts'],
    { cwd: root, env, stdio: opts.stdio ?? 'inherit' });
  return { child, url: `http://127.0.0.1:${opts.port}` };
}

/** Seconds until GET /api/health answers. */
export async function waitForHealth(url: string, child: ChildProcess, timeoutMs = 120_000) {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try { if ((await fetch(`${url}/api/health`)).ok) return (Date.now() - start) / 1000; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not answer /api/health');
}

/** Signs a demo user in; returns the session secret (the cookie is `xiang_session=<secret>`). */
export async function signIn(url: string, username: string) {
  const res = await fetch(`${url}/api/v1/sessions`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (res.status !== 204) throw new Error(`sign-in of ${username}: ${res.status} ${await res.text()}`);
  const secret = /xiang_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  if (!secret) throw new Error('no session cookie');
  return decodeURIComponent(secret);
}

export async function stopServer(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** autocannon requests that go through the given paths in turn, one per request. */
export function inTurn(paths: string[]) {
  let n = 0;
  return [{ setupRequest: (req: Request) => ({ ...req, path: paths[n++ % paths.length] }) }];
}

/**
 * The server on a PostgreSQL database of its own (dropped and made again, unless `reuse`), after
 * it has loaded `customers` demo customers, with a `pg` client on the same database.
 */
export async function serverOnDemoDatabase({ dbName, port, customers, reuse = false }: { dbName: string; port: number; customers: number; reuse?: boolean }) {
  const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  if (!reuse) {
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.query(`create database ${dbName}`);
  }
  await admin.end();
  const databaseUrl = `postgres://postgres@127.0.0.1:5432/${dbName}`;
  const server = startServer({ port, databaseUrl, env: { DEMO: '1', DEMO_CUSTOMERS: String(customers) }, stdio: 'ignore' });
  const client = new pg.Client({ connectionString: databaseUrl });
  await waitForHealth(server.url, server.child);
  await client.connect();
  for (let i = 0; ; i++) {
    const { rows } = await client.query<{ n: number }>('select count(*)::int as n from customers');
    if (rows[0].n >= customers) break;
    if (i > 1200) throw new Error('demo customers did not load');
    await new Promise((r) => setTimeout(r, 100));
  }
  return { server, client, databaseUrl };
}

/**
 * A store of a benchmark's own: a new PostgreSQL database (made again if it is there), or a fresh
 * PGlite data directory. `open` is what openDatabase takes, `databaseUrl` and `env` what
 * startServer takes; `drop` removes it.
 */
export async function scratchStore({ isPg, serverUrl, dbName, prefix }: { isPg: boolean; serverUrl: string; dbName: string; prefix: string }) {
  if (isPg) {
    const admin = new pg.Client({ connectionString: `${serverUrl}/postgres` });
    await admin.connect();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.query(`create database ${dbName}`);
    const databaseUrl = `${serverUrl}/${dbName}`;
    return {
      open: { databaseUrl }, databaseUrl, env: {} as Record<string, string>,
      async drop() {
        await admin.query(`drop database if exists ${dbName} with (force)`);
        await admin.end();
      },
    };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { open: { dataDir }, databaseUrl: undefined, env: { DATA_DIR: dataDir } as Record<string, string>, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
}
