import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { AnswerValue, Question } from '@xiang/shared';
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
  /**
   * The days (in the operator's zone, as days since 1970-01-01) with an event of this visitor, in
   * order, and the current session's first event and count: what ingest needs to keep the report
   * rollups exact (`rollups.ts`) without reading the events again.
   */
  activeDays: integer('active_days').array().notNull().default(sql`'{}'`),
  sessionStartedAt: timestamp('session_started_at', { withTimezone: true }),
  sessionEvents: integer('session_events').notNull().default(0),
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

/**
 * 网上订单 — an order a site's server posted: one per order number and site. The customer it belongs
 * to is its scope (another unit's customer's orders are not seen). `contentHash` is the SHA-256 of
 * the order as first posted, so a retry is told from a different order under the same number.
 */
export const trackingOrders = pgTable('tracking_orders', {
  id: uuid('id').primaryKey().defaultRandom(),
  siteId: uuid('site_id').notNull().references(() => trackingSites.id),
  orderNumber: text('order_number').notNull(),
  customerId: uuid('customer_id').notNull().references(() => customers.id),
  contentHash: text('content_hash').notNull(),
  /** In fen (分), the items' sum. */
  total: bigint('total', { mode: 'number' }).notNull(),
  currency: text('currency', { enum: ['CNY', 'HKD', 'MOP', 'USD'] }).notNull(),
  paymentMethod: text('payment_method', { enum: ['alipay', 'wechat_pay', 'unionpay', 'bank_card', 'cash_on_delivery', 'points', 'other'] }).notNull(),
  isPaid: boolean('is_paid').notNull(),
  orderedAt: timestamp('ordered_at', { withTimezone: true }).notNull(),
  shippingAddress: jsonb('shipping_address'),
  visitorId: text('visitor_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('tracking_orders_number_idx').on(t.siteId, t.orderNumber),
  index('tracking_orders_customer_idx').on(t.customerId, t.orderedAt),
]);

/** 订单明细 — the order's lines, in the order the site gave them. */
export const trackingOrderItems = pgTable('tracking_order_items', {
  orderId: uuid('order_id').notNull().references(() => trackingOrders.id),
  line: integer('line').notNull(),
  productCode: text('product_code').notNull(),
  productName: text('product_name').notNull(),
  quantity: integer('quantity').notNull(),
  /** In fen (分). */
  unitPrice: bigint('unit_price', { mode: 'number' }).notNull(),
}, (t) => [primaryKey({ columns: [t.orderId, t.line] })]);

/**
 * 网上注册线索 — a registration a page's form sent without its server's word: kept for staff as a
 * lead, never joined to a customer, since the browser can claim anyone's phone.
 */
export const trackingRegistrationLeads = pgTable('tracking_registration_leads', {
  id: uuid('id').primaryKey().defaultRandom(),
  siteId: uuid('site_id').notNull().references(() => trackingSites.id),
  visitorId: text('visitor_id'),
  name: text('name'),
  phone: text('phone'),
  email: text('email'),
  memberId: text('member_id'),
  consents: jsonb('consents'),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('tracking_registration_leads_site_idx').on(t.siteId, t.receivedAt)]);

/**
 * 问卷 — a survey of one site. Its unit is the site's, copied so the scope reads it without a join
 * (a site never changes unit). The questions are one JSON value: they are read and written whole,
 * and once the survey has a response they no longer change (surveys.ts refuses).
 */
export const trackingSurveys = pgTable('tracking_surveys', {
  id: uuid('id').primaryKey().defaultRandom(),
  siteId: uuid('site_id').notNull().references(() => trackingSites.id),
  unitId: uuid('unit_id').notNull().references(() => orgUnits.id),
  /** Random, made by the server; public (in the link and the page), so it names the survey and proves nothing. */
  key: text('key').notNull(),
  status: text('status', { enum: ['draft', 'open', 'closed'] }).notNull().default('draft'),
  title: text('title').notNull(),
  intro: text('intro').notNull().default(''),
  thanks: text('thanks').notNull().default(''),
  questions: jsonb('questions').$type<Question[]>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  openedAt: timestamp('opened_at', { withTimezone: true }),
  closedAt: timestamp('closed_at', { withTimezone: true }),
}, (t) => [
  uniqueIndex('tracking_surveys_key_idx').on(t.key),
  index('tracking_surveys_site_idx').on(t.siteId, t.createdAt),
  index('tracking_surveys_unit_idx').on(t.unitId),
]);

/**
 * 答卷 — one submission: the answers by question id, the site's visitor when the page had one,
 * and the customer that visitor was known to be when it answered (read from the visitor's link,
 * never from the browser). Unique by the page's submission id, so a retry is stored once.
 */
export const trackingSurveyResponses = pgTable('tracking_survey_responses', {
  id: uuid('id').primaryKey().defaultRandom(),
  surveyId: uuid('survey_id').notNull().references(() => trackingSurveys.id),
  submissionId: text('submission_id').notNull(),
  visitorId: text('visitor_id'),
  customerId: uuid('customer_id').references(() => customers.id),
  answers: jsonb('answers').$type<Record<string, AnswerValue>>().notNull(),
  submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('tracking_survey_responses_submission_idx').on(t.surveyId, t.submissionId),
  index('tracking_survey_responses_time_idx').on(t.surveyId, t.submittedAt, t.id),
  index('tracking_survey_responses_customer_idx').on(t.customerId).where(sql`${t.customerId} is not null`),
]);

/*
 * 报表汇总 — the reports' rollups, kept by ingest in the flush that stores the events (and built
 * again from the events by `rollup-build.ts` when the operator's zone changes or a writer other
 * than ingest wrote events). Each row is split by `shard`, chosen per flush, so the concurrent
 * flushes of one site do not queue on one row; a report sums the shards.
 */

/** A site's day: page views, and the sessions that began that day with their bounces and length. */
export const trackingDaily = pgTable('tracking_daily', {
  siteId: uuid('site_id').notNull(),
  day: date('day', { mode: 'string' }).notNull(),
  shard: smallint('shard').notNull(),
  pageViews: integer('page_views').notNull().default(0),
  sessions: integer('sessions').notNull().default(0),
  bounces: integer('bounces').notNull().default(0),
  sessionMs: bigint('session_ms', { mode: 'number' }).notNull().default(0),
}, (t) => [primaryKey({ columns: [t.siteId, t.day, t.shard] })]);

/**
 * The visitors of a day by how many days before they were last seen (`gap`; 0 for never within
 * the longest report's span): the distinct visitors of any period are the visitors of its days
 * whose gap reaches back past its first day, a sum of rows instead of a count over the events.
 */
export const trackingDailyVisitors = pgTable('tracking_daily_visitors', {
  siteId: uuid('site_id').notNull(),
  day: date('day', { mode: 'string' }).notNull(),
  gap: smallint('gap').notNull(),
  shard: smallint('shard').notNull(),
  visitors: integer('visitors').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.siteId, t.day, t.gap, t.shard] })]);

/**
 * 留存 — visitors by their first day (`cohort`) and a later day or (Monday) week they came back in;
 * `firstDay` is the first day of that week they were seen, so a period ending mid-week counts only
 * the visits up to its end. A day's row has `bucket` = `firstDay`; the cohort's own day is its size.
 */
export const trackingRetention = pgTable('tracking_retention', {
  siteId: uuid('site_id').notNull(),
  by: text('by', { enum: ['day', 'week'] }).notNull(),
  cohort: date('cohort', { mode: 'string' }).notNull(),
  bucket: date('bucket', { mode: 'string' }).notNull(),
  firstDay: date('first_day', { mode: 'string' }).notNull(),
  shard: smallint('shard').notNull(),
  visitors: integer('visitors').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.siteId, t.by, t.cohort, t.bucket, t.firstDay, t.shard] })]);

/** Which zone a site's rollups count days in; without a row (or in another zone) they are built again first. */
export const trackingRollups = pgTable('tracking_rollups', {
  siteId: uuid('site_id').primaryKey().references(() => trackingSites.id),
  timeZone: text('time_zone').notNull(),
  builtAt: timestamp('built_at', { withTimezone: true }).notNull().defaultNow(),
});
