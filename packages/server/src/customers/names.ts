import { and, inArray, type SQL } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import { withinScope, type Scope } from '../platform/scope.ts';
import { customers } from './schema.ts';
import { isUuid } from './service.ts';

async function namesOf(db: Db, ids: string[], within?: SQL) {
  const wanted = [...new Set(ids.filter(isUuid))];
  if (!wanted.length) return new Map<string, { number: string; name: string }>();
  const found = await db.select({ id: customers.id, number: customers.number, name: customers.name }).from(customers)
    .where(and(within, inArray(customers.id, wanted)));
  return new Map(found.map((c) => [c.id, { number: c.number, name: c.name }]));
}

/**
 * The number and name of each customer a screen lists by id (the audit trail): only those the
 * caller may see, merged and archived ones included, since the trail speaks of the past.
 */
export const customerNames = (db: Db, scope: Scope, ids: string[]) => namesOf(db, ids, withinScope(scope, customers.unitId));

/** The same for background work that holds ids a scoped request gave it (a task's reminder): no scope. */
export const customerNamesUnscoped = (db: Db, ids: string[]) => namesOf(db, ids);
