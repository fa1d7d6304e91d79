import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { channelKinds, transactionKinds } from '@xiang/shared/codes/channels';
import { customers } from '../customers/schema.ts';
import { orgUnits } from '../platform/auth/schema.ts';


/**
 * 渠道 — an electronic channel (or an outlet) of a unit's whose systems post their transactions.
 * It belongs to a unit, like a customer, so a local network sees and manages its own channels only.
 */
export const channels = pgTable('channels', {
  id: uuid('id').primaryKey().defaultRandom(),
  unitId: uuid('unit_id').notNull().references(() => orgUnits.id),
  code: text('code').notNull(),
  name: text('name').notNull(),
  kind: text('kind', { enum: channelKinds }).notNull(),
  isActive: boolean('is_active').notNull().default(true),
  /** SHA-256 of the intake token; the token itself is shown once and never stored or logged. */
  tokenHash: text('token_hash').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('channels_code_idx').on(t.code),
  uniqueIndex('channels_token_idx').on(t.tokenHash),
  index('channels_unit_idx').on(t.unitId, t.name),
]);

/**
 * 渠道交易 — what a channel's system reported, exactly as it was accepted: one row per (channel,
 * transaction id), so a resent transaction is known by its id and its content hash.
 */
export const channelTransactions = pgTable('channel_transactions', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  channelId: uuid('channel_id').notNull().references(() => channels.id),
  transactionId: text('transaction_id').notNull(),
  /** Null when no customer of the channel's units holds the phone or member id given. */
  customerId: uuid('customer_id').references(() => customers.id),
  kind: text('kind', { enum: transactionKinds }).notNull(),
  status: text('status', { enum: ['succeeded', 'failed'] }).notNull(),
  reason: text('reason'),
  amountFen: bigint('amount_fen', { mode: 'number' }),
  /** The customer as the channel named them, so the content hash and a later match can be checked. */
  phone: text('phone'),
  memberId: text('member_id'),
  occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  attributes: jsonb('attributes').notNull().default(sql`'{}'::jsonb`),
  contentHash: text('content_hash').notNull(),
}, (t) => [
  uniqueIndex('channel_transactions_id_idx').on(t.channelId, t.transactionId),
  index('channel_transactions_latest_idx').on(t.channelId, t.occurredAt, t.id),
  index('channel_transactions_customer_idx').on(t.customerId).where(sql`${t.customerId} is not null`),
]);
