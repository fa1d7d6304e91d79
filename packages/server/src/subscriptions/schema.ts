import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { customers } from '../customers/schema.ts';
import { users } from '../platform/auth/schema.ts';

/** 产品 — what the operator sells: plans, broadband, IPTV, fixed line, value-added services. */
export const products = pgTable('products', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  category: text('category', { enum: ['mobile', 'broadband', 'iptv', 'fixed_line', 'value_added'] }).notNull(),
  /** Money is integer fen (分). */
  monthlyFeeFen: integer('monthly_fee_fen').notNull(),
  isOnSale: integer('is_on_sale').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** 在用业务 — a customer's service: a number, a broadband account, an IPTV box. */
export const subscriptions = pgTable('subscriptions', {
  id: uuid('id').primaryKey().defaultRandom(),
  customerId: uuid('customer_id').notNull().references(() => customers.id),
  productId: uuid('product_id').notNull().references(() => products.id),
  /** The service number: an E.164 phone number or an account id. */
  serviceNumber: text('service_number').notNull(),
  status: text('status', { enum: ['active', 'suspended', 'terminated'] }).notNull().default('active'),
  startDate: date('start_date').notNull(),
  endDate: date('end_date'),
  monthlyFeeFen: integer('monthly_fee_fen').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('subscriptions_customer_idx').on(t.customerId), index('subscriptions_number_idx').on(t.serviceNumber)]);

/** 账单 — one bill per customer per month. */
export const bills = pgTable('bills', {
  id: uuid('id').primaryKey().defaultRandom(),
  customerId: uuid('customer_id').notNull().references(() => customers.id),
  /** Billing month, YYYY-MM. */
  period: text('period').notNull(),
  amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
  paidFen: bigint('paid_fen', { mode: 'number' }).notNull().default(0),
  dueDate: date('due_date').notNull(),
  status: text('status', { enum: ['open', 'paid', 'overdue'] }).notNull().default('open'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('bills_customer_period_idx').on(t.customerId, t.period)]);

/** 缴费 — payments against bills. */
export const payments = pgTable('payments', {
  id: uuid('id').primaryKey().defaultRandom(),
  customerId: uuid('customer_id').notNull().references(() => customers.id),
  billId: uuid('bill_id').references(() => bills.id),
  amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
  method: text('method', { enum: ['cash', 'bank', 'alipay', 'wechat', 'card', 'recharge_card'] }).notNull(),
  paidAt: timestamp('paid_at', { withTimezone: true }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('payments_customer_idx').on(t.customerId, t.paidAt)]);

/**
 * 积分 — the customer's points, as a ledger: earned on paid bills, spent on redemptions, adjusted
 * by staff with a reason. The balance is the sum; an entry is never changed, only answered by another.
 */
export const pointsEntries = pgTable('points_entries', {
  id: uuid('id').primaryKey().defaultRandom(),
  customerId: uuid('customer_id').notNull().references(() => customers.id),
  /** Signed: earned points are positive, spent or expired ones negative. */
  points: integer('points').notNull(),
  reason: text('reason', { enum: ['bill_paid', 'redeemed', 'adjusted', 'expired'] }).notNull(),
  billId: uuid('bill_id').references(() => bills.id),
  note: text('note'),
  occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
  createdBy: uuid('created_by').references(() => users.id),
}, (t) => [
  index('points_entries_customer_idx').on(t.customerId, t.occurredAt),
  // A bill earns its points once.
  uniqueIndex('points_entries_bill_idx').on(t.billId).where(sql`${t.reason} = 'bill_paid'`),
  check('points_entries_not_zero', sql`${t.points} <> 0`),
]);
