import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { customers } from '../customers/schema.ts';
import { tickets } from '../service/schema.ts';
import { orgUnits, users } from '../platform/auth/schema.ts';

/**
 * 热线通话 — one call of the 7×24 call centre. It lives in its customer's unit when the number
 * matched one (and moves with the customer, as tickets do), else in the unit it was filed for, so
 * the scope that hides another unit's customers hides their calls.
 */
export const hotlineCalls = pgTable('hotline_calls', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** The unit the call centre filed it for: with its own call id, what makes a repeated post the same call. */
  filedUnitId: uuid('filed_unit_id').notNull().references(() => orgUnits.id),
  callId: text('call_id').notNull(),
  unitId: uuid('unit_id').notNull().references(() => orgUnits.id),
  customerId: uuid('customer_id').references(() => customers.id),
  /** As the switch gave it; the match is on its E.164 form. */
  number: text('number').notNull(),
  direction: text('direction', { enum: ['inbound', 'outbound'] }).notNull(),
  outcome: text('outcome', { enum: ['resolved', 'callback', 'transferred', 'abandoned', 'ticket'] }).notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  durationSeconds: integer('duration_seconds').notNull(),
  agentId: uuid('agent_id').references(() => users.id),
  recording: text('recording'),
  note: text('note'),
  ticketId: uuid('ticket_id').references(() => tickets.id),
  postedById: uuid('posted_by_id').notNull().references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('hotline_calls_call_id_idx').on(t.filedUnitId, t.callId),
  index('hotline_calls_unit_time_idx').on(t.unitId, t.startedAt, t.id),
  index('hotline_calls_customer_idx').on(t.customerId),
]);

/**
 * 投诉信箱 — one e-mail received at the complaint mailbox. Text only: an HTML body is turned into
 * text on arrival. Attachments' bytes are in the blob store (by SHA-256), their names and sizes
 * here. Unmatched mail lives in the top unit, which only the whole organisation sees.
 */
export const mailboxMessages = pgTable('mailbox_messages', {
  id: uuid('id').primaryKey().defaultRandom(),
  messageId: text('message_id').notNull().unique(),
  fromAddress: text('from_address').notNull(),
  subject: text('subject').notNull(),
  text: text('text').notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  unitId: uuid('unit_id').notNull().references(() => orgUnits.id),
  customerId: uuid('customer_id').references(() => customers.id),
  attachments: jsonb('attachments').$type<{ fileName: string; mediaType: string; sizeBytes: number; sha256: string }[]>().notNull().default([]),
  ticketId: uuid('ticket_id').references(() => tickets.id),
}, (t) => [
  index('mailbox_messages_unit_time_idx').on(t.unitId, t.receivedAt, t.id),
  index('mailbox_messages_customer_idx').on(t.customerId),
]);
