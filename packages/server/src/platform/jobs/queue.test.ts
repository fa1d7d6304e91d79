import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../db/index.ts';
import { startTestApp, type TestApp } from '../../test/harness.ts';
import { until } from '../../test/until.ts';
import { demoLogins } from '../../demo/organisation.ts';
import { enqueue, enqueueMany, startWorker, type Job, type JobKind } from './queue.ts';
import { enqueueDueSchedules, keepSchedules } from './schedules.ts';

let t: TestApp;
beforeAll(async () => { t = await startTestApp({ customers: 0 }); });
afterAll(() => t.close());

const jobsOf = (queue: string) => rows<{ id: number; state: string; attempts: number; last_error: string | null }>(t.database.db,
  sql`select id, state, attempts, last_error from jobs where queue = ${queue} order by id`);

/** A queue whose handler notes what it ran, in order. */
function recorder(queue: string, handle: (job: Job<{ n: number }>) => void | Promise<void> = () => {}) {
  const ran: number[] = [];
  const kind: JobKind<{ n: number }> = { queue, backoffMs: 20, async handle(job) { await handle(job); ran.push(job.payload.n); } };
  return { kind, ran };
}

describe('jobs', () => {
  it('runs a delayed job not before its time, then once', async () => {
    const { kind, ran } = recorder('test.delayed');
    const at = Date.now() + 600;
    await enqueue(t.database.db, 'test.delayed', { n: 1 }, { runAt: new Date(at) });
    const worker = startWorker(t.database.db, [kind], { idleMs: 20 });
    try {
      await new Promise((r) => setTimeout(r, 300));
      expect(ran).toEqual([]);
      await until(() => ran.length === 1);
      expect(Date.now()).toBeGreaterThanOrEqual(at - 50);
      await until(async () => (await jobsOf('test.delayed')).length === 0);
      expect(ran).toEqual([1]);
    } finally { await worker.stop(); }
  });

  it('runs higher priorities first', async () => {
    const { kind, ran } = recorder('test.priority');
    await enqueue(t.database.db, 'test.priority', { n: 1 }, { priority: 0 });
    await enqueue(t.database.db, 'test.priority', { n: 2 }, { priority: 10 });
    await enqueue(t.database.db, 'test.priority', { n: 3 }, { priority: 5 });
    const worker = startWorker(t.database.db, [kind], { batchSize: 1, idleMs: 20 });
    try {
      await until(() => ran.length === 3);
      expect(ran).toEqual([2, 3, 1]);
    } finally { await worker.stop(); }
  });

  it('adds a job with a unique key once while one waits, and again after it ran', async () => {
    const first = await enqueue(t.database.db, 'test.unique', { n: 1 }, { uniqueKey: 'export:user-1' });
    const second = await enqueue(t.database.db, 'test.unique', { n: 2 }, { uniqueKey: 'export:user-1' });
    const other = await enqueue(t.database.db, 'test.unique', { n: 3 }, { uniqueKey: 'export:user-2' });
    expect(first).toBeTypeOf('number');
    expect(second).toBeNull();
    expect(other).toBeTypeOf('number');
    const { kind, ran } = recorder('test.unique');
    const worker = startWorker(t.database.db, [kind], { idleMs: 20 });
    try {
      await until(async () => (await jobsOf('test.unique')).length === 0);
      expect(ran.sort()).toEqual([1, 3]);
      expect(await enqueue(t.database.db, 'test.unique', { n: 4 }, { uniqueKey: 'export:user-1' })).toBeTypeOf('number');
    } finally { await worker.stop(); }
  });

  it('retries a failing job with growing delays and succeeds on a later attempt', async () => {
    const tries: { attempt: number; at: number }[] = [];
    const { kind, ran } = recorder('test.flaky', (job) => {
      tries.push({ attempt: job.attempt, at: Date.now() });
      if (job.attempt < 3) throw new Error(`try ${job.attempt} failed`);
    });
    await enqueue(t.database.db, 'test.flaky', { n: 7 });
    const worker = startWorker(t.database.db, [kind], { idleMs: 10 });
    try {
      await until(() => ran.length === 1);
      expect(tries.map((x) => x.attempt)).toEqual([1, 2, 3]);
      // 20 ms, then 40 ms (±20 %): the second wait is longer than the first.
      expect(tries[1].at - tries[0].at).toBeGreaterThanOrEqual(15);
      expect(tries[2].at - tries[1].at).toBeGreaterThanOrEqual(30);
    } finally { await worker.stop(); }
  });

  it('fails a job for good after its attempts, shows it to an administrator with its error, and runs it again on retry', async () => {
    let isBroken = true;
    const { kind, ran } = recorder('test.broken', () => { if (isBroken) throw new Error('the mail server refused: 550'); });
    await enqueue(t.database.db, 'test.broken', { n: 9 }, { maxAttempts: 2 });
    const worker = startWorker(t.database.db, [kind], { idleMs: 10 });
    try {
      await until(async () => (await jobsOf('test.broken'))[0]?.state === 'failed');
      const admin = await t.as('admin');
      const queues = (await admin({ method: 'GET', url: '/api/v1/jobs/queues' })).json().items;
      expect(queues.find((q: { queue: string }) => q.queue === 'test.broken')).toMatchObject({ failed: 1, due: 0, running: 0 });
      const failed = (await admin({ method: 'GET', url: '/api/v1/jobs/failed?queue=test.broken' })).json().items;
      expect(failed).toHaveLength(1);
      expect(failed[0]).toMatchObject({ queue: 'test.broken', attempts: 2, error: 'the mail server refused: 550', payload: { n: 9 } });
      isBroken = false;
      expect((await admin({ method: 'POST', url: `/api/v1/jobs/${failed[0].id}/retry` })).statusCode).toBe(204);
      const trail = (await admin({ method: 'GET', url: '/api/v1/audit?action=job.retried' })).json().items;
      expect(trail[0]).toMatchObject({ entity: 'job', entityId: String(failed[0].id), before: { error: 'the mail server refused: 550' } });
      await until(() => ran.length === 1);
      await until(async () => (await jobsOf('test.broken')).length === 0);
      expect((await admin({ method: 'POST', url: `/api/v1/jobs/${failed[0].id}/retry` })).statusCode).toBe(404);
    } finally { await worker.stop(); }
  });

  it('shares a queue between two workers without running a job twice', async () => {
    const ran: number[] = [];
    const kind: JobKind<{ n: number }> = { queue: 'test.shared', async handle(job) { ran.push(job.payload.n); await new Promise((r) => setTimeout(r, 1)); } };
    await enqueueMany(t.database.db, 'test.shared', Array.from({ length: 400 }, (_, n) => ({ n })));
    const workers = [startWorker(t.database.db, [kind], { batchSize: 10, idleMs: 10 }), startWorker(t.database.db, [kind], { batchSize: 10, idleMs: 10 })];
    try {
      await until(async () => (await jobsOf('test.shared')).length === 0, 30_000);
      expect(ran).toHaveLength(400);
      expect(new Set(ran).size).toBe(400);
    } finally { await Promise.all(workers.map((w) => w.stop())); }
  });

  it('turns a due cron tick into one job, however many processes tick it, and moves the schedule on', async () => {
    await keepSchedules(t.database.db, [{ name: 'test.nightly', queue: 'test.cron', cron: '0 2 * * *', payload: { report: 'daily' } }], 'Asia/Shanghai');
    const [{ next_run_at: next }] = await rows<{ next_run_at: string }>(t.database.db, sql`select next_run_at from job_schedules where name = 'test.nightly'`);
    // 02:00 in Shanghai is 18:00 UTC.
    expect(new Date(next).getUTCHours()).toBe(18);
    await t.database.db.execute(sql`update job_schedules set next_run_at = now() - interval '1 minute' where name = 'test.nightly'`);
    await Promise.all([enqueueDueSchedules(t.database.db, 'Asia/Shanghai'), enqueueDueSchedules(t.database.db, 'Asia/Shanghai')]);
    await enqueueDueSchedules(t.database.db, 'Asia/Shanghai');
    const added = await rows<{ payload: { report: string } }>(t.database.db, sql`select payload from jobs where queue = 'test.cron'`);
    expect(added).toHaveLength(1);
    expect(added[0].payload.report).toBe('daily');
    const [{ next_run_at: moved }] = await rows<{ next_run_at: string }>(t.database.db, sql`select next_run_at from job_schedules where name = 'test.nightly'`);
    expect(new Date(moved).getTime()).toBeGreaterThan(Date.now());
  });
});

describe('the job and event administration routes', () => {
  const routes = [
    { method: 'GET', url: '/api/v1/jobs/queues' },
    { method: 'GET', url: '/api/v1/jobs/failed' },
    { method: 'POST', url: '/api/v1/jobs/1/retry' },
    { method: 'GET', url: '/api/v1/events/subscribers' },
    { method: 'GET', url: '/api/v1/events/dead-letters' },
    { method: 'POST', url: '/api/v1/events/dead-letters/1/replay' },
  ] as const;

  it('are for administrators only: 401 without a session, 403 for every other role', async () => {
    for (const route of routes) {
      expect((await t.app.inject(route)).statusCode, `${route.method} ${route.url}`).toBe(401);
      for (const { username } of demoLogins.filter((l) => l.role !== 'admin')) {
        const user = await t.as(username);
        expect((await user(route)).statusCode, `${username} ${route.method} ${route.url}`).toBe(403);
      }
    }
  });

  it.each([
    ['a job id that is not a number', 'POST', '/api/v1/jobs/abc/retry', 'jobId'],
    ['a job id of zero', 'POST', '/api/v1/jobs/0/retry', 'jobId'],
    ['a dead letter id that is not a number', 'POST', '/api/v1/events/dead-letters/x/replay', 'letterId'],
    ['a page of 1,000 failed jobs', 'GET', '/api/v1/jobs/failed?limit=1000', 'limit'],
    ['a page of no dead letters', 'GET', '/api/v1/events/dead-letters?limit=0', 'limit'],
  ] as const)('refuses %s (400 naming the field)', async (_what, method, url, field) => {
    const admin = await t.as('admin');
    const res = await admin({ method, url });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(res.json())).toContain(field);
  });

  it('answers 404 to a retry of a job or a replay of a dead letter that does not exist', async () => {
    const admin = await t.as('admin');
    expect((await admin({ method: 'POST', url: '/api/v1/jobs/987654/retry' })).statusCode).toBe(404);
    expect((await admin({ method: 'POST', url: '/api/v1/events/dead-letters/987654/replay' })).statusCode).toBe(404);
  });
});
