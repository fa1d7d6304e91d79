import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { customers } from '../customers/schema.ts';
import { orgUnits, users } from '../platform/auth/schema.ts';

/**
 * 待办 — a staff member's task, often about one customer. It lives in the customer's unit (or,
 * without a customer, its assignee's), so the same scope that hides another unit's customers
 * hides their tasks; it moves when the customer moves.
 */
export const tasks = pgTable('tasks', {
  id: uuid('id').primaryKey().defaultRandom(),
  unitId: uuid('unit_id').notNull().references(() => orgUnits.id),
  customerId: uuid('customer_id').references(() => customers.id),
  title: text('title').notNull(),
  note: text('note'),
  dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
  remindAt: timestamp('remind_at', { withTimezone: true }),
  /** When the assignee put the reminder away; a new reminder time brings it back. */
  reminderDismissedAt: timestamp('reminder_dismissed_at', { withTimezone: true }),
  /** When the reminder went to the assignee by e-mail; a new reminder time sends it again. */
  reminderEmailedAt: timestamp('reminder_emailed_at', { withTimezone: true }),
  priority: text('priority', { enum: ['low', 'normal', 'high', 'urgent'] }).notNull().default('normal'),
  status: text('status', { enum: ['open', 'done', 'cancelled'] }).notNull().default('open'),
  source: text('source', { enum: ['manual', 'retention', 'dunning', 'sla', 'automation'] }).notNull().default('manual'),
  assigneeId: uuid('assignee_id').notNull().references(() => users.id),
  createdById: uuid('created_by_id').notNull().references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  completedAt: timestamp('completed_at', { withTimezone: true }),
}, (t) => [
  // "My open tasks by due time" is what every home page asks.
  index('tasks_assignee_open_idx').on(t.assigneeId, t.dueAt, t.id).where(sql`${t.status} = 'open'`),
  index('tasks_customer_idx').on(t.customerId, t.dueAt),
  index('tasks_unit_due_idx').on(t.unitId, t.status, t.dueAt, t.id),
  // Reminders still to e-mail: few at any time, found without reading the table.
  index('tasks_reminder_due_idx').on(t.remindAt).where(sql`${t.status} = 'open' and ${t.reminderEmailedAt} is null`),
]);
