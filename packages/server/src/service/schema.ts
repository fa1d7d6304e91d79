import { sql } from 'drizzle-orm';
import { bigint, foreignKey, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { customers } from '../customers/schema.ts';
import { subscriptions } from '../subscriptions/schema.ts';
import { orgUnits, users } from '../platform/auth/schema.ts';

/**
 * 工单 — a service ticket. It lives in its customer's unit, so the scope that hides another
 * unit's customers hides their tickets, and it moves when the customer moves.
 */
export const tickets = pgTable('tickets', {
  id: uuid('id').primaryKey().defaultRandom(),
  unitId: uuid('unit_id').notNull().references(() => orgUnits.id),
  customerId: uuid('customer_id').notNull().references(() => customers.id),
  subscriptionId: uuid('subscription_id').references(() => subscriptions.id),
  kind: text('kind', { enum: ['fault', 'complaint', 'inquiry'] }).notNull(),
  title: text('title').notNull(),
  description: text('description'),
  category: text('category'),
  priority: text('priority', { enum: ['low', 'normal', 'high', 'urgent'] }).notNull(),
  channel: text('channel', { enum: ['staff', 'phone', 'hotline', 'email', 'sms', 'web', 'chat', 'portal', 'store', 'import', 'system'] }).notNull(),
  status: text('status', { enum: ['new', 'assigned', 'in_progress', 'waiting_on_customer', 'resolved', 'closed'] }).notNull().default('new'),
  assigneeId: uuid('assignee_id').references(() => users.id),
  createdById: uuid('created_by_id').notNull().references(() => users.id),
  /** The ticket this one was a duplicate of (合并工单); it is closed for good. */
  mergedIntoId: uuid('merged_into_id'),
  // The SLA clock (later) sets these; null until then.
  firstResponseDueAt: timestamp('first_response_due_at', { withTimezone: true }),
  resolutionDueAt: timestamp('resolution_due_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  closedAt: timestamp('closed_at', { withTimezone: true }),
}, (t) => [
  foreignKey({ columns: [t.mergedIntoId], foreignColumns: [t.id] }),
  // The queue: a unit's tickets of a status, newest first.
  index('tickets_unit_status_created_idx').on(t.unitId, t.status, t.createdAt, t.id),
  // The whole organisation's queue (an admin's, a province manager's): one status, or every open one, newest first.
  index('tickets_status_created_idx').on(t.status, t.createdAt, t.id),
  index('tickets_open_created_idx').on(t.createdAt, t.id).where(sql`${t.status} in ('new', 'assigned', 'in_progress', 'waiting_on_customer')`),
  index('tickets_assignee_status_idx').on(t.assigneeId, t.status, t.createdAt, t.id).where(sql`${t.assigneeId} is not null`),
  index('tickets_customer_idx').on(t.customerId, t.createdAt),
]);

/** 工单历史 — every change of a ticket, before → after, by whom and when; kept across merges. */
export const ticketHistory = pgTable('ticket_history', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  ticketId: uuid('ticket_id').notNull().references(() => tickets.id),
  actorId: uuid('actor_id'),
  actorName: text('actor_name'),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  change: text('change').notNull(),
  before: jsonb('before').$type<Record<string, unknown>>(),
  after: jsonb('after').$type<Record<string, unknown>>(),
}, (t) => [index('ticket_history_ticket_idx').on(t.ticketId, t.id)]);

/** Internal notes (内部备注, staff only) and replies to the customer (回复) on a ticket. */
export const ticketMessages = pgTable('ticket_messages', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  ticketId: uuid('ticket_id').notNull().references(() => tickets.id),
  /** Where it was written, when it came over from a merged duplicate. */
  fromTicketId: uuid('from_ticket_id').references(() => tickets.id),
  kind: text('kind', { enum: ['note', 'reply'] }).notNull(),
  body: text('body').notNull(),
  authorId: uuid('author_id'),
  authorName: text('author_name'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('ticket_messages_ticket_idx').on(t.ticketId, t.id)]);
