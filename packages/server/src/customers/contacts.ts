import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { NewContact, NewIdentity } from '@xiang/shared';
import { normalizePhone } from '@xiang/shared/phone';
import type { Db } from '../platform/db/index.ts';
import { prepared } from '../platform/db/prepared.ts';
import { conflict, invalid, notFound } from '../platform/errors.ts';
import { record } from '../platform/audit.ts';
import type { Scope, VisibleCustomer } from '../platform/scope.ts';
import { contacts, identities } from './schema.ts';
import { canonicalIdentities, lockCustomer, refuseTakenIdentities } from './service.ts';
import { presentContact, presentIdentity } from './masking.ts';

const contactsOf = (db: Db) => db.select().from(contacts)
  .where(and(eq(contacts.customerId, sql.placeholder('customerId')), isNull(contacts.archivedAt)))
  .orderBy(asc(contacts.createdAt)).prepare('contacts_of_customer');
const identitiesOf = (db: Db) => db.select().from(identities).where(eq(identities.customerId, sql.placeholder('customerId')))
  .orderBy(asc(identities.kind), asc(identities.createdAt)).prepare('identities_of_customer');

export async function listContacts(db: Db, customer: VisibleCustomer) {
  return (await prepared(db, 'contacts_of_customer', contactsOf).execute({ customerId: customer.id })).map(presentContact);
}

/** 联系人 — a person at an enterprise customer. */
export async function addContact(db: Db, scope: Scope, customerId: string, input: z.infer<typeof NewContact>) {
  const phone = input.phone ? normalizePhone(input.phone) : null;
  if (input.phone && !phone) throw invalid('phone', { key: 'notAPhone', params: { value: input.phone } });
  return db.transaction(async (tx) => {
    const customer = await lockCustomer(tx, scope, customerId, 'customer.write');
    if (customer.kind !== 'enterprise') throw invalid('customerId', { key: 'contactsForEnterprises' });
    const [contact] = await tx.insert(contacts).values({ ...input, phone, customerId }).returning();
    await record(tx, scope, { action: 'contact.added', entity: 'contact', entityId: contact.id, unitId: customer.unitId, after: contact });
    return presentContact(contact);
  });
}

export async function archiveContact(db: Db, scope: Scope, customerId: string, contactId: string) {
  return db.transaction(async (tx) => {
    const customer = await lockCustomer(tx, scope, customerId, 'customer.write');
    const [contact] = await tx.update(contacts).set({ archivedAt: new Date() })
      .where(and(eq(contacts.id, contactId), eq(contacts.customerId, customerId), isNull(contacts.archivedAt))).returning();
    if (!contact) throw notFound('Contact');
    await record(tx, scope, { action: 'contact.archived', entity: 'contact', entityId: contactId, unitId: customer.unitId, after: contact });
  });
}

export async function listIdentities(db: Db, customer: VisibleCustomer) {
  return (await prepared(db, 'identities_of_customer', identitiesOf).execute({ customerId: customer.id })).map(presentIdentity);
}

/** Adds a phone, e-mail, ID number … to a customer; a value another customer holds is refused. */
export async function addIdentity(db: Db, scope: Scope, customerId: string, input: z.infer<typeof NewIdentity>, source = 'staff') {
  const [identity] = canonicalIdentities([input], () => 'value');
  return db.transaction(async (tx) => {
    const customer = await lockCustomer(tx, scope, customerId, 'customer.write');
    const [existing] = await tx.select().from(identities)
      .where(and(eq(identities.kind, identity.kind), eq(identities.value, identity.value)));
    if (existing?.customerId === customerId) return presentIdentity(existing);
    await refuseTakenIdentities(tx, scope, [identity], customerId, 'value');
    const [row] = await tx.insert(identities).values({ ...identity, customerId, source }).returning();
    await record(tx, scope, { action: 'identity.added', entity: 'customer', entityId: customerId, unitId: customer.unitId, after: identity });
    return presentIdentity(row);
  });
}

/**
 * Removes an identity (a number given up, a mistyped e-mail). The audit keeps it; identities
 * are how the outside world names a customer, and a stale one would route calls wrongly.
 */
export async function removeIdentity(db: Db, scope: Scope, customerId: string, identityId: string) {
  return db.transaction(async (tx) => {
    const customer = await lockCustomer(tx, scope, customerId, 'customer.write');
    const [row] = await tx.delete(identities).where(and(eq(identities.id, identityId), eq(identities.customerId, customerId))).returning();
    if (!row) throw notFound('Identity');
    const [left] = await tx.select({ id: identities.id }).from(identities).where(eq(identities.customerId, customerId)).limit(1);
    if (!left && customer.status === 'active') throw conflict({ key: 'lastIdentity' });
    await record(tx, scope, { action: 'identity.removed', entity: 'customer', entityId: customerId, unitId: customer.unitId, before: row });
  });
}
