import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { aStore } from '../../test/store.ts';

/**
 * A worker process killed with SIGKILL in the middle of a job: another worker process runs that
 * job again once its lease ends, and the job's effect (keyed by the job's id) is there once. On
 * the store the suite runs on: a PostgreSQL server when DATABASE_URL is set, else a data directory.
 */
const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const serverUrl = process.env.DATABASE_URL;

function startWorker(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/platform/jobs/kill-9-worker.ts'], {
    cwd: serverDir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env },
  });
  let output = '';
  const said = (word: string) => new Promise<string>((resolve, reject) => {
    const read = () => { const line = output.split('\n').find((l) => l.startsWith(`${word} `)); if (line) resolve(line.slice(word.length + 1)); };
    child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); read(); });
    child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.once('exit', (code) => reject(new Error(`The worker exited (${code}) before saying "${word}":\n${output}`)));
    read();
  });
  return { child, said };
}

const exited = (child: ChildProcess) => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve)));

describe(`a job worker killed with kill -9 (${serverUrl ? 'PostgreSQL server' : 'embedded store'})`, () => {
  it('runs the killed job again in another worker process, and its effect happens once', { timeout: 120_000 }, async () => {
    const store = await aStore('xiang_jobs_kill');
    try {
      const first = startWorker({ ...store.env, ENQUEUE: '30', STALL_AT: '5' });
      const stalledId = Number(await first.said('stalled'));
      first.child.kill('SIGKILL');
      await exited(first.child);

      const second = startWorker(store.env);
      const report = JSON.parse(await second.said('drained')) as { effects: number; runs: { jobId: number; runs: number; pids: number }[] };
      await exited(second.child);
      expect(report.effects).toBe(30);
      expect(report.runs).toHaveLength(30);
      const stalled = report.runs.find((r) => r.jobId === stalledId)!;
      // Run by the killed process and again by the second one.
      expect(stalled).toMatchObject({ runs: 2, pids: 2 });
    } finally {
      await store.dispose();
    }
  });
});
