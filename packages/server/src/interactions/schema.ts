import { bigint, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { customers } from '../customers/schema.ts';

/**
 * 接触记录 — one timeline for every channel. The textbook's three kinds of customer data:
 * descriptive (who they are), promotional (what we told them), transactional (what they did).
 * Append-only and large: keyed so PostgreSQL can partition by time and Citus distribute by
 * customer.
 */
export const interactions = pgTable('interactions', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  customerId: uuid('customer_id').notNull().references(() => customers.id),
  occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
  kind: text('kind', { enum: ['descriptive', 'promotional', 'transactional'] }).notNull(),
  channel: text('channel').notNull(),
  type: text('type').notNull(),
  actorId: uuid('actor_id'),
  actorName: text('actor_name'),
  summary: text('summary').notNull(),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('interactions_customer_time_idx').on(t.customerId, t.occurredAt, t.id)]);

/** 附件 — voice, images and files on a customer or one of their interactions. */
export const attachments = pgTable('attachments', {
  id: uuid('id').primaryKey().defaultRandom(),
  customerId: uuid('customer_id').notNull().references(() => customers.id),
  interactionId: bigint('interaction_id', { mode: 'number' }).references(() => interactions.id),
  fileName: text('file_name').notNull(),
  /** Sniffed from the bytes, not taken from the browser. */
  mediaType: text('media_type').notNull(),
  sizeBytes: integer('size_bytes').notNull(),
  sha256: text('sha256').notNull(),
  uploadedBy: uuid('uploaded_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('attachments_customer_idx').on(t.customerId), index('attachments_interaction_idx').on(t.interactionId)]);
