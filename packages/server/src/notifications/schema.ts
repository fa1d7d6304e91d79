import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { customers } from '../customers/schema.ts';
import { orgUnits, users } from '../platform/auth/schema.ts';

/**
 * 消息模板 — the words of a message, in Chinese and in English, with fields such as
 * {{customer.name}} filled in per customer. Service messages (a bill, a reminder) go to anyone;
 * promotional ones only to customers who agreed, outside quiet hours, within the cap.
 */
export const messageTemplates = pgTable('message_templates', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** The unit that owns it; everyone below sees and uses it. */
  unitId: uuid('unit_id').notNull().references(() => orgUnits.id),
  name: text('name').notNull(),
  channel: text('channel', { enum: ['email', 'sms'] }).notNull(),
  kind: text('kind', { enum: ['service', 'promotional'] }).notNull(),
  /** { 'zh-CN': { subject, body }, en: { subject, body } }; a subject only for e-mail. */
  texts: jsonb('texts').$type<Record<'zh-CN' | 'en', { subject?: string; body: string }>>().notNull(),
  isArchived: boolean('is_archived').notNull().default(false),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** 营销许可 — whether a customer agreed to promotional messages on a channel, and who said so when. */
export const customerConsents = pgTable('customer_consents', {
  customerId: uuid('customer_id').notNull().references(() => customers.id),
  channel: text('channel', { enum: ['email', 'sms'] }).notNull(),
  isGranted: boolean('is_granted').notNull(),
  /** Where the answer came from: staff on the phone, the portal, an import. */
  source: text('source').notNull(),
  changedBy: uuid('changed_by').references(() => users.id),
  changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.customerId, t.channel] })]);

/**
 * 通知方式 — the channel a customer chose for news of their tickets and services (the portal, or
 * staff on their word). Without a choice, e-mail where an address is on file, else SMS.
 */
export const customerNoticeChannels = pgTable('customer_notice_channels', {
  customerId: uuid('customer_id').primaryKey().references(() => customers.id),
  channel: text('channel', { enum: ['email', 'sms'] }).notNull(),
  source: text('source').notNull(),
  changedBy: uuid('changed_by').references(() => users.id),
  changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
});

/** 外发消息 — one message to one customer, from queued to sent, failed or bounced. */
export const outboundMessages = pgTable('outbound_messages', {
  id: uuid('id').primaryKey().defaultRandom(),
  customerId: uuid('customer_id').notNull().references(() => customers.id),
  unitId: uuid('unit_id').notNull().references(() => orgUnits.id),
  channel: text('channel', { enum: ['email', 'sms'] }).notNull(),
  kind: text('kind', { enum: ['service', 'promotional'] }).notNull(),
  templateId: uuid('template_id').references(() => messageTemplates.id),
  language: text('language', { enum: ['zh-CN', 'en'] }).notNull(),
  toAddress: text('to_address').notNull(),
  subject: text('subject'),
  body: text('body').notNull(),
  status: text('status', { enum: ['queued', 'sent', 'failed', 'bounced'] }).notNull().default('queued'),
  /** Not before this time: the end of quiet hours for a promotional message. */
  sendAfter: timestamp('send_after', { withTimezone: true }).notNull().defaultNow(),
  attempts: integer('attempts').notNull().default(0),
  error: text('error'),
  /** The gateway's id of the message (an e-mail's Message-ID), to match bounces. */
  providerId: text('provider_id'),
  sentBy: uuid('sent_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  sentAt: timestamp('sent_at', { withTimezone: true }),
}, (t) => [
  index('outbound_due_idx').on(t.sendAfter).where(sql`${t.status} = 'queued'`),
  index('outbound_customer_idx').on(t.customerId, t.createdAt),
]);
