import { and, desc, eq, like } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import { identities } from './schema.ts';

/**
 * Where a message to a customer goes: the primary e-mail address or mobile number on file, or
 * the latest one added. The caller has the customer through the scope already.
 */
export async function addressOf(db: Db, customer: { id: string }, channel: 'email' | 'sms'): Promise<string | null> {
  const kind = channel === 'email' ? 'email' : 'phone';
  const [found] = await db.select({ value: identities.value }).from(identities)
    // Phones are stored in E.164; an SMS goes to a mobile (+861…), not to a fixed line.
    .where(and(eq(identities.customerId, customer.id), eq(identities.kind, kind), channel === 'sms' ? like(identities.value, '+861%') : undefined))
    .orderBy(desc(identities.isPrimary), desc(identities.createdAt)).limit(1);
  return found?.value ?? null;
}
