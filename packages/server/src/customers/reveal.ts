import { and, eq } from 'drizzle-orm';
import type { AuditAction } from '@xiang/shared';
import type { Db } from '../platform/db/index.ts';
import { notFound } from '../platform/errors.ts';
import { audit } from '../platform/audit.ts';
import { authorize } from '../platform/policy.ts';
import type { Scope } from '../platform/scope.ts';
import { contacts, identities } from './schema.ts';
import { getCustomer } from './service.ts';
import { maskIdentityValue, maskPhone } from './masking.ts';

/**
 * 查看完整号码 — one value of a visible customer shown in full to a role allowed to, and the audit
 * trail says who saw which one when (the value itself stays out of the trail, masked). Every
 * reveal goes through here: the customer is found through the scope first (another unit's: 404),
 * then the role is checked, then the value.
 */
export async function showInFull(
  db: Db, scope: Scope, customerId: string,
  { action, what, find }: { action: AuditAction; what: string; find: () => Promise<{ value: string; said: Record<string, string> } | undefined> },
) {
  const customer = await getCustomer(db, scope, customerId);
  authorize(scope.role, 'customer.reveal');
  const found = await find();
  if (!found) throw notFound(what);
  await audit(db, scope, { action, entity: 'customer', entityId: customerId, unitId: customer.unitId, after: found.said });
  return { value: found.value };
}

export const revealIdentity = (db: Db, scope: Scope, customerId: string, identityId: string) => showInFull(db, scope, customerId, {
  action: 'identity.revealed', what: 'Identity',
  find: async () => {
    const [identity] = await db.select().from(identities).where(and(eq(identities.id, identityId), eq(identities.customerId, customerId)));
    return identity && { value: identity.value, said: { identityId, kind: identity.kind, value: maskIdentityValue(identity.kind, identity.value) } };
  },
});

/** A contact's phone shown in full, audited like an identity. */
export const revealContactPhone = (db: Db, scope: Scope, customerId: string, contactId: string) => showInFull(db, scope, customerId, {
  action: 'contact.revealed', what: 'Contact',
  find: async () => {
    const [contact] = await db.select().from(contacts).where(and(eq(contacts.id, contactId), eq(contacts.customerId, customerId)));
    return contact?.phone ? { value: contact.phone, said: { contactId, kind: 'phone', value: maskPhone(contact.phone) } } : undefined;
  },
});
