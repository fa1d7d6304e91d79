import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/index.ts';

/**
 * 作业 — durable jobs on our own tables (jobs/schema.ts), the same on the embedded store and on a
 * PostgreSQL server. Delayed, prioritised, retried with backoff, at most one waiting per unique
 * key. Workers claim batches with FOR UPDATE SKIP LOCKED, so any number of processes share a
 * queue without handing one job to two of them; a claim is a lease, so a job whose worker died
 * is claimed again when the lease ends. Delivery is at least once: a handler is given the job's
 * id and attempt to make its effect happen once.
 */

export interface Job<P = unknown> {
  id: number;
  queue: string;
  payload: P;
  /** 1 on the first run, 2 on the first retry … */
  attempt: number;
}

export interface JobKind<P = unknown> {
  queue: string;
  handle(job: Job<P>, db: Db): Promise<void>;
  /** Runs before the job is failed for good (default 5). */
  maxAttempts?: number;
  /** The first retry's delay; each next one doubles, up to an hour (default 1 s). */
  backoffMs?: number;
}

export interface Enqueue {
  /** Not before this time (a delayed job). */
  runAt?: Date;
  /** Higher runs first (default 0). */
  priority?: number;
  /** A second job with the same key, while one waits or runs, is not added. */
  uniqueKey?: string;
  maxAttempts?: number;
}

/** Adds a job, in the caller's transaction when given one. Null when its unique key is taken. */
export async function enqueue(db: Db, queue: string, payload: object = {}, options: Enqueue = {}): Promise<number | null> {
  const [added] = await enqueueMany(db, queue, [payload], options);
  return added ?? null;
}

const analyzeAfter = 1_000;

/** Many jobs of one queue in one statement; returns the ids of those added. */
export async function enqueueMany(db: Db, queue: string, payloads: object[], options: Enqueue = {}): Promise<number[]> {
  if (!payloads.length) return [];
  const added = await rows<{ id: number }>(db, sql`
    insert into jobs (queue, payload, priority, run_at, unique_key, max_attempts)
    select ${queue}, p, ${options.priority ?? 0}, coalesce(${options.runAt?.toISOString() ?? null}::timestamptz, now()),
           ${options.uniqueKey ?? null}, ${options.maxAttempts ?? 5}
    from jsonb_array_elements(${JSON.stringify(payloads)}::jsonb) as p
    on conflict (queue, unique_key) where state <> 'failed' do nothing
    returning id`);
  // A burst of jobs into a table last analyzed near empty: the planner would think a handful
  // wait and sort them all for each claim (60 ms instead of 0.3 ms a batch at 50,000 waiting).
  if (payloads.length >= analyzeAfter) await db.execute(sql`analyze jobs`);
  wakeWorkers();
  return added.map((r) => Number(r.id));
}

interface Claimed { id: number; queue: string; payload: unknown; attempts: number; max_attempts: number }

/**
 * Deletes the jobs this worker finished and takes up to `limit` due ones, highest priority
 * first, leased for `leaseMs`: one statement a batch. A finished one is never taken again,
 * even if its lease ran out while the worker was away.
 */
async function claim(db: Db, queues: string[], limit: number, leaseMs: number, finished: Claimed[]): Promise<Claimed[]> {
  return rows<Claimed>(db, sql`
    with done as (select * from jsonb_to_recordset(${claims(finished)}::jsonb) as d(id bigint, attempts int)),
    deleted as (delete from jobs j using done where j.id = done.id and j.attempts = done.attempts)
    update jobs set state = 'running', attempts = attempts + 1, run_at = now() + ${leaseMs} * interval '1 millisecond'
    where id in (
      select id from jobs
      where queue in (${sql.join(queues.map((q) => sql`${q}`), sql`, `)}) and state <> 'failed' and run_at <= now()
        and id not in (select id from done)
      -- In the claim index's own order (priority desc nulls last), so the first due jobs are read, not all of them sorted.
      order by priority desc nulls last, run_at, id
      limit ${limit}
      for update skip locked)
    returning id, queue, payload, attempts, max_attempts`);
}

/** The jobs as claimed: (id, attempt), so a worker whose lease ran out cannot finish a later run. */
const claims = (done: Claimed[]) => JSON.stringify(done.map((j) => ({ id: j.id, attempts: j.attempts })));

async function finish(db: Db, done: Claimed[]) {
  if (!done.length) return;
  await db.execute(sql`
    delete from jobs j using jsonb_to_recordset(${claims(done)}::jsonb) as d(id bigint, attempts int)
    where j.id = d.id and j.attempts = d.attempts`);
}

async function extendLeases(db: Db, running: Claimed[], leaseMs: number) {
  if (!running.length) return;
  await db.execute(sql`
    update jobs j set run_at = now() + ${leaseMs} * interval '1 millisecond'
    from jsonb_to_recordset(${claims(running)}::jsonb) as d(id bigint, attempts int)
    where j.id = d.id and j.attempts = d.attempts and j.state = 'running'`);
}

const hourMs = 3_600_000;

/** Doubling delays with some jitter, so jobs that failed together do not retry together. */
export function retryDelayMs(attempt: number, firstMs: number): number {
  const delay = Math.min(firstMs * 2 ** (attempt - 1), hourMs);
  return Math.round(delay * (0.8 + Math.random() * 0.4));
}

async function fail(db: Db, job: Claimed, kind: JobKind | undefined, error: unknown) {
  const message = error instanceof Error ? error.message : String(error);
  const delayMs = retryDelayMs(job.attempts, kind?.backoffMs ?? 1_000);
  await db.execute(sql`
    update jobs set
      state = case when attempts >= max_attempts then 'failed' else 'waiting' end,
      failed_at = case when attempts >= max_attempts then now() end,
      run_at = now() + ${delayMs} * interval '1 millisecond',
      last_error = ${message.slice(0, 2_000)}
    where id = ${job.id} and attempts = ${job.attempts}`);
}

// Workers in this process wake at once when a job is added here, instead of at their next poll.
const sleepers = new Set<() => void>();
export function wakeWorkers() {
  for (const wake of sleepers) wake();
}

export interface WorkerOptions {
  /** Jobs claimed at once and run side by side (default 20). */
  batchSize?: number;
  /** How long an idle worker waits before looking again (default 500 ms). */
  idleMs?: number;
  /** How long a claim holds before another worker may take the job (default 60 s; renewed while it runs). */
  leaseMs?: number;
  /** Told of each job's failure (a log line). */
  onError?: (job: Job, error: unknown) => void;
}

export interface Worker {
  stop(): Promise<void>;
}

/** Runs jobs of the given kinds until stopped. */
export function startWorker(db: Db, kinds: JobKind<never>[], options: WorkerOptions = {}): Worker {
  const { batchSize = 20, idleMs = 500, leaseMs = 60_000 } = options;
  const byQueue = new Map(kinds.map((k) => [k.queue, k as JobKind]));
  const queues = [...byQueue.keys()];
  let isStopping = false;
  let wake = () => {};
  const running = new Set<Claimed>();
  const renewal = setInterval(() => { extendLeases(db, [...running], leaseMs).catch(() => {}); }, leaseMs / 3);

  const runOne = async (job: Claimed): Promise<Claimed | null> => {
    const kind = byQueue.get(job.queue)!;
    const current: Job = { id: Number(job.id), queue: job.queue, payload: job.payload, attempt: job.attempts };
    running.add(job);
    try {
      await kind.handle(current as Job<never>, db);
      return job;
    } catch (error) {
      options.onError?.(current, error);
      await fail(db, job, kind, error);
      return null;
    } finally {
      running.delete(job);
    }
  };

  const loop = (async () => {
    let finished: Claimed[] = [];
    while (!isStopping) {
      let claimed: Claimed[] = [];
      try {
        claimed = queues.length ? await claim(db, queues, batchSize, leaseMs, finished) : [];
        finished = (await Promise.all(claimed.map(runOne))).filter((j): j is Claimed => j !== null);
      } catch (error) {
        // The store went away for a moment: the claimed jobs' leases run out and they run again.
        finished = [];
        if (!isStopping) options.onError?.({ id: 0, queue: '', payload: null, attempt: 0 }, error);
      }
      if (claimed.length < batchSize && !isStopping) await nap(idleMs);
    }
    await finish(db, finished).catch(() => {});
  })();

  function nap(ms: number) {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() { clearTimeout(timer); sleepers.delete(done); resolve(); }
      wake = done;
      sleepers.add(done);
    });
  }

  return {
    async stop() {
      isStopping = true;
      wake();
      clearInterval(renewal);
      await loop;
    },
  };
}
