import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { customers } from '../customers/schema.ts';
import { orgUnits } from '../platform/auth/schema.ts';

/**
 * 站点 — a web site of the operator's that sends what its visitors do. It belongs to a unit, like
 * a customer, so a local network sees and manages its own sites only.
 */
export const trackingSites = pgTable('tracking_sites', {
  id: uuid('id').primaryKey().defaultRandom(),
  unitId: uuid('unit_id').notNull().references(() => orgUnits.id),
  name: text('name').notNull(),
  /** Exact origins (https://shop.example.cn) the script may send from; any other Origin is refused. */
  allowedOrigins: text('allowed_origins').array().notNull(),
  /** Random, made by the server; public (it is in the page), so it names the site and proves nothing. */
  siteKey: text('site_key').notNull(),
  /**
   * 身份密钥 — made by the server, known to the site's own server only: it signs `xiang.identify`
   * (HMAC-SHA256), so a page cannot claim to be a customer. Never logged, never in an audit row.
   */
  identitySecret: text('identity_secret').notNull(),
  searchParam: text('search_param').notNull().default('q'),
  consentMode: text('consent_mode', { enum: ['none', 'required'] }).notNull().default('none'),
  isActive: boolean('is_active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('tracking_sites_key_idx').on(t.siteKey),
  index('tracking_sites_unit_idx').on(t.unitId, t.name),
]);

/**
 * 访客 — one browser on one site, known by the first-party cookie's id. Counted as a visitor only
 * when it is no bot; `customerId` is set when the site's server vouches for who it is (`xiang.identify`). The row
 * also carries the session clock: the last event's time and how many sessions it has had.
 */
export const trackingVisitors = pgTable('tracking_visitors', {
  siteId: uuid('site_id').notNull().references(() => trackingSites.id),
  visitorId: text('visitor_id').notNull(),
  customerId: uuid('customer_id').references(() => customers.id),
  firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
  /** Sessions so far; the current one's number. */
  sessions: integer('sessions').notNull().default(0),
}, (t) => [
  primaryKey({ columns: [t.siteId, t.visitorId] }),
  index('tracking_visitors_customer_idx').on(t.customerId).where(sql`${t.customerId} is not null`),
  // The visitors list: a site's visitors last seen most recently first, a page at a time (keyset on both columns).
  index('tracking_visitors_recent_idx').on(t.siteId, t.lastSeenAt.desc(), t.visitorId.desc()),
]);

/**
 * 访问事件 — what the script saw, append-only, partitioned by month of `occurred_at` in the
 * migration (drizzle declares no partitions; migrations/0015_tracking.sql does, by hand). The key
 * starts with the site so the table could be distributed by site (Citus) later. No foreign key:
 * every ingest would pay for checking one, and the site is checked before the batch is written.
 */
export const trackingEvents = pgTable('tracking_events', {
  siteId: uuid('site_id').notNull(),
  eventId: text('event_id').notNull(),
  /** The browser's time corrected by the server's clock; never in the future. */
  occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  /** Null before consent (consent-required sites) or under Do-Not-Track: counted, not identified. */
  visitorId: text('visitor_id'),
  /** The visitor's session this event belongs to (a new one after 30 minutes idle); null without a visitor. */
  sessionNumber: integer('session_number'),
  type: text('type', { enum: ['pageview', 'search', 'click', 'custom'] }).notNull(),
  url: text('url').notNull(),
  referrer: text('referrer'),
  title: text('title'),
  name: text('name'),
  target: text('target'),
  query: text('query'),
  props: jsonb('props'),
  utmSource: text('utm_source'),
  utmMedium: text('utm_medium'),
  utmCampaign: text('utm_campaign'),
  utmTerm: text('utm_term'),
  utmContent: text('utm_content'),
  /** Sent by a crawler (isbot): kept apart, never a visitor. */
  isBot: boolean('is_bot').notNull().default(false),
}, (t) => [
  primaryKey({ columns: [t.siteId, t.eventId, t.occurredAt] }),
  index('tracking_events_visitor_idx').on(t.siteId, t.visitorId, t.occurredAt),
]);

/**
 * Event ids already taken, per site: a retried batch stores nothing twice. Apart from the events
 * because their key must hold the partition's time, and a retry's corrected time may differ from
 * the first try's by the network's jitter. Kept a month (the script gives up on older events).
 */
export const trackingEventReceipts = pgTable('tracking_event_receipts', {
  siteId: uuid('site_id').notNull(),
  eventId: text('event_id').notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.siteId, t.eventId] }),
  index('tracking_event_receipts_received_idx').on(t.receivedAt),
]);
