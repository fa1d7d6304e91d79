import { and, eq } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import { notFound } from '../platform/errors.ts';
import { audit } from '../platform/audit.ts';
import { authorize } from '../platform/policy.ts';
import type { Scope } from '../platform/scope.ts';
import { contacts, identities } from './schema.ts';
import { getCustomer } from './service.ts';
import { maskIdentityValue, maskPhone } from './masking.ts';

/**
 * 查看完整号码 — one identity of a visible customer shown in full to a role allowed to, and the
 * audit trail says who saw which value when (the value itself stays out of the trail, masked).
 */
export async function revealIdentity(db: Db, scope: Scope, customerId: string, identityId: string) {
  const customer = await getCustomer(db, scope, customerId);
  authorize(scope.role, 'customer.reveal');
  const [identity] = await db.select().from(identities).where(and(eq(identities.id, identityId), eq(identities.customerId, customerId)));
  if (!identity) throw notFound('Identity');
  await audit(db, scope, {
    action: 'identity.revealed', entity: 'customer', entityId: customerId, unitId: customer.unitId,
    after: { identityId, kind: identity.kind, value: maskIdentityValue(identity.kind, identity.value) },
  });
  return { value: identity.value };
}

/** A contact's phone shown in full, audited like an identity. */
export async function revealContactPhone(db: Db, scope: Scope, customerId: string, contactId: string) {
  const customer = await getCustomer(db, scope, customerId);
  authorize(scope.role, 'customer.reveal');
  const [contact] = await db.select().from(contacts).where(and(eq(contacts.id, contactId), eq(contacts.customerId, customerId)));
  if (!contact?.phone) throw notFound('Contact');
  await audit(db, scope, {
    action: 'contact.revealed', entity: 'customer', entityId: customerId, unitId: customer.unitId,
    after: { contactId, kind: 'phone', value: maskPhone(contact.phone) },
  });
  return { value: contact.phone };
}
