import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/index.ts';
import type { Scope } from '../scope.ts';
import { authorize } from '../policy.ts';
import { notFound } from '../errors.ts';
import { audit } from '../audit.ts';

const iso = (at: string | Date | null) => (at === null ? null : new Date(at).toISOString());
/** Counting stops here: "10,000 or more behind" says enough and costs a bounded scan. */
const countUpTo = 10_000;

/** Each subscriber: how far behind the outbox it is, when it last delivered, what it is failing on. */
export async function subscriberFigures(db: Db, scope: Scope) {
  authorize(scope.role, 'operations.manage');
  // The queues are the whole organisation's: a unit's administrator sees none of them.
  if (!scope.isWholeOrganisation) return [];
  const found = await rows<{ name: string; behind: number; delivered_at: string | Date | null; failing_event_id: number | null; attempts: number; last_error: string | null; retry_at: string | Date | null; dead_letters: number }>(db, sql`
    select s.name, s.delivered_at, s.failing_event_id, s.attempts, s.last_error, s.retry_at,
      (select count(*) from (select 1 from outbox_events e where (e.txid, e.id) > (s.cursor_txid, s.cursor_id) limit ${countUpTo}) ahead)::int as behind,
      (select count(*) from event_dead_letters d where d.subscriber = s.name and d.replayed_at is null)::int as dead_letters
    from event_subscribers s order by s.name`);
  return found.map((s) => ({
    name: s.name, behind: s.behind, deliveredAt: iso(s.delivered_at), deadLetters: s.dead_letters,
    failing: s.failing_event_id === null ? null : { eventId: Number(s.failing_event_id), attempts: s.attempts, error: s.last_error ?? '', retryAt: iso(s.retry_at) },
  }));
}

/** Dead letters not yet replayed, newest first. */
export async function deadLetters(db: Db, scope: Scope, { subscriber, limit }: { subscriber?: string; limit: number }) {
  authorize(scope.role, 'operations.manage');
  // The queues are the whole organisation's: a unit's administrator sees none of them.
  if (!scope.isWholeOrganisation) return [];
  const found = await rows<{ id: number; subscriber: string; event_id: number; type: string; entity: string; entity_id: string; attempts: number; error: string; failed_at: string | Date; replay_requested_at: string | Date | null }>(db, sql`
    select d.id, d.subscriber, d.event_id, e.type, e.entity, e.entity_id, d.attempts, d.error, d.failed_at, d.replay_requested_at
    from event_dead_letters d join outbox_events e on e.id = d.event_id
    where d.replayed_at is null ${subscriber ? sql`and d.subscriber = ${subscriber}` : sql``}
    order by d.failed_at desc, d.id desc limit ${limit}`);
  return found.map((d) => ({
    id: Number(d.id), subscriber: d.subscriber, eventId: Number(d.event_id), type: d.type, entity: d.entity, entityId: d.entity_id,
    attempts: d.attempts, error: d.error, failedAt: iso(d.failed_at)!, isReplayRequested: d.replay_requested_at !== null,
  }));
}

/** Asks the dispatcher to deliver a dead letter again (on the subscriber's next batch); audited. */
export async function replayDeadLetter(db: Db, scope: Scope, id: number) {
  authorize(scope.role, 'operations.manage');
  if (!scope.isWholeOrganisation) throw notFound('Dead letter');
  await db.transaction(async (tx) => {
    const [asked] = await rows<{ subscriber: string; event_id: number; error: string }>(tx, sql`
      update event_dead_letters set replay_requested_at = now() where id = ${id} and replayed_at is null returning subscriber, event_id, error`);
    if (!asked) throw notFound('Dead letter');
    await audit(tx, scope, { action: 'dead_letter.replayed', entity: 'dead_letter', entityId: String(id), before: { error: asked.error }, after: { subscriber: asked.subscriber, eventId: Number(asked.event_id) } });
  });
}
