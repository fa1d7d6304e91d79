import { sql } from 'drizzle-orm';
import { bigint, customType, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const xid8 = customType<{ data: string }>({ dataType: () => 'xid8' });

/**
 * 订阅者 — one row per subscriber registered in code: how far it has read the outbox, in the
 * outbox's (txid, id) order, and the event it is failing on, if any. A dispatcher holds the row
 * locked (FOR UPDATE SKIP LOCKED) while it delivers, so two processes never deliver to the same
 * subscriber at once.
 */
export const eventSubscribers = pgTable('event_subscribers', {
  name: text('name').primaryKey(),
  cursorTxid: xid8('cursor_txid').notNull().default(sql`'0'::xid8`),
  cursorId: bigint('cursor_id', { mode: 'number' }).notNull().default(0),
  /** The event being retried, how often it failed, and when it is tried again. */
  failingEventId: bigint('failing_event_id', { mode: 'number' }),
  attempts: integer('attempts').notNull().default(0),
  retryAt: timestamp('retry_at', { withTimezone: true }),
  lastError: text('last_error'),
  deliveredAt: timestamp('delivered_at', { withTimezone: true }),
});

/**
 * 死信 — an event a subscriber failed on as often as it may: the cursor went past it, and it
 * waits here for an administrator to replay it once its cause is fixed.
 */
export const eventDeadLetters = pgTable('event_dead_letters', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  subscriber: text('subscriber').notNull(),
  eventId: bigint('event_id', { mode: 'number' }).notNull(),
  attempts: integer('attempts').notNull(),
  error: text('error').notNull(),
  failedAt: timestamp('failed_at', { withTimezone: true }).notNull().defaultNow(),
  /** Set by a replay request; the dispatcher delivers it again and clears it. */
  replayRequestedAt: timestamp('replay_requested_at', { withTimezone: true }),
  replayedAt: timestamp('replayed_at', { withTimezone: true }),
}, (t) => [
  uniqueIndex('event_dead_letters_once_idx').on(t.subscriber, t.eventId),
  index('event_dead_letters_waiting_idx').on(t.subscriber, t.id).where(sql`replayed_at is null`),
]);
