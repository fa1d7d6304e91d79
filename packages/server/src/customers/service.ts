import { and, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { CustomerChange, IdentityKind, NewCustomer, Reassignment } from '@xiang/shared';
import type { Db } from '../platform/db/index.ts';
import { prepared } from '../platform/db/prepared.ts';
import { conflict, invalid, notFound } from '../platform/errors.ts';
import { record } from '../platform/audit.ts';
import { changedFields, pick } from '../platform/changed-fields.ts';
import { authorize } from '../platform/policy.ts';
import { guard, isInScope, unscoped, withinScope, type Scope, type VisibleCustomer } from '../platform/scope.ts';
import { orgUnits, users } from '../platform/auth/schema.ts';
import { staffMemberFor } from '../platform/staff.ts';
import { customers, identities } from './schema.ts';
import { canonicalIdentity, nameGrams } from './identity-values.ts';
import { heldElsewhere, refuseWhileProbing } from './identity-probes.ts';
import { runReassignHooks } from './hooks.ts';
import { nameSortKey } from './name-sort.ts';

export type CustomerRecord = typeof customers.$inferSelect;

/** Columns a customer is presented with: the row, and the names of its unit and owner. */
export const customerColumns = {
  id: customers.id, number: customers.number, kind: customers.kind, name: customers.name, tier: customers.tier,
  status: customers.status, unitId: customers.unitId, unitName: orgUnits.name, unitNameEn: orgUnits.nameEn, ownerId: customers.ownerId,
  ownerName: users.displayName, gender: customers.gender, birthDate: customers.birthDate, customerSince: customers.customerSince, industry: customers.industry,
  address: customers.address, note: customers.note, tags: customers.tags, attributes: customers.attributes,
  mergedIntoId: customers.mergedIntoId, createdAt: customers.createdAt, updatedAt: customers.updatedAt,
  archivedAt: customers.archivedAt, nameSort: customers.nameSort,
};

export function selectCustomers(db: Db) {
  return db.select(customerColumns).from(customers)
    .innerJoin(orgUnits, eq(orgUnits.id, customers.unitId))
    .leftJoin(users, eq(users.id, customers.ownerId));
}

/** One customer as the caller may see it; another unit's customer does not exist (404). */
const customerById = (db: Db) => selectCustomers(db).where(eq(customers.id, sql.placeholder('id'))).prepare('customer_by_id');

export async function getCustomer(db: Db, scope: Scope, id: string, action: Parameters<typeof guard>[3] = 'customer.read') {
  if (!isUuid(id)) throw notFound('Customer');
  const [customer] = await prepared(db, 'customer_by_id', customerById).execute({ id });
  return guard(scope, customer, 'Customer', action);
}

/** Locks the customer row for a change inside a transaction, through the scope. */
export async function lockCustomer(tx: Db, scope: Scope, id: string, action: Parameters<typeof guard>[3]) {
  if (!isUuid(id)) throw notFound('Customer');
  const [row] = await tx.select().from(customers).where(eq(customers.id, id)).for('update');
  const customer = guard(scope, row, 'Customer', action);
  // A merged record is history: its services, contacts and timeline now live on the survivor.
  if (customer.status === 'merged') {
    throw conflict({ key: 'customerMerged' }, { mergedIntoId: customer.mergedIntoId });
  }
  return customer;
}

/** 新建客户 — staff entry. Identities are checked for duplicates before anything is written. */
export async function createCustomer(db: Db, scope: Scope, input: z.infer<typeof NewCustomer>, source = 'staff') {
  authorize(scope.role, 'customer.write');
  const unitId = input.unitId ?? scope.unitId;
  if (!isInScope(scope, unitId)) throw invalid('unitId', { key: 'unitNotAllowed' });
  const ownerId = input.ownerId === undefined && scope.role === 'account_manager' ? scope.userId : input.ownerId ?? null;
  const ids = canonicalIdentities(input.identities ?? []);
  return db.transaction(async (tx) => {
    if (ownerId) await checkOwner(tx, scope, ownerId, unitId);
    await refuseTakenIdentities(tx, scope, ids);
    const [customer] = await tx.insert(customers).values({
      number: sql`'C' || nextval('customer_number_seq')`,
      kind: input.kind, name: input.name, nameGrams: nameGrams(input.name), nameSort: nameSortKey(input.name, input.kind), tier: input.tier, unitId, ownerId,
      gender: input.gender ?? null, birthDate: input.birthDate ?? null, customerSince: input.customerSince ?? null, industry: input.industry ?? null,
      address: input.address ?? null, note: input.note ?? null, tags: input.tags ?? [], attributes: input.attributes ?? {},
    }).returning();
    if (ids.length) {
      await tx.insert(identities).values(ids.map((i, n) => ({ ...i, customerId: customer.id, source, isPrimary: n === 0 || undefined })));
    }
    await record(tx, scope, {
      action: 'customer.created', entity: 'customer', entityId: customer.id, unitId,
      after: { ...presentable(customer), identities: ids },
    });
    return getCustomer(tx, scope, customer.id);
  });
}

/**
 * Edits what a customer is; identities, owner and unit change through their own calls. Only the
 * fields the change names are written, and the audit lists only those that really changed.
 */
export async function updateCustomer(db: Db, scope: Scope, id: string, change: z.infer<typeof CustomerChange>) {
  return db.transaction(async (tx) => {
    const before = await lockCustomer(tx, scope, id, 'customer.write');
    const changed = changedFields(presentable(before), change);
    // Saving an unchanged form is no change: nothing is written, audited or announced.
    if (!changed) return getCustomer(tx, scope, id);
    const [after] = await tx.update(customers).set({
      ...changed.set,
      ...(changed.set.name !== undefined ? { nameGrams: nameGrams(changed.set.name) } : {}),
      // The sort key reads the name as the kind says: a new name, or a person become an enterprise.
      ...(changed.set.name !== undefined || changed.set.kind !== undefined
        ? { nameSort: nameSortKey(changed.set.name ?? before.name, changed.set.kind ?? before.kind) } : {}),
      updatedAt: new Date(),
    }).where(eq(customers.id, id)).returning();
    await record(tx, scope, {
      action: 'customer.updated', entity: 'customer', entityId: id, unitId: after.unitId,
      before: changed.before, after: pick(presentable(after), changed.keys),
    });
    return getCustomer(tx, scope, id);
  });
}

/** Archive (归档) instead of delete: nothing is lost, and restore brings it back. */
export async function setArchived(db: Db, scope: Scope, id: string, isArchived: boolean) {
  return db.transaction(async (tx) => {
    const before = await lockCustomer(tx, scope, id, 'customer.archive');
    if ((before.status === 'archived') === isArchived) return getCustomer(tx, scope, id);
    const [after] = await tx.update(customers)
      .set({ status: isArchived ? 'archived' : 'active', archivedAt: isArchived ? new Date() : null, updatedAt: new Date() })
      .where(eq(customers.id, id)).returning();
    await record(tx, scope, {
      action: isArchived ? 'customer.archived' : 'customer.restored', entity: 'customer', entityId: id, unitId: after.unitId,
      before: { status: before.status }, after: { status: after.status },
    });
    return getCustomer(tx, scope, id);
  });
}

/**
 * 客户调整 — moves customers to another account manager and/or unit, so nothing leaves with a
 * person. All or nothing: one customer outside the caller's scope stops the whole change.
 */
export async function reassignCustomers(db: Db, scope: Scope, input: z.infer<typeof Reassignment>) {
  authorize(scope.role, 'customer.reassign');
  const ids = [...new Set(input.customerIds)];
  return db.transaction(async (tx) => {
    const rows = await tx.select({ id: customers.id, unitId: customers.unitId, ownerId: customers.ownerId })
      .from(customers).where(and(inArray(customers.id, ids), withinScope(scope, customers.unitId))).for('update');
    if (rows.length !== ids.length) {
      const found = new Set(rows.map((r) => r.id));
      throw notFound(`Customer ${ids.find((id) => !found.has(id))}`);
    }
    if (input.unitId && !isInScope(scope, input.unitId)) throw invalid('unitId', { key: 'moveNotAllowed' });
    if (input.ownerId) {
      const owner = await checkOwner(tx, scope, input.ownerId, input.unitId);
      const ownerUnits = new Set((await tx.select({ id: orgUnits.id }).from(orgUnits)
        .where(sql`${orgUnits.path} like ${owner.unitPath + '%'}`)).map((u) => u.id));
      if (!input.unitId && rows.some((r) => !ownerUnits.has(r.unitId))) {
        // An owner must be able to see the customer: keep customers inside the owner's subtree.
        throw invalid('ownerId', { key: 'ownerInAnotherUnit' });
      }
    }
    const set = {
      ...(input.unitId ? { unitId: input.unitId } : {}),
      ...(input.ownerId !== undefined ? { ownerId: input.ownerId } : {}),
      updatedAt: new Date(),
    };
    await tx.update(customers).set(set).where(inArray(customers.id, ids));
    await runReassignHooks(tx, rows.map((r) => ({
      customerId: r.id, fromUnitId: r.unitId, toUnitId: input.unitId ?? r.unitId,
      fromOwnerId: r.ownerId, toOwnerId: input.ownerId !== undefined ? input.ownerId : r.ownerId,
    })));
    for (const row of rows) {
      await record(tx, scope, {
        action: 'customer.reassigned', entity: 'customer', entityId: row.id, unitId: input.unitId ?? row.unitId,
        before: { unitId: row.unitId, ownerId: row.ownerId }, after: { unitId: input.unitId ?? row.unitId, ownerId: input.ownerId ?? row.ownerId },
      });
    }
    return { reassigned: rows.length };
  });
}

/** An owner must be a working colleague in the caller's units, at or above the customer's unit. */
const ownerRefusals = { unknown: 'ownerUnknown', disabled: 'ownerDisabled', cannotSee: 'ownerElsewhere' } as const;

export async function checkOwner(tx: Db, scope: Scope, ownerId: string, unitId?: string) {
  const owner = await staffMemberFor(tx, scope, ownerId, unitId);
  if ('refused' in owner) throw invalid('ownerId', { key: ownerRefusals[owner.refused] });
  return owner;
}

/** Canonical identities, or a 400 naming the first bad one. */
export function canonicalIdentities(list: { kind: z.infer<typeof import('@xiang/shared').IdentityKind>; value: string }[], fieldOf = (i: number) => `identities.${i}.value`) {
  const seen = new Set<string>();
  const out: { kind: typeof list[number]['kind']; value: string }[] = [];
  list.forEach((identity, i) => {
    const canonical = canonicalIdentity(identity.kind, identity.value);
    if ('error' in canonical) throw invalid(fieldOf(i), canonical.error);
    const key = `${identity.kind}:${canonical.value}`;
    if (!seen.has(key)) out.push({ kind: identity.kind, value: canonical.value });
    seen.add(key);
  });
  return out;
}

/**
 * A phone or e-mail already names a customer: refuse, pointing to that customer when visible.
 * A customer of another unit is not named, and the refusal is audited and rationed per user
 * (identity-probes.ts): a number must not become a way to learn who is a customer elsewhere.
 */
export async function refuseTakenIdentities(tx: Db, scope: Scope, ids: { kind: string; value: string }[], exceptCustomerId?: string, field = 'identities') {
  if (!ids.length) return;
  await refuseWhileProbing(tx, scope);
  const taken = await tx.select({ kind: identities.kind, value: identities.value, customerId: identities.customerId, unitId: customers.unitId })
    .from(identities).innerJoin(customers, eq(customers.id, identities.customerId))
    .where(sql`(${identities.kind}, ${identities.value}) in (${sql.join(ids.map((i) => sql`(${i.kind}, ${i.value})`), sql`, `)})`);
  const clash = taken.find((t) => t.customerId !== exceptCustomerId);
  if (clash) {
    const visible = isInScope(scope, clash.unitId);
    const refusal = conflict(
      { key: visible ? 'identityTakenVisible' : 'identityTakenHidden', params: { kind: clash.kind, value: clash.value } },
      { field, duplicateOf: visible ? clash.customerId : undefined },
    );
    throw visible ? refusal : heldElsewhere(refusal, scope, clash);
  }
}

/**
 * 身份归属 — the active customer holding an identity (already canonical), among the customers of
 * some units: a site's, for a visitor its server vouches for. No person asks, so no role is
 * checked; the units' scope is applied in the query itself.
 */
export async function customerHoldingIdentity(db: Db, units: Pick<Scope, 'isWholeOrganisation' | 'unitIds'>, kind: IdentityKind, value: string): Promise<(VisibleCustomer & { name: string }) | null> {
  const [holder] = await db.select({ id: customers.id, unitId: customers.unitId, name: customers.name })
    .from(identities).innerJoin(customers, eq(customers.id, identities.customerId))
    .where(and(eq(identities.kind, kind), eq(identities.value, value), eq(customers.status, 'active'), withinScope(units, customers.unitId)));
  return holder ? unscoped(holder, 'a site names its visitor: the site unit\'s scope is in the query') : null;
}

/**
 * The customers of these units holding any of these values of one kind of identity, by value: one
 * index probe for a whole batch (a channel's transactions naming their customers by phone or member id).
 */
export async function customersHoldingIdentities(db: Db, units: Pick<Scope, 'isWholeOrganisation' | 'unitIds'>, kind: IdentityKind, values: string[]): Promise<Map<string, VisibleCustomer & { name: string }>> {
  if (!values.length) return new Map();
  const found = await db.select({ value: identities.value, id: customers.id, unitId: customers.unitId, name: customers.name })
    .from(identities).innerJoin(customers, eq(customers.id, identities.customerId))
    .where(and(eq(identities.kind, kind), sql`${identities.value} = any(${sql.param([...new Set(values)])}::text[])`, eq(customers.status, 'active'), withinScope(units, customers.unitId)));
  return new Map(found.map(({ value, ...holder }) => [value, unscoped(holder, 'a channel names its customer: the channel unit\'s scope is in the query')]));
}

function presentable(c: CustomerRecord) {
  const { nameGrams: _g, nameSort: _s, ...rest } = c;
  return rest;
}

export const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
