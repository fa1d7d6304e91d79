import { sql, type SQL } from 'drizzle-orm';
import type { EventType } from '@xiang/shared';
import { rows, type Db } from '../db/index.ts';
import { outboxHorizon } from './horizon.ts';
import { retryDelayMs } from '../jobs/queue.ts';

/**
 * 事件分发 — delivers the outbox (audit-schema.ts) to the subscribers registered in code, each
 * from its own cursor, at least once, in the order the events' transactions committed.
 *
 * A subscriber's batch runs in one transaction that holds its cursor row (FOR UPDATE SKIP
 * LOCKED: a second process finds it taken and moves on), reads the events after the cursor of
 * transactions older than every one still running, hands each to the handler in a savepoint,
 * and moves the cursor. A handler's own writes on the given transaction therefore commit with
 * the cursor (once); anything it does outside the database it must make idempotent by the event's
 * id. A failing event stops its subscriber (later events wait, order kept) and is retried with
 * doubling delays; after `maxAttempts` it goes to the subscriber's dead letters and the cursor
 * passes it. An administrator's replay delivers a dead letter again.

 */

export interface DeliveredEvent {
  id: number;
  type: EventType;
  version: number;
  entity: string;
  entityId: string;
  unitId: string | null;
  payload: Record<string, unknown>;
  at: string;
}

export interface Subscriber {
  /** Stable: the cursor is kept under it. */
  name: string;
  events: readonly EventType[];
  /** Do the database work on `tx`: it commits with the cursor. Keep it short; hand long work to a job. */
  handle(event: DeliveredEvent, tx: Db): Promise<void>;
  /** Deliveries of one event before it becomes a dead letter (default 5). */
  maxAttempts?: number;
  /** The first retry's delay, doubling after (default 1 s). */
  backoffMs?: number;
  /** A new subscriber reads every event kept (default) or only those written from now on. */
  startAt?: 'beginning' | 'now';
}

interface Cursor { cursor_txid: string; cursor_id: number; failing_event_id: number | null; attempts: number; is_waiting: boolean }
interface OutboxRow { id: number; txid: string; type: EventType; version: number; entity: string; entity_id: string; unit_id: string | null; payload: Record<string, unknown>; at: string | Date }

const eventOf = (e: OutboxRow): DeliveredEvent => ({
  id: Number(e.id), type: e.type, version: e.version, entity: e.entity, entityId: e.entity_id, unitId: e.unit_id, payload: e.payload,
  at: new Date(e.at).toISOString(),
});

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 2_000);

/** Gives each subscriber its cursor row; one that is new starts where its `startAt` says. */
export async function registerSubscribers(db: Db, subscribers: Subscriber[]) {
  const names = new Set<string>();
  for (const s of subscribers) {
    if (names.has(s.name)) throw new Error(`Two event subscribers are named ${s.name}`);
    names.add(s.name);
    const start = s.startAt === 'now'
      ? sql`(select coalesce(max(txid), '0'::xid8) from outbox_events), (select coalesce(max(id), 0) from outbox_events)`
      : sql`'0'::xid8, 0`;
    await db.execute(sql`insert into event_subscribers (name, cursor_txid, cursor_id) values (${s.name}, ${start}) on conflict (name) do nothing`);
  }
}

type Outcome = 'busy' | 'waiting' | 'held' | number;

/** Thrown through the batch's transaction to roll back what a failing handler began. */
class HandlerFailed extends Error {
  constructor(readonly event: OutboxRow, readonly cause: unknown) { super(messageOf(cause)); }
}

/**
 * One batch for one subscriber: 'busy' when another process holds it, 'waiting' while a failed
 * event's retry is not due, 'held' while committed events wait behind an older transaction still
 * running, else the number of outbox events it went past (0: nothing new).
 *
 * Handlers run straight in the batch's transaction. When one throws, the whole batch is rolled
 * back (the handlers' writes with it) and the failure is noted; the next batch, after the
 * backoff, delivers the events before it again and runs the failing one in a savepoint of its
 * own, so that once it has failed `maxAttempts` times it can be set aside and the rest committed.
 */
export async function deliverBatch(db: Db, subscriber: Subscriber, batchSize = 200): Promise<Outcome> {
  const wanted = new Set<string>(subscriber.events);
  const maxAttempts = subscriber.maxAttempts ?? 5;
  // A look first, outside any transaction: an idle subscriber's poll then writes nothing (locking
  // its row would, and on the embedded store every commit is an fsync).
  const [look] = await rows<{ has_events: boolean; is_held: boolean; has_replays: boolean }>(db, sql`
    select (s.retry_at is null or s.retry_at <= now()) and exists (
        -- Correlated, so the cursor's values reach the (txid, id) index as parameters of the scan.
        select 1 from outbox_events e where (e.txid, e.id) > (s.cursor_txid, s.cursor_id) and e.txid < ${outboxHorizon}
      ) as has_events,
      exists (select 1 from outbox_events e where (e.txid, e.id) > (s.cursor_txid, s.cursor_id)) as is_held,
      exists (select 1 from event_dead_letters d where d.subscriber = s.name and d.replay_requested_at is not null and d.replayed_at is null) as has_replays
    from event_subscribers s where s.name = ${subscriber.name}`);
  if (!look || (!look.has_events && !look.has_replays)) return look?.is_held ? 'held' : 0;
  try {
    return await db.transaction(async (tx) => {
      // The horizon is read in the statement that locks, before this transaction has an id of its own.
      const [cursor] = await rows<Cursor & { horizon: string }>(tx, sql`
        select (${outboxHorizon})::text as horizon, cursor_txid::text, cursor_id, failing_event_id, attempts,
          coalesce(retry_at > now(), false) as is_waiting
        from event_subscribers where name = ${subscriber.name} for update skip locked`);
      if (!cursor) return 'busy';
      if (look.has_replays) await replayRequested(tx, subscriber);
      if (cursor.is_waiting) return 'waiting';

      const events = await rows<OutboxRow>(tx, sql`
        select e.id, e.txid::text, e.type, e.version, e.entity, e.entity_id, e.unit_id, e.payload, e.at from outbox_events e
        where (e.txid, e.id) > (${cursor.cursor_txid}::xid8, ${cursor.cursor_id}) and e.txid < ${cursor.horizon}::xid8
        -- Qualified: a bare "txid" here names the text column of the select list, and text puts
        -- '100000' before '99999' — the batch's last event would then be an earlier one, and the
        -- cursor, set to it, would go back and deliver the rest again.
        order by e.txid, e.id limit ${batchSize}`);
      const failingId = cursor.failing_event_id === null ? null : Number(cursor.failing_event_id);
      let passed: OutboxRow | null = null;
      let retry: { event: OutboxRow; error: unknown; attempts: number } | null = null;
      for (const event of events) {
        if (wanted.has(event.type)) {
          if (Number(event.id) !== failingId) {
            try { await subscriber.handle(eventOf(event), tx); } catch (error) { throw new HandlerFailed(event, error); }
          } else {
            try {
              await tx.transaction((savepoint) => subscriber.handle(eventOf(event), savepoint));
            } catch (error) {
              const attempts = cursor.attempts + 1;
              if (attempts < maxAttempts) { retry = { event, error, attempts }; break; }
              await tx.execute(sql`
                insert into event_dead_letters (subscriber, event_id, attempts, error) values (${subscriber.name}, ${event.id}, ${attempts}, ${messageOf(error)})
                on conflict (subscriber, event_id) do update set attempts = excluded.attempts, error = excluded.error, failed_at = now(),
                  replay_requested_at = null, replayed_at = null`);
            }
          }
        }
        passed = event;
      }
      const moved = passed ? sql`cursor_txid = ${passed.txid}::xid8, cursor_id = ${passed.id},` : sql``;
      if (retry) {
        await noteFailure(tx, subscriber, retry.event, retry.error, retry.attempts, moved);
      } else if (passed) {
        await tx.execute(sql`update event_subscribers set ${moved} failing_event_id = null, attempts = 0, retry_at = null, last_error = null,
          delivered_at = now() where name = ${subscriber.name}`);
      }
      return passed ? events.indexOf(passed) + 1 : 0;
    });
  } catch (error) {
    if (!(error instanceof HandlerFailed)) throw error;
    // The batch rolled back; note the failure (a first one) and leave the cursor where it was.
    await noteFailure(db, subscriber, error.event, error.cause, 1, sql``);
    return 0;
  }
}

async function noteFailure(db: Db, subscriber: Subscriber, event: OutboxRow, error: unknown, attempts: number, moved: SQL) {
  const delayMs = retryDelayMs(attempts, subscriber.backoffMs ?? 1_000);
  await db.execute(sql`update event_subscribers set ${moved} failing_event_id = ${event.id}, attempts = ${attempts},
    retry_at = now() + ${delayMs} * interval '1 millisecond', last_error = ${messageOf(error)} where name = ${subscriber.name}`);
}

/** Dead letters an administrator asked to replay: each delivered again, and kept if it fails again. */
async function replayRequested(tx: Db, subscriber: Subscriber) {
  const asked = await rows<OutboxRow & { letter_id: number }>(tx, sql`
    select d.id as letter_id, e.id, e.txid::text, e.type, e.version, e.entity, e.entity_id, e.unit_id, e.payload, e.at
    from event_dead_letters d join outbox_events e on e.id = d.event_id
    where d.subscriber = ${subscriber.name} and d.replay_requested_at is not null and d.replayed_at is null
    order by d.id limit 20`);
  for (const letter of asked) {
    try {
      await tx.transaction((savepoint) => subscriber.handle(eventOf(letter), savepoint));
      await tx.execute(sql`update event_dead_letters set replayed_at = now() where id = ${letter.letter_id}`);
    } catch (error) {
      await tx.execute(sql`update event_dead_letters set replay_requested_at = null, attempts = attempts + 1, error = ${messageOf(error)},
        failed_at = now() where id = ${letter.letter_id}`);
    }
  }
}

export interface DispatcherOptions {
  /** How long an idle subscriber waits before looking again (default 50 ms). */
  idleMs?: number;
  batchSize?: number;
  /**
   * The store's notifications (`Database.listen`): the outbox's trigger (migration 0013) notifies
   * at each commit that wrote events, and every waiting subscriber looks at once instead of at its
   * next poll. The poll stays: nothing is notified when an older transaction that held events back
   * ends without writing any, and a notification lost with a connection must not lose an event.
   */
  listen?: (channel: string, onNotify: () => void) => Promise<() => Promise<void>>;
  onError?: (subscriber: string, error: unknown) => void;
}

/** Delivers to every subscriber until stopped: one loop each, so a slow one holds up no other. */
export async function startDispatcher(db: Db, subscribers: Subscriber[], { idleMs = 50, batchSize = 200, listen, onError }: DispatcherOptions = {}) {
  await registerSubscribers(db, subscribers);
  let isStopping = false;
  const loops = subscribers.map(() => new Nudges());
  const stopListening = listen && subscribers.length ? await listen('outbox_events', () => { for (const nudges of loops) nudges.nudge(); }) : async () => {};
  const running = subscribers.map(async (subscriber, i) => {
    const nudges = loops[i];
    let heldMs = 0;
    while (!isStopping) {
      let outcome: Outcome = 0;
      // Taken before the read: a commit notified while the batch runs is looked at right after it.
      nudges.take();
      try {
        outcome = await deliverBatch(db, subscriber, batchSize);
      } catch (error) {
        if (!isStopping) onError?.(subscriber.name, error);
      }
      if (outcome === batchSize || isStopping) continue;
      // Events held behind an older transaction: no notification comes when it ends without
      // writing any, so look again soon, then less often, as realtime's reader does.
      heldMs = outcome === 'held' ? Math.min(Math.max(heldMs * 2, 20), 1_000) : 0;
      // A failing event waits out its backoff on the poll: new events behind it change nothing.
      await nudges.nap(heldMs ? Math.min(heldMs, idleMs) : idleMs, outcome !== 'waiting');
    }
  });
  return {
    async stop() {
      isStopping = true;
      await stopListening();
      for (const nudges of loops) nudges.wake();
      await Promise.all(running);
    },
  };
}

/** One subscriber's wait between batches: a poll's pause, cut short by a commit's notification. */
class Nudges {
  private isNudged = false;
  private napping: { done: () => void; isNudgeable: boolean } | null = null;

  nudge() {
    this.isNudged = true;
    if (this.napping?.isNudgeable) this.napping.done();
  }

  /** Forgets the notifications so far: the batch about to run reads what they announced. */
  take() { this.isNudged = false; }

  /** Ends any nap (stopping). */
  wake() { this.napping?.done(); }

  nap(ms: number, isNudgeable: boolean) {
    if (isNudgeable && this.isNudged) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => { clearTimeout(timer); this.napping = null; resolve(); };
      const timer = setTimeout(done, ms);
      this.napping = { done, isNudgeable };
    });
  }
}
