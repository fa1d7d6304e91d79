import { and, eq, inArray, sql } from 'drizzle-orm';
import type { IdentityKind } from '@xiang/shared';
import type { Db } from '../platform/db/index.ts';
import { conflict, invalid } from '../platform/errors.ts';
import { rows } from '../platform/db/index.ts';
import { authorize } from '../platform/policy.ts';
import { isInScope, withinScope, type Scope } from '../platform/scope.ts';
import { orgUnits } from '../platform/auth/schema.ts';
import { customers, identities } from './schema.ts';
import { checkOwner } from './service.ts';

/**
 * What 数据导入 asks of customers in bulk: who holds an identity, where new customers may go,
 * merging into existing customers and undoing it, archiving an import's customers. (The new
 * customers themselves are written by imports/write.ts.) The caller audits the batch as a
 * whole, in the same transaction.
 */

/** A customer ready to be written: identities already canonical (identity-values.ts). */
export interface BulkCustomer {
  id: string;
  kind: 'individual' | 'enterprise';
  name: string;
  tier: 'key' | 'regular';
  gender: 'male' | 'female' | null;
  birthDate: string | null;
  /** 入网日期 */
  customerSince: string | null;
  industry: string | null;
  address: string | null;
  note: string | null;
  tags: string[];
  attributes: Record<string, string>;
  identities: { kind: IdentityKind; value: string }[];
  /** The unit the file places this customer in (a unit column); otherwise the import's. */
  unitId?: string;
}

/** Rows per INSERT: large enough to amortise the round trip, small enough to keep each statement short. */
const chunkSize = 2_000;
/** Values per lookup of existing identities. */
const lookupSize = 5_000;

/** Where imported customers go: a unit in the caller's scope, and an owner who works there. */
export async function checkBulkTarget(db: Db, scope: Scope, target: { unitId?: string; ownerId?: string | null }) {
  authorize(scope.role, 'customer.import');
  const unitId = target.unitId ?? scope.unitId;
  if (!isInScope(scope, unitId)) throw invalid('unitId', { key: 'unitNotAllowed' });
  const [unit] = await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, unitId));
  if (!unit) throw invalid('unitId', { key: 'unitMissing' });
  // As for one new customer: an account manager's imports are theirs unless they say otherwise.
  const ownerId = target.ownerId === undefined && scope.role === 'account_manager' ? scope.userId : target.ownerId ?? null;
  if (ownerId) await checkOwner(db, scope, ownerId, unitId);
  return { unitId, ownerId };
}

/** A customer who already has an identity: named only when the caller may see them. */
export interface IdentityHolder {
  customerId: string | null;
  /** The customer's number (C…) and name, as messages name a customer; null like the id when out of sight. */
  customerNumber: string | null;
  customerName: string | null;
  /** Tells holders apart (the same key, the same customer); never put in an answer. */
  holderKey: string;
  isVisible: boolean;
  isActive: boolean;
}

/**
 * Who already has these phone numbers, e-mails, ID numbers …, by batched index probes. The
 * holder's id is given only when the caller may see that customer; otherwise only that one exists.
 */
export async function findIdentityHolders(db: Db, scope: Scope, wanted: { kind: IdentityKind; value: string }[], { exceptImportId }: { exceptImportId?: string } = {}) {
  const byKind = new Map<IdentityKind, Set<string>>();
  for (const { kind, value } of wanted) {
    if (!byKind.has(kind)) byKind.set(kind, new Set());
    byKind.get(kind)!.add(value);
  }
  const holders = new Map<string, IdentityHolder>();
  for (const [kind, values] of byKind) {
    const list = [...values];
    for (let i = 0; i < list.length; i += lookupSize) {
      const found = await db.select({
        value: identities.value, customerId: identities.customerId, unitId: customers.unitId, status: customers.status, number: customers.number, name: customers.name,
      })
        .from(identities).innerJoin(customers, eq(customers.id, identities.customerId))
        .where(and(
          eq(identities.kind, kind), sql`${identities.value} = any(${sql.param(list.slice(i, i + lookupSize))}::text[])`,
          // Reading a committed import again: the customers it created are not duplicates of themselves.
          exceptImportId ? sql`${customers.importId} is distinct from ${exceptImportId}::uuid` : undefined,
        ));
      for (const f of found) {
        const isVisible = isInScope(scope, f.unitId);
        // The real id stays here, for telling one holder from two; only customerId is ever shown.
        holders.set(`${kind}:${f.value}`, {
          customerId: isVisible ? f.customerId : null, customerNumber: isVisible ? f.number : null, customerName: isVisible ? f.name : null,
          holderKey: f.customerId, isVisible, isActive: f.status === 'active',
        });
      }
    }
  }
  return holders;
}

/** Undo of an import: its customers are archived (restorable), never deleted. Returns how many. */
export async function archiveBulkCustomers(tx: Db, scope: Scope, importId: string) {
  authorize(scope.role, 'customer.import');
  const archived = await tx.update(customers)
    .set({ status: 'archived', archivedAt: new Date(), updatedAt: new Date() })
    .where(and(eq(customers.importId, importId), eq(customers.status, 'active'), withinScope(scope, customers.unitId)))
    .returning({ id: customers.id });
  return archived.length;
}

/** Descriptive fields an import may fill on an existing customer, only where they are empty. */
const fillableFields = ['gender', 'birthDate', 'customerSince', 'industry', 'address', 'note'] as const;
type FillableField = typeof fillableFields[number];

/** Rows of a file that name one existing customer: what they bring to that customer. */
export interface BulkMerge {
  customerId: string;
  customer: BulkCustomer;
}

/** What merging changed on one existing customer: before → after of the changed fields, and every addition. */
export interface MergedCustomer {
  customerId: string;
  unitId: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  added: {
    identityIds: string[];
    identities: { kind: IdentityKind; value: string }[];
    tags: string[];
    attributes: Record<string, string>;
    fields: Partial<Record<FillableField, string>>;
  };
}

interface LockedCustomer {
  id: string;
  unitId: string;
  status: string;
  gender: string | null;
  birthDate: string | null;
  customerSince: string | null;
  industry: string | null;
  address: string | null;
  note: string | null;
  tags: string[];
  attributes: Record<string, unknown>;
}

/** Locks customers in id order (two imports touching the same customers cannot deadlock). */
async function lockCustomersInBulk(tx: Db, ids: string[]): Promise<Map<string, LockedCustomer>> {
  const sorted = [...new Set(ids)].sort();
  const locked = new Map<string, LockedCustomer>();
  for (let i = 0; i < sorted.length; i += lookupSize) {
    const found = await tx.select({
      id: customers.id, unitId: customers.unitId, status: customers.status, gender: customers.gender, birthDate: customers.birthDate,
      customerSince: customers.customerSince, industry: customers.industry, address: customers.address, note: customers.note, tags: customers.tags, attributes: customers.attributes,
    }).from(customers).where(inArray(customers.id, sorted.slice(i, i + lookupSize))).orderBy(customers.id).for('update');
    for (const c of found) locked.set(c.id, c);
  }
  return locked;
}

/** Writes the new tags, attributes and descriptive fields of many customers, a chunk per statement. */
async function updateCustomerDetailsInBulk(tx: Db, changed: LockedCustomer[]) {
  for (let i = 0; i < changed.length; i += chunkSize) {
    const chunk = changed.slice(i, i + chunkSize).map((c) => ({
      id: c.id, gender: c.gender, birth: c.birthDate, since: c.customerSince, industry: c.industry, address: c.address, note: c.note, tags: c.tags, attributes: c.attributes,
    }));
    await tx.execute(sql`
      update customers c set gender = r.gender, birth_date = r.birth, customer_since = r.since, industry = r.industry, address = r.address, note = r.note,
             tags = r.tags, attributes = r.attributes, updated_at = now()
      from json_to_recordset(${JSON.stringify(chunk)}::json) as r(id uuid, gender text, birth date, since date, industry text, address text, note text, tags text[], attributes jsonb)
      where c.id = r.id`);
  }
}

/**
 * 导入合并 — rows naming an existing customer add to that customer only what it lacks: identities
 * no one has yet, tags, custom attributes it has not got, and descriptive fields where empty.
 * Nothing the customer already has is overwritten. Call inside the import's transaction; the
 * caller audits each customer. An identity taken meanwhile by another customer fails the statement.
 */
export async function mergeIntoCustomersInBulk(tx: Db, scope: Scope, merges: BulkMerge[]): Promise<MergedCustomer[]> {
  authorize(scope.role, 'customer.import');
  const locked = await lockCustomersInBulk(tx, merges.map((m) => m.customerId));
  const outcomes = new Map<string, MergedCustomer>();
  const changed = new Set<LockedCustomer>();
  const newIdentities: { c: string; k: IdentityKind; v: string }[] = [];
  for (const { customerId, customer } of merges) {
    const target = locked.get(customerId);
    // Checked when the file was read; archived, merged or moved out of reach since.
    if (!target || target.status !== 'active' || !isInScope(scope, target.unitId)) {
      throw conflict({ key: 'mergeTargetChanged' }, { field: 'file' });
    }
    let outcome = outcomes.get(customerId);
    if (!outcome) {
      outcome = { customerId, unitId: target.unitId, before: {}, after: {}, added: { identityIds: [], identities: [], tags: [], attributes: {}, fields: {} } };
      outcomes.set(customerId, outcome);
    }
    for (const field of fillableFields) {
      const value = customer[field];
      if (value === null || target[field] !== null) continue;
      outcome.before[field] = null;
      outcome.after[field] = value;
      outcome.added.fields[field] = value;
      target[field] = value;
      changed.add(target);
    }
    const tags = customer.tags.filter((tag) => !target.tags.includes(tag));
    if (tags.length) {
      outcome.before.tags ??= [...target.tags];
      target.tags = [...target.tags, ...tags];
      outcome.after.tags = target.tags;
      outcome.added.tags.push(...tags);
      changed.add(target);
    }
    const attributes = Object.entries(customer.attributes).filter(([key]) => !(key in target.attributes));
    if (attributes.length) {
      outcome.before.attributes ??= { ...target.attributes };
      target.attributes = { ...target.attributes, ...Object.fromEntries(attributes) };
      outcome.after.attributes = target.attributes;
      Object.assign(outcome.added.attributes, Object.fromEntries(attributes));
      changed.add(target);
    }
    for (const identity of customer.identities) newIdentities.push({ c: customerId, k: identity.kind, v: identity.value });
  }
  await updateCustomerDetailsInBulk(tx, [...changed]);
  for (let i = 0; i < newIdentities.length; i += chunkSize) {
    // Identities the customer already has are skipped; one another customer has fails on the unique index.
    const added = await rows<{ id: string; customer_id: string; kind: IdentityKind; value: string }>(tx, sql`
      insert into identities (customer_id, kind, value, is_primary, source)
      select r.c, r.k, r.v, false, 'import' from json_to_recordset(${JSON.stringify(newIdentities.slice(i, i + chunkSize))}::json) as r(c uuid, k text, v text)
      where not exists (select 1 from identities i where i.kind = r.k and i.value = r.v and i.customer_id = r.c)
      returning id, customer_id, kind, value`);
    for (const identity of added) {
      const outcome = outcomes.get(identity.customer_id)!;
      outcome.added.identityIds.push(identity.id);
      outcome.added.identities.push({ kind: identity.kind, value: identity.value });
    }
  }
  for (const outcome of outcomes.values()) {
    if (outcome.added.identities.length) {
      outcome.before.identities = [];
      outcome.after.identities = outcome.added.identities.map((i) => `${i.kind}:${i.value}`).sort();
    }
  }
  return [...outcomes.values()];
}

/** What undo found on one customer: what it took out again, and what it left because it was changed since. */
export interface UnmergedCustomer {
  customerId: string;
  unitId: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  removed: { identities: number; tags: number; attributes: number; fields: number };
  kept: number;
}

/**
 * Undo of 导入合并: takes out of each customer what the import added — each addition only while
 * it is still as the import left it, so nothing a person did since is lost. Every customer must
 * be in the caller's units: an undo is whole or not at all.
 */
export async function unmergeCustomersInBulk(
  tx: Db, scope: Scope, merges: { customerId: string; added: { identityIds: string[]; tags: string[]; attributes: Record<string, string>; fields: Record<string, string> } }[],
): Promise<UnmergedCustomer[]> {
  authorize(scope.role, 'customer.import');
  const locked = await lockCustomersInBulk(tx, merges.map((m) => m.customerId));
  if (merges.some((m) => !isInScope(scope, locked.get(m.customerId)?.unitId ?? ''))) {
    throw conflict({ key: 'mergedOutsideUnits' }, { field: 'status' });
  }
  const outcomes = new Map<string, UnmergedCustomer>();
  const changed: LockedCustomer[] = [];
  const identityIds: { id: string; c: string }[] = [];
  for (const { customerId, added } of merges) {
    const target = locked.get(customerId)!;
    const outcome: UnmergedCustomer = { customerId, unitId: target.unitId, before: {}, after: {}, removed: { identities: 0, tags: 0, attributes: 0, fields: 0 }, kept: 0 };
    outcomes.set(customerId, outcome);
    for (const [field, value] of Object.entries(added.fields) as [FillableField, string][]) {
      if (target[field] !== value) { outcome.kept++; continue; }
      outcome.before[field] = value;
      outcome.after[field] = null;
      target[field] = null;
      outcome.removed.fields++;
    }
    const tags = added.tags.filter((tag) => target.tags.includes(tag));
    outcome.kept += added.tags.length - tags.length;
    if (tags.length) {
      outcome.before.tags = target.tags;
      target.tags = target.tags.filter((tag) => !tags.includes(tag));
      outcome.after.tags = target.tags;
      outcome.removed.tags = tags.length;
    }
    const keys = Object.keys(added.attributes).filter((key) => target.attributes[key] === added.attributes[key]);
    outcome.kept += Object.keys(added.attributes).length - keys.length;
    if (keys.length) {
      outcome.before.attributes = target.attributes;
      target.attributes = Object.fromEntries(Object.entries(target.attributes).filter(([key]) => !keys.includes(key)));
      outcome.after.attributes = target.attributes;
      outcome.removed.attributes = keys.length;
    }
    if (outcome.removed.fields || outcome.removed.tags || outcome.removed.attributes) changed.push(target);
    identityIds.push(...added.identityIds.map((id) => ({ id, c: customerId })));
  }
  await updateCustomerDetailsInBulk(tx, changed);
  for (let i = 0; i < identityIds.length; i += chunkSize) {
    // Only while it is still this customer's: a later merge of customers may have moved it.
    const removed = await rows<{ customer_id: string; kind: string; value: string }>(tx, sql`
      delete from identities i using json_to_recordset(${JSON.stringify(identityIds.slice(i, i + chunkSize))}::json) as r(id uuid, c uuid)
      where i.id = r.id and i.customer_id = r.c returning i.customer_id, i.kind, i.value`);
    for (const identity of removed) {
      const outcome = outcomes.get(identity.customer_id)!;
      outcome.removed.identities++;
      ((outcome.before.identities ??= []) as string[]).push(`${identity.kind}:${identity.value}`);
      outcome.after.identities = [];
    }
  }
  // The order rows come back in is the database's; the audit lists them the same way every time.
  for (const outcome of outcomes.values()) (outcome.before.identities as string[] | undefined)?.sort();
  for (const { customerId, added } of merges) {
    const outcome = outcomes.get(customerId)!;
    outcome.kept += added.identityIds.length - outcome.removed.identities;
  }
  return [...outcomes.values()];
}
