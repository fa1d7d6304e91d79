import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { aStore } from '../../test/store.ts';
import { DEMO_PASSWORD } from '../../demo/organisation.ts';

/**
 * A real server process killed with SIGKILL in the middle of writing: every customer it
 * acknowledged (201) is there after a restart. Runs on the store the suite runs on: the
 * embedded store in a data directory, or a PostgreSQL server when DATABASE_URL is set.
 */
const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const serverUrl = process.env.DATABASE_URL;

const isPortFree = (port: number) => new Promise<boolean>((resolve) => {
  const probe = createServer().once('error', () => resolve(false)).once('listening', () => probe.close(() => resolve(true)));
  probe.listen(port, '127.0.0.1');
});

/** This test's servers use ports 3300–3399. */
async function freePort() {
  const start = Math.floor(Math.random() * 100);
  for (let i = 0; i < 100; i++) if (await isPortFree(3300 + ((start + i) % 100))) return 3300 + ((start + i) % 100);
  throw new Error('No free port in 3300–3399');
}

async function startServer(env: Record<string, string>) {
  const port = await freePort();
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
  return { child, baseUrl: `http://127.0.0.1:${port}` };
}

async function signIn(baseUrl: string) {
  const res = await fetch(`${baseUrl}/api/v1/sessions`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'cs.am1', password: DEMO_PASSWORD }),
  });
  expect(res.status).toBe(204);
  return res.headers.get('set-cookie')!.split(';')[0];
}

const exited = (child: ChildProcess) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));

describe(`kill -9 under load (${serverUrl ? 'PostgreSQL server' : 'embedded store'})`, () => {
  it('loses no acknowledged write', { timeout: 300_000 }, async () => {
    const store = await aStore('xiang_kill');
    try {
      const first = await startServer(store.env);
      const cookie = await signIn(first.baseUrl);
      const acknowledged: { id: string; name: string }[] = [];
      let isKilled = false;
      let sent = 0;
      const writer = async (w: number) => {
        while (!isKilled) {
          const n = sent++;
          const name = `断电测试${w}-${n}`;
          try {
            const res = await fetch(`${first.baseUrl}/api/v1/customers`, {
              method: 'POST', headers: { 'content-type': 'application/json', cookie },
              body: JSON.stringify({ name, identities: [{ kind: 'phone', value: `1397${String(4_000_000 + n).padStart(7, '0')}` }] }),
            });
            if (res.status === 201) acknowledged.push({ id: ((await res.json()) as { id: string }).id, name });
            else if (!isKilled) throw new Error(`write ${name}: ${res.status} ${await res.text()}`);
          } catch (error) {
            if (!isKilled) throw error;
          }
        }
      };
      const writers = Array.from({ length: 8 }, (_, w) => writer(w));
      const loadStarted = Date.now();
      while (acknowledged.length < 150 || Date.now() - loadStarted < 2000) await new Promise((r) => setTimeout(r, 20));
      isKilled = true;
      first.child.kill('SIGKILL');
      await exited(first.child);
      await Promise.all(writers);
      console.log(`kill -9 after ${acknowledged.length} acknowledged of ${sent} sent writes (${((Date.now() - loadStarted) / 1000).toFixed(1)} s of load)`);

      const second = await startServer(store.env);
      try {
        const again = await signIn(second.baseUrl);
        const missing: string[] = [];
        for (let i = 0; i < acknowledged.length; i += 8) {
          await Promise.all(acknowledged.slice(i, i + 8).map(async ({ id, name }) => {
            const res = await fetch(`${second.baseUrl}/api/v1/customers/${id}`, { headers: { cookie: again } });
            if (res.status !== 200 || ((await res.json()) as { name: string }).name !== name) missing.push(name);
          }));
        }
        expect(missing).toEqual([]);
      } finally {
        second.child.kill('SIGTERM');
        await exited(second.child);
      }
    } finally {
      await store.dispose();
    }
  });
});
