import { bigint, date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { customers } from '../customers/schema.ts';

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
