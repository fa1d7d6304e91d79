import { sql } from 'drizzle-orm';
import {
  boolean, date, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';
import { orgUnits, users } from '../platform/auth/schema.ts';

/** 客户 — the centre of everything. Individuals and enterprises share one table. */
export const customers = pgTable('customers', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** 客户编号 — the number staff read out on the phone. */
  number: text('number').notNull().unique(),
  kind: text('kind', { enum: ['individual', 'enterprise'] }).notNull(),
  name: text('name').notNull(),
  /** Every 1–3 character substring of the name: Chinese fragment search through one GIN index. */
  nameGrams: text('name_grams').array().notNull(),
  /** 拼音排序键 — the name in pinyin order (name-sort.ts); null only until the start-up backfill. */
  nameSort: text('name_sort'),
  tier: text('tier', { enum: ['key', 'regular'] }).notNull().default('regular'),
  status: text('status', { enum: ['active', 'archived', 'merged'] }).notNull().default('active'),
  unitId: uuid('unit_id').notNull().references(() => orgUnits.id),
  ownerId: uuid('owner_id').references(() => users.id),
  gender: text('gender', { enum: ['male', 'female'] }),
  birthDate: date('birth_date'),
  /** 入网日期 — a customer since before this system knew them (an import's join date); null when unknown. */
  customerSince: date('customer_since'),
  industry: text('industry'),
  address: text('address'),
  note: text('note'),
  tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
  /** Custom attributes an operator adds without a migration. */
  attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default({}),
  /** The import that created this customer, so an import can be undone. */
  importId: uuid('import_id'),
  mergedIntoId: uuid('merged_into_id'),
  // Millisecond precision: list cursors carry the value through JavaScript dates exactly.
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  archivedAt: timestamp('archived_at', { withTimezone: true }),
}, (t) => [
  index('customers_unit_created_idx').on(t.unitId, t.createdAt),
  // The filtered list's commonest question: a unit's key accounts, newest first.
  index('customers_unit_tier_created_idx').on(t.unitId, t.tier, t.createdAt, t.id),
  index('customers_owner_idx').on(t.ownerId, t.createdAt),
  index('customers_created_idx').on(t.createdAt),
  index('customers_name_grams_idx').using('gin', t.nameGrams),
  // The name-sorted list's keyset order (name_sort, id), read from the index in both directions.
  index('customers_name_sort_idx').on(t.nameSort, t.id),
  index('customers_name_sort_missing_idx').on(t.id).where(sql`${t.nameSort} is null`),
  index('customers_tags_idx').using('gin', t.tags),
  index('customers_import_idx').on(t.importId),
]);

/** 联系人 — people at an enterprise customer; decision makers are marked. */
export const contacts = pgTable('contacts', {
  id: uuid('id').primaryKey().defaultRandom(),
  customerId: uuid('customer_id').notNull().references(() => customers.id),
  name: text('name').notNull(),
  title: text('title'),
  phone: text('phone'),
  email: text('email'),
  isDecisionMaker: boolean('is_decision_maker').notNull().default(false),
  note: text('note'),
  archivedAt: timestamp('archived_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('contacts_customer_idx').on(t.customerId)]);

export const identityKinds = ['phone', 'email', 'id_number', 'credit_code', 'member_id', 'cookie_id', 'wechat'] as const;

/**
 * How the outside world names a customer: phone number (E.164), e-mail, ID number, member id,
 * cookie … Each value belongs to one customer, so a lookup by any of them is one index probe.
 */
export const identities = pgTable('identities', {
  id: uuid('id').primaryKey().defaultRandom(),
  customerId: uuid('customer_id').notNull().references(() => customers.id),
  kind: text('kind', { enum: identityKinds }).notNull(),
  value: text('value').notNull(),
  isPrimary: boolean('is_primary').notNull().default(false),
  source: text('source').notNull().default('staff'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('identities_kind_value_uq').on(t.kind, t.value),
  index('identities_customer_idx').on(t.customerId),
  // Fragment search looks into phone and ID numbers only; other kinds need no trigram upkeep.
  index('identities_value_trgm_idx').using('gin', sql`${t.value} gin_trgm_ops`).where(sql`${t.kind} in ('phone', 'id_number')`),
]);

/** 客户合并 — what moved from the merged customer to the survivor, kept for audit. */
export const customerMerges = pgTable('customer_merges', {
  id: uuid('id').primaryKey().defaultRandom(),
  survivorId: uuid('survivor_id').notNull().references(() => customers.id),
  mergedId: uuid('merged_id').notNull().references(() => customers.id),
  actorId: uuid('actor_id'),
  moved: jsonb('moved').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('customer_merges_survivor_idx').on(t.survivorId)]);

