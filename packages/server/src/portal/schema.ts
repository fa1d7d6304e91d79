import { index, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { customers } from '../customers/schema.ts';

/**
 * 网上营业厅账号 — a customer's sign-in to the portal: the mobile number on their record, and a
 * password once they set one (the first sign-in is by a code sent to that number). It follows
 * the customer when customers are merged.
 */
export const portalAccounts = pgTable('portal_accounts', {
  phone: text('phone').primaryKey(),
  customerId: uuid('customer_id').notNull().references(() => customers.id),
  passwordHash: text('password_hash'),
  passwordSetAt: timestamp('password_set_at', { withTimezone: true }),
  lastSignedInAt: timestamp('last_signed_in_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('portal_accounts_customer_idx').on(t.customerId)]);

/**
 * 短信验证码 — one-time sign-in codes. Only a hash is stored; a code is good for five minutes,
 * once, and for five tries; a newer code for the number ends the older ones.
 */
export const portalCodes = pgTable('portal_codes', {
  id: uuid('id').primaryKey().defaultRandom(),
  phone: text('phone').notNull(),
  codeHash: text('code_hash').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  tries: smallint('tries').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('portal_codes_phone_idx').on(t.phone, t.createdAt)]);
