import { integer, pgTable, timestamp } from 'drizzle-orm/pg-core';

/**
 * How far the first start's demo load got. The customers load in the background, batch by
 * batch; a server stopped half-way finishes the load at its next start.
 */
export const demoLoads = pgTable('demo_loads', {
  id: integer('id').primaryKey().default(1),
  customersWanted: integer('customers_wanted').notNull(),
  customersLoaded: integer('customers_loaded').notNull().default(0),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
});
