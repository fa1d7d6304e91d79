import { and, eq, like } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import { unauthorized } from '../platform/errors.ts';
import type { Actor } from '../platform/audit.ts';
import { seenByThemself, type CustomerScope } from '../platform/scope.ts';
import { customers, identities } from './schema.ts';
import { selectCustomers } from './service.ts';

/**
 * 网上营业厅 — the customer as they see themself. Nobody on the staff asks here: the portal's
 * session names the customer, and only that customer's record comes back (`seenByThemself`).
 */

/**
 * Whose a mobile number is, for signing in: an active customer with that mobile (+861…) among
 * their identities. A fixed line cannot receive a code; an archived or merged customer's number
 * signs nobody in.
 */
export async function customerOfMobile(db: Db, phone: string): Promise<{ id: string } | null> {
  if (!/^\+861\d{10}$/.test(phone)) return null;
  const [row] = await db.select({ id: customers.id }).from(identities).innerJoin(customers, eq(customers.id, identities.customerId))
    .where(and(eq(identities.kind, 'phone'), eq(identities.value, phone), like(identities.value, '+861%'), eq(customers.status, 'active')));
  return row ?? null;
}

/** The signed-in customer's record (name, number, tier, unit, account manager). */
export async function ownCustomer(db: Db, customer: CustomerScope) {
  const [row] = await selectCustomers(db).where(eq(customers.id, customer.customerId));
  // Archived since signing in (merges move the session to the survivor): it signs nobody in any more.
  if (row && row.status !== 'active') throw unauthorized();
  return seenByThemself(customer, row);
}

/** The same, locked for a change the customer makes (a ticket they open), so a merge cannot move it meanwhile. */
export async function lockOwnCustomer(tx: Db, customer: CustomerScope) {
  const [row] = await tx.select().from(customers).where(eq(customers.id, customer.customerId)).for('update');
  if (row && row.status !== 'active') throw unauthorized();
  return seenByThemself(customer, row);
}

/** How a customer appears in a ticket's history and the trail: by name, with no account of ours. */
export const customerActor = (customer: { name: string }): Actor => ({ userId: null, userName: `客户 ${customer.name}` });
