import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** 组织 — group → province → local network (本地网) → team. */
export const orgUnits = pgTable('org_units', {
  id: uuid('id').primaryKey().defaultRandom(),
  parentId: uuid('parent_id'),
  level: text('level', { enum: ['group', 'province', 'local_network', 'team'] }).notNull(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  nameEn: text('name_en'),
  /** Materialised path of ids ("/root/…/self/"): a subtree is one prefix match. */
  path: text('path').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('org_units_path_idx').on(sql`${t.path} text_pattern_ops`), index('org_units_parent_idx').on(t.parentId)]);

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  unitId: uuid('unit_id').notNull().references(() => orgUnits.id),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  email: text('email'),
  phone: text('phone'),
  role: text('role', {
    enum: ['admin', 'manager', 'account_manager', 'sales', 'marketing', 'service_agent', 'analyst'],
  }).notNull(),
  passwordHash: text('password_hash').notNull(),
  isDisabled: boolean('is_disabled').notNull().default(false),
  mustChangePassword: boolean('must_change_password').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('users_unit_idx').on(t.unitId)]);

/** A signed-in browser. The cookie holds a random secret; only its hash is stored. */
export const sessions = pgTable('sessions', {
  id: text('id').primaryKey(),
  userId: uuid('user_id').notNull().references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
}, (t) => [index('sessions_user_idx').on(t.userId)]);

/** Bearer tokens for integrations (ERP, billing); they act as the user who made them. */
export const apiTokens = pgTable('api_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  /** The first characters, shown in lists so a person can tell tokens apart. */
  prefix: text('prefix').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
}, (t) => [index('api_tokens_user_idx').on(t.userId)]);

/**
 * A customer signed in to the self-service portal (网上营业厅): a session of its own, never a
 * staff one, so no portal cookie opens the console and no staff cookie opens the portal. The
 * customer module's id is kept without a foreign key (the platform knows no module's tables);
 * the portal moves or ends these when customers are merged.
 */
export const customerSessions = pgTable('customer_sessions', {
  id: text('id').primaryKey(),
  customerId: uuid('customer_id').notNull(),
  /** The number they signed in with (E.164). */
  phone: text('phone').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
}, (t) => [index('customer_sessions_customer_idx').on(t.customerId)]);
