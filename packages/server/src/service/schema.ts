import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, doublePrecision, foreignKey, index, integer, jsonb, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { customers } from '../customers/schema.ts';
import { products, subscriptions } from '../subscriptions/schema.ts';
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
  /** The colleague who took it; null when the customer opened it themself (网上营业厅). */
  createdById: uuid('created_by_id').references(() => users.id),
  /** The ticket this one was a duplicate of (合并工单); it is closed for good. */
  mergedIntoId: uuid('merged_into_id'),
  // The SLA clock (服务时限): the policy that applied when the ticket was opened or its priority
  // changed, and the due times it gives. Null where no policy applies.
  slaPolicyId: uuid('sla_policy_id').references(() => slaPolicies.id),
  firstResponseDueAt: timestamp('first_response_due_at', { withTimezone: true }),
  /** The first reply to the customer (or the resolution, if that came first). */
  firstRespondedAt: timestamp('first_responded_at', { withTimezone: true }),
  /** Once the customer has answered a ticket that waited on them, the next reply is due by this. */
  nextResponseDueAt: timestamp('next_response_due_at', { withTimezone: true }),
  resolutionWarnAt: timestamp('resolution_warn_at', { withTimezone: true }),
  resolutionDueAt: timestamp('resolution_due_at', { withTimezone: true }),
  resolutionEscalateAt: timestamp('resolution_escalate_at', { withTimezone: true }),
  /** While waiting on the customer the resolution clock stands still; the minutes it stood are added back. */
  slaPausedAt: timestamp('sla_paused_at', { withTimezone: true }),
  slaPausedMinutes: doublePrecision('sla_paused_minutes').notNull().default(0),
  /** The warnings and escalations already sent, so a sweep sends each once. */
  slaAlerts: text('sla_alerts').array().notNull().default(sql`'{}'::text[]`),
  /** What the clock waits for next (the first response, the next one, or the resolution): the queue's "soonest due" order; null while it stands. */
  slaDueAt: timestamp('sla_due_at', { withTimezone: true }),
  /** The next moment the SLA sweep has something to send for this ticket; null when nothing is left. */
  slaNextAt: timestamp('sla_next_at', { withTimezone: true }),
  /** Files the customer sent with it (a photo of the modem's lights): the customer's attachments (interactions/). */
  attachmentIds: uuid('attachment_ids').array().notNull().default(sql`'{}'::uuid[]`),
  /** 满意度 — the customer's rating of the resolution, 1 (poor) to 5 (very good), once. */
  satisfaction: smallint('satisfaction'),
  satisfactionComment: text('satisfaction_comment'),
  ratedAt: timestamp('rated_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  closedAt: timestamp('closed_at', { withTimezone: true }),
}, (t) => [
  foreignKey({ columns: [t.mergedIntoId], foreignColumns: [t.id] }),
  check('tickets_satisfaction_range', sql`${t.satisfaction} between 1 and 5`),
  // The queue: a unit's tickets of a status, newest first.
  index('tickets_unit_status_created_idx').on(t.unitId, t.status, t.createdAt, t.id),
  // The whole organisation's queue (an admin's, a province manager's): one status, or every open one, newest first.
  index('tickets_status_created_idx').on(t.status, t.createdAt, t.id),
  index('tickets_open_created_idx').on(t.createdAt, t.id).where(sql`${t.status} in ('new', 'assigned', 'in_progress', 'waiting_on_customer')`),
  index('tickets_assignee_status_idx').on(t.assigneeId, t.status, t.createdAt, t.id).where(sql`${t.assigneeId} is not null`),
  index('tickets_customer_idx').on(t.customerId, t.createdAt),
  // 服务档案: one service's whole history, newest first (a number's tickets across the customers who held it).
  index('tickets_subscription_idx').on(t.subscriptionId, t.createdAt, t.id).where(sql`${t.subscriptionId} is not null`),
  // The queue by soonest due: a unit's, and the whole organisation's; only running clocks.
  index('tickets_unit_sla_due_idx').on(t.unitId, t.slaDueAt, t.id).where(sql`${t.slaDueAt} is not null`),
  index('tickets_sla_due_idx').on(t.slaDueAt, t.id).where(sql`${t.slaDueAt} is not null`),
  // The SLA sweep reads only the tickets with something due by now.
  index('tickets_sla_next_idx').on(t.slaNextAt).where(sql`${t.slaNextAt} is not null`),
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

/** Internal notes (内部备注, staff only), replies to the customer (回复), and what the customer wrote (客户留言, from the portal). */
export const ticketMessages = pgTable('ticket_messages', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  ticketId: uuid('ticket_id').notNull().references(() => tickets.id),
  /** Where it was written, when it came over from a merged duplicate. */
  fromTicketId: uuid('from_ticket_id').references(() => tickets.id),
  kind: text('kind', { enum: ['note', 'reply', 'customer'] }).notNull(),
  body: text('body').notNull(),
  attachmentIds: uuid('attachment_ids').array().notNull().default(sql`'{}'::uuid[]`),
  authorId: uuid('author_id'),
  authorName: text('author_name'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('ticket_messages_ticket_idx').on(t.ticketId, t.id)]);

/**
 * 服务时限 (SLA) — how soon a ticket of a priority must be answered and resolved, for every
 * customer, a tier's, a product's, or one customer's (服务合同, their service contract). The
 * most specific active policy applies: the customer's (for the product, then for all their
 * services), then product and tier, then product, then tier, then every customer.
 */
export const slaPolicies = pgTable('sla_policies', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  priority: text('priority', { enum: ['low', 'normal', 'high', 'urgent'] }).notNull(),
  customerTier: text('customer_tier', { enum: ['key', 'regular'] }),
  productId: uuid('product_id').references(() => products.id),
  /** A service contract: the terms agreed with this one customer. */
  customerId: uuid('customer_id').references(() => customers.id),
  firstResponseMinutes: integer('first_response_minutes').notNull(),
  nextResponseMinutes: integer('next_response_minutes').notNull(),
  resolutionMinutes: integer('resolution_minutes').notNull(),
  /** Business hours on the working calendar, or every minute (urgent faults, 7×24). */
  clock: text('clock', { enum: ['business', 'around_the_clock'] }).notNull(),
  isActive: boolean('is_active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  // One policy for each priority and reach: two would leave the choice to chance.
  uniqueIndex('sla_policies_reach_idx').on(t.priority, sql`coalesce(${t.customerTier}, '')`, sql`coalesce(${t.productId}, '00000000-0000-0000-0000-000000000000'::uuid)`, sql`coalesce(${t.customerId}, '00000000-0000-0000-0000-000000000000'::uuid)`),
  index('sla_policies_customer_idx').on(t.customerId).where(sql`${t.customerId} is not null`),
]);

/** 工作时间 — the operator's working hours (one row): when the business clock runs on a working day. */
export const workingHours = pgTable('working_hours', {
  id: smallint('id').primaryKey().default(1),
  /** Minutes after local midnight. */
  opensAt: integer('opens_at').notNull().default(540),
  closesAt: integer('closes_at').notNull().default(1080),
  /** ISO weekdays worked when the calendar says nothing else (1 = Monday). */
  weekdays: smallint('weekdays').array().notNull().default(sql`'{1,2,3,4,5}'::smallint[]`),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** 节假日与调休 — public holidays and make-up working days, set year by year. */
export const calendarDays = pgTable('calendar_days', {
  day: date('day', { mode: 'string' }).primaryKey(),
  kind: text('kind', { enum: ['holiday', 'workday'] }).notNull(),
  name: text('name').notNull(),
});
