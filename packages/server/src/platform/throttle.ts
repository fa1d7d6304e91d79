import { and, eq, inArray, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Db } from './db/index.ts';
import { Problem } from './errors.ts';
import { defineMessages, type Said } from './messages.ts';
import { throttles } from './throttle-schema.ts';

/**
 * Throttling by a growing delay instead of a lock: after a few free failures each further one
 * makes the next attempt wait longer, up to a cap, and old failures are forgiven as time passes.
 * Nobody can lock an account for good, and a guesser gets ever fewer tries.
 */
export interface ThrottleRule {
  /** Stored with each count; unique per rule. */
  name: string;
  /** Failures that cost nothing; the next one starts the wait. */
  free: number;
  /** The first wait, in seconds, and how the next ones grow from it. */
  firstWait: number;
  growth: 'doubling' | 'linear';
  maxWait: number;
  /** Failures forgiven per hour of quiet, so a mistake made last week no longer counts. */
  forgivenPerHour: number;
  /** A success wipes the count (the same person from the same place), or only takes its own attempt back. */
  isClearedBySuccess: boolean;
}

export interface Count {
  failures: number;
  lastFailureAt: Date | null;
  waitUntil: Date | null;
}

export const noFailures: Count = { failures: 0, lastFailureAt: null, waitUntil: null };

/** The failures that still count at `now`. */
export function failuresAt(rule: ThrottleRule, count: Count, now: Date): number {
  if (!count.lastFailureAt) return count.failures;
  const hours = Math.max(0, now.getTime() - count.lastFailureAt.getTime()) / 3_600_000;
  return Math.max(0, count.failures - hours * rule.forgivenPerHour);
}

/** How long one must wait after this many failures, in seconds. A failure partly forgiven still counts whole. */
export function waitAfter(rule: ThrottleRule, failures: number): number {
  const beyond = Math.ceil(failures) - rule.free;
  if (beyond <= 0) return 0;
  const wait = rule.growth === 'doubling' ? rule.firstWait * 2 ** (beyond - 1) : rule.firstWait * beyond;
  return Math.min(rule.maxWait, wait);
}

/** The count after one more failure at `now`. */
export function afterFailure(rule: ThrottleRule, count: Count, now: Date): Count {
  const failures = failuresAt(rule, count, now) + 1;
  const wait = waitAfter(rule, failures);
  return { failures, lastFailureAt: now, waitUntil: wait ? new Date(now.getTime() + wait * 1000) : null };
}

/** Whole seconds left to wait at `now`; 0 when an attempt may be checked. */
export function secondsToWait(count: Count, now: Date): number {
  if (!count.waitUntil || count.waitUntil <= now) return 0;
  return Math.ceil((count.waitUntil.getTime() - now.getTime()) / 1000);
}

export interface ThrottleKey {
  rule: ThrottleRule;
  subject: string;
  source?: string;
}

/** An attempt that was let through and counted as a failure until it is known to have succeeded. */
export interface Attempt {
  keys: { key: ThrottleKey; waitUntil: Date | null }[];
}

const message = defineMessages({
  tooManyAttempts: { en: 'Too many attempts: try again in {seconds} s.', zh: '尝试次数过多，请 {seconds} 秒后再试。' },
});

/** 429 with the seconds to wait; the header Retry-After is set from `retryAfter` when answered. */
export function tooManyAttempts(seconds: number, said: Said = message('tooManyAttempts', { seconds })) {
  return new Problem(429, 'Too Many Requests', said, { retryAfter: seconds });
}

const columnsOf = (k: ThrottleKey) => ({ rule: k.rule.name, subject: k.subject, source: k.source ?? '' });
const idOf = (k: { rule: string; subject: string; source: string }) => `${k.rule}\u0000${k.subject}\u0000${k.source}`;

let attemptsSinceSweep = 0;

/**
 * Counts an attempt against every key before it is checked, so attempts sent at once are
 * counted one after another and none slips past a wait; throws 429 when any key is still
 * waiting (that attempt is not checked and counts nowhere). Take the attempt back with
 * `forgiveAttempt` when it succeeds.
 */
export async function takeAttempt(db: Db, keys: ThrottleKey[], refusal?: (seconds: number) => Problem): Promise<Attempt> {
  // One order for every caller, so two attempts never wait for each other's rows in a circle.
  const ordered = [...new Map(keys.map((k) => [idOf(columnsOf(k)), k])).entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, k]) => k);
  const outcome = await db.transaction(async (tx) => {
    // The no-op update locks each row (new or old) until this transaction ends: the count below is never lost.
    const rows = await tx.insert(throttles).values(ordered.map(columnsOf))
      .onConflictDoUpdate({ target: [throttles.rule, throttles.subject, throttles.source], set: { rule: sql`excluded.rule` } })
      .returning({ rule: throttles.rule, subject: throttles.subject, source: throttles.source, failures: throttles.failures,
        lastFailureAt: throttles.lastFailureAt, waitUntil: throttles.waitUntil, now: sql`now()`.mapWith(throttles.waitUntil) });
    const byId = new Map(rows.map((r) => [idOf(r), r]));
    const now = rows[0].now as Date;
    const wait = Math.max(...rows.map((r) => secondsToWait(r, now)));
    if (wait > 0) return { wait, attempt: null };
    const counted = ordered.map((key) => ({ key, ...afterFailure(key.rule, byId.get(idOf(columnsOf(key)))!, now) }));
    await tx.execute(sql`update throttles t set failures = v.failures, last_failure_at = v.at, wait_until = v.wait_until
      from (values ${sql.join(counted.map((c) => sql`(${c.key.rule.name}, ${c.key.subject}, ${c.key.source ?? ''}, ${c.failures}::float8,
        ${now.toISOString()}::timestamptz, ${c.waitUntil?.toISOString() ?? null}::timestamptz)`), sql`, `)})
        as v(rule, subject, source, failures, at, wait_until)
      where t.rule = v.rule and t.subject = v.subject and t.source = v.source`);
    return { wait: 0, attempt: { keys: counted.map((c) => ({ key: c.key, waitUntil: c.waitUntil })) } };
  });
  if (++attemptsSinceSweep >= 500) {
    attemptsSinceSweep = 0;
    await forgetQuietCounts(db);
  }
  if (!outcome.attempt) throw (refusal ?? tooManyAttempts)(outcome.wait);
  return outcome.attempt;
}

/**
 * The attempt succeeded: it takes back its own failure (and the wait it started, unless a later
 * failure replaced it); a rule cleared by success starts again from nothing.
 */
export async function forgiveAttempt(db: Db, attempt: Attempt) {
  const cleared = attempt.keys.filter((k) => k.key.rule.isClearedBySuccess);
  const others = attempt.keys.filter((k) => !k.key.rule.isClearedBySuccess);
  for (const { key } of cleared) {
    const k = columnsOf(key);
    await db.delete(throttles).where(and(eq(throttles.rule, k.rule), eq(throttles.subject, k.subject), eq(throttles.source, k.source)));
  }
  if (!others.length) return;
  await db.execute(sql`update throttles t set failures = greatest(t.failures - 1, 0),
      wait_until = case when t.wait_until = v.wait_until then null else t.wait_until end
    from (values ${sql.join(others.map(({ key, waitUntil }) => sql`(${key.rule.name}, ${key.subject}, ${key.source ?? ''},
      ${waitUntil?.toISOString() ?? null}::timestamptz)`), sql`, `)}) as v(rule, subject, source, wait_until)
    where t.rule = v.rule and t.subject = v.subject and t.source = v.source`);
}

/** Counts a failure that was only known after the fact (the attempt itself was not held back). */
export async function countFailure(db: Db, key: ThrottleKey) {
  await db.transaction(async (tx) => {
    const [row] = await tx.insert(throttles).values(columnsOf(key))
      .onConflictDoUpdate({ target: [throttles.rule, throttles.subject, throttles.source], set: { rule: sql`excluded.rule` } })
      .returning({ failures: throttles.failures, lastFailureAt: throttles.lastFailureAt, waitUntil: throttles.waitUntil, now: sql`now()`.mapWith(throttles.waitUntil) });
    const next = afterFailure(key.rule, row, row.now as Date);
    const k = columnsOf(key);
    await tx.update(throttles).set(next).where(and(eq(throttles.rule, k.rule), eq(throttles.subject, k.subject), eq(throttles.source, k.source)));
  });
}

/** 429 while the key is waiting; nothing is counted. */
export async function refuseWhileWaiting(db: Db, key: ThrottleKey, refusal: (seconds: number) => Problem = tooManyAttempts) {
  const k = columnsOf(key);
  const [row] = await db.select({ failures: throttles.failures, lastFailureAt: throttles.lastFailureAt, waitUntil: throttles.waitUntil, now: sql`now()`.mapWith(throttles.waitUntil) })
    .from(throttles).where(and(eq(throttles.rule, k.rule), eq(throttles.subject, k.subject), eq(throttles.source, k.source)));
  const wait = row ? secondsToWait(row, row.now as Date) : 0;
  if (wait > 0) throw refusal(wait);
}

/** Forgets every count of these rules for a subject (an administrator reset the account). */
export async function clearThrottles(db: Db, subject: string, rules: ThrottleRule[]) {
  await db.delete(throttles).where(and(eq(throttles.subject, subject), inArray(throttles.rule, rules.map((r) => r.name))));
}

/** Counts nobody has touched for a day are forgotten, so unknown names tried once do not pile up. */
async function forgetQuietCounts(db: Db) {
  await db.delete(throttles).where(sql`${throttles.lastFailureAt} < now() - interval '1 day' and (${throttles.waitUntil} is null or ${throttles.waitUntil} < now())`);
}

/**
 * A refusal whose record must outlive the transaction it happened in: the transaction rolls
 * back with the refusal, so what it must leave behind (an audit row, a count) is written after.
 */
export class RecordedRefusal extends Problem {
  constructor(problem: Problem, readonly recordAfterRollback: (db: Db) => Promise<void>) {
    super(problem.status, problem.title, problem.said ?? problem.message, problem.extra);
  }
}

/** Every 429 tells how long to wait in Retry-After; a recorded refusal is written before it is answered. */
export function registerThrottleAnswers(app: FastifyInstance) {
  app.addHook('onError', async (req, reply, error) => {
    if (error instanceof RecordedRefusal) {
      await error.recordAfterRollback(app.db).catch((failure: unknown) => req.log.error({ err: failure }, 'a refusal could not be recorded'));
    }
    if (error instanceof Problem && error.status === 429 && typeof error.extra.retryAfter === 'number') {
      reply.header('retry-after', String(error.extra.retryAfter));
    }
  });
}

/** The address attempts come from; an IPv6 client controls its whole /64, so that is one source. */
export function sourceAddress(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (!ip.includes(':')) return ip;
  const [head, tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => parseInt(g || '0', 16).toString(16)).join(':')}::/64`;
}
