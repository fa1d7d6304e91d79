import { sql } from 'drizzle-orm';
import { bigint, customType, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** A transaction id (xid8): readers of the outbox order by it, see outboxEvents.txid. */
const xid8 = customType<{ data: string }>({ dataType: () => 'xid8' });

/** Every change: who, when, what, before → after. Written in the change's own transaction. */
export const auditLog = pgTable('audit_log', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  actorId: uuid('actor_id'),
  actorName: text('actor_name').notNull(),
  /** The unit the changed record belongs to, so managers read their own subtree's trail. */
  unitId: uuid('unit_id'),
  action: text('action').notNull(),
  entity: text('entity').notNull(),
  entityId: text('entity_id').notNull(),
  before: jsonb('before'),
  after: jsonb('after'),
}, (t) => [
  index('audit_entity_idx').on(t.entity, t.entityId, t.at),
  index('audit_at_idx').on(t.at),
  index('audit_actor_idx').on(t.actorId, t.at),
]);

/** Domain events (outbox): automation, the warehouse and webhooks consume them in order. */
export const outboxEvents = pgTable('outbox_events', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  type: text('type').notNull(),
  /** The version of the type's payload this event was written with (shared/src/events.ts). */
  version: integer('version').notNull().default(1),
  entity: text('entity').notNull(),
  entityId: text('entity_id').notNull(),
  unitId: uuid('unit_id'),
  payload: jsonb('payload').notNull(),
  /**
   * The writing transaction. Ids are handed out before commit, so a reader that follows ids
   * alone can pass over an event whose transaction commits late. Readers instead take events
   * ordered by (txid, id) and only those of transactions older than every one of this database still running
   * (events/horizon.ts): nothing can appear behind their cursor.
   */
  txid: xid8('txid').notNull().default(sql`pg_current_xact_id()`),
}, (t) => [index('outbox_type_idx').on(t.type, t.id), index('outbox_txid_idx').on(t.txid, t.id)]);
