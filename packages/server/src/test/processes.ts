import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { DEMO_PASSWORD } from '../demo/organisation.ts';

/** Real server processes for the tests that need them (kill -9, several processes on one database). */
const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const isPortFree = (port: number) => new Promise<boolean>((resolve) => {
  const probe = createServer().once('error', () => resolve(false)).once('listening', () => probe.close(() => resolve(true)));
  probe.listen(port, '127.0.0.1');
});

/** A free port among the hundred from `first`: each test file keeps to its own hundred. */
async function freePort(first: number) {
  const start = Math.floor(Math.random() * 100);
  for (let i = 0; i < 100; i++) if (await isPortFree(first + ((start + i) % 100))) return first + ((start + i) % 100);
  throw new Error(`No free port in ${first}–${first + 99}`);
}

/** `npm start`'s server (without the console build) on a free port, once it says it is ready. */
export async function startServer(env: Record<string, string>, firstPort: number) {
  const port = await freePort(firstPort);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', DEMO_CUSTOMERS: '0', LOG_LEVEL: 'warn' },
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const read = (chunk: Buffer) => { output += chunk.toString(); if (output.includes('is ready at')) resolve(); };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => reject(new Error(`The server exited (${code}):\n${output}`)));
  });
  child.removeAllListeners('exit');
  return { child, port, baseUrl: `http://127.0.0.1:${port}` };
}

export const exited = (child: ChildProcess) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));

/** A new database on the PostgreSQL server at `serverUrl`, and the way to drop it. */
export async function newServerDatabase(serverUrl: string, prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const run = async (statement: string) => { const c = new pg.Client({ connectionString: serverUrl }); await c.connect(); await c.query(statement); await c.end(); };
  await run(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
}

/** Signs in to a running server as a demo user; returns the session cookie. */
export async function signIn(baseUrl: string, username = 'cs.am1') {
  const res = await fetch(`${baseUrl}/api/v1/sessions`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (res.status !== 204) throw new Error(`sign-in as ${username} failed: ${res.status} ${await res.text()}`);
  return res.headers.get('set-cookie')!.split(';')[0];
}
