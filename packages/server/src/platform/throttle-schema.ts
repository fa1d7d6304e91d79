import { doublePrecision, index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Failed attempts (wrong passwords, refused probes) counted per rule and subject — an account,
 * a source address, a user — in the database, so every server process shares them.
 */
export const throttles = pgTable('throttles', {
  rule: text('rule').notNull(),
  /** Who or what is being tried: a username as typed, a user id; '' when only the source counts. */
  subject: text('subject').notNull(),
  /** Where the attempts come from (an address, or an IPv6 /64); '' when the rule ignores it. */
  source: text('source').notNull().default(''),
  /** Failures still counting: old ones are forgiven over time, so this is fractional. */
  failures: doublePrecision('failures').notNull().default(0),
  lastFailureAt: timestamp('last_failure_at', { withTimezone: true }),
  /** No attempt is checked before this time; the answer is 429 with Retry-After. */
  waitUntil: timestamp('wait_until', { withTimezone: true }),
}, (t) => [
  primaryKey({ columns: [t.rule, t.subject, t.source] }),
  index('throttles_last_failure_idx').on(t.lastFailureAt),
]);
