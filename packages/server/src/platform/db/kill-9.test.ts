import { describe, expect, it } from 'vitest';
import { aStore } from '../../test/store.ts';
import { exited, signIn, startServer } from '../../test/processes.ts';

/**
 * A real server process killed with SIGKILL in the middle of writing: every customer it
 * acknowledged (201) is there after a restart. Runs on the store the suite runs on: the
 * embedded store in a data directory, or a PostgreSQL server when DATABASE_URL is set.
 */
const serverUrl = process.env.DATABASE_URL;

describe(`kill -9 under load (${serverUrl ? 'PostgreSQL server' : 'embedded store'})`, () => {
  it('loses no acknowledged write', { timeout: 300_000 }, async () => {
    const store = await aStore('xiang_kill');
    try {
      const first = await startServer(store.env, 3300);
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

      const second = await startServer(store.env, 3300);
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
