import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { customerSessions } from './schema.ts';
import { digest, newSecret } from './secrets.ts';

/** How long a customer stays signed in to the portal on one device. */
export const CUSTOMER_SESSION_DAYS = 14;

/** A new portal session for a customer; the secret for the cookie is returned, only its hash kept. */
export async function startCustomerSession(tx: Db, customer: { customerId: string; phone: string }) {
  const secret = newSecret();
  const expiresAt = new Date(Date.now() + CUSTOMER_SESSION_DAYS * 86_400_000);
  await tx.insert(customerSessions).values({ id: digest(secret), customerId: customer.customerId, phone: customer.phone, expiresAt });
  return { secret, expiresAt };
}

export async function endCustomerSession(db: Db, secret: string) {
  await db.delete(customerSessions).where(eq(customerSessions.id, digest(secret)));
}

/** A new password ends every other session of the customer's, so a lost phone's is shut out. */
export async function endOtherCustomerSessions(tx: Db, customerId: string, keepSessionId: string) {
  await tx.delete(customerSessions).where(and(eq(customerSessions.customerId, customerId), ne(customerSessions.id, keepSessionId)));
}

/** Customers merged: whoever was signed in as the merged one is the survivor now. */
export async function moveCustomerSessions(tx: Db, fromCustomerId: string, toCustomerId: string) {
  await tx.update(customerSessions).set({ customerId: toCustomerId }).where(eq(customerSessions.customerId, fromCustomerId));
}
