import { and, eq, sql } from 'drizzle-orm';
import type { IdentityKind } from '@xiang/shared';
import type { Db } from '../platform/db/index.ts';
import { invalid } from '../platform/errors.ts';
import { authorize } from '../platform/policy.ts';
import { isInScope, withinScope, type Scope } from '../platform/scope.ts';
import { orgUnits } from '../platform/org/schema.ts';
import { customers, identities } from './schema.ts';
import { nameGrams } from './identity-values.ts';
import { checkOwner } from './service.ts';

/**
 * Bulk writes for 数据导入: thousands of customers per statement instead of one request each.
 * The caller audits the batch as a whole, in the same transaction.
 */

/** A customer ready to be written: identities already canonical (identity-values.ts). */
export interface BulkCustomer {
  id: string;
  kind: 'individual' | 'enterprise';
  name: string;
  tier: 'key' | 'regular';
  gender: 'male' | 'female' | null;
  birthDate: string | null;
  industry: string | null;
  address: string | null;
  note: string | null;
  tags: string[];
  attributes: Record<string, string>;
  identities: { kind: IdentityKind; value: string }[];
}

/** Rows per INSERT: large enough to amortise the round trip, small enough to keep each statement short. */
const chunkSize = 2_000;
/** Values per lookup of existing identities. */
const lookupSize = 5_000;

/** Where imported customers go: a unit in the caller's scope, and an owner who works there. */
export async function checkBulkTarget(db: Db, scope: Scope, target: { unitId?: string; ownerId?: string | null }) {
  authorize(scope.role, 'customer.import');
  const unitId = target.unitId ?? scope.unitId;
  if (!isInScope(scope, unitId)) throw invalid('unitId', 'You cannot add customers to that unit.');
  const [unit] = await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, unitId));
  if (!unit) throw invalid('unitId', 'That unit does not exist.');
  // As for one new customer: an account manager's imports are theirs unless they say otherwise.
  const ownerId = target.ownerId === undefined && scope.role === 'account_manager' ? scope.userId : target.ownerId ?? null;
  if (ownerId) await checkOwner(db, scope, ownerId, unitId);
  return { unitId, ownerId };
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
  const holders = new Map<string, { customerId: string | null; isVisible: boolean }>();
  for (const [kind, values] of byKind) {
    const list = [...values];
    for (let i = 0; i < list.length; i += lookupSize) {
      const found = await db.select({ value: identities.value, customerId: identities.customerId, unitId: customers.unitId })
        .from(identities).innerJoin(customers, eq(customers.id, identities.customerId))
        .where(and(
          eq(identities.kind, kind), sql`${identities.value} = any(${sql.param(list.slice(i, i + lookupSize))}::text[])`,
          // Reading a committed import again: the customers it created are not duplicates of themselves.
          exceptImportId ? sql`${customers.importId} is distinct from ${exceptImportId}::uuid` : undefined,
        ));
      for (const f of found) {
        const isVisible = isInScope(scope, f.unitId);
        holders.set(`${kind}:${f.value}`, { customerId: isVisible ? f.customerId : null, isVisible });
      }
    }
  }
  return holders;
}

/**
 * Writes imported customers and their identities, a chunk per statement. Call inside the
 * import's transaction; a duplicate identity fails the whole statement (unique index).
 */
export async function insertBulkCustomers(tx: Db, scope: Scope, target: { unitId: string; ownerId: string | null; importId: string }, list: BulkCustomer[]) {
  authorize(scope.role, 'customer.import');
  if (!isInScope(scope, target.unitId)) throw invalid('unitId', 'You cannot add customers to that unit.');
  for (let i = 0; i < list.length; i += chunkSize) {
    const chunk = list.slice(i, i + chunkSize);
    const rows = chunk.map((c) => ({
      id: c.id, kind: c.kind, name: c.name, grams: nameGrams(c.name), tier: c.tier, gender: c.gender, birth: c.birthDate,
      industry: c.industry, address: c.address, note: c.note, tags: c.tags, attributes: c.attributes,
    }));
    // One JSON parameter per chunk: the same statement on PGlite and node-postgres, no 65,535-parameter limit.
    await tx.execute(sql`
      insert into customers (id, number, kind, name, name_grams, tier, unit_id, owner_id, gender, birth_date, industry, address, note, tags, attributes, import_id)
      select r.id, 'C' || nextval('customer_number_seq'), r.kind, r.name, r.grams, r.tier, ${target.unitId}::uuid, ${target.ownerId}::uuid,
             r.gender, r.birth, r.industry, r.address, r.note, r.tags, r.attributes, ${target.importId}::uuid
      from json_to_recordset(${JSON.stringify(rows)}::json) as r(id uuid, kind text, name text, grams text[], tier text, gender text,
           birth date, industry text, address text, note text, tags text[], attributes jsonb)`);
    const ids = chunk.flatMap((c) => c.identities.map((identity, n) => ({ c: c.id, k: identity.kind, v: identity.value, p: n === 0 })));
    if (ids.length) {
      await tx.execute(sql`
        insert into identities (customer_id, kind, value, is_primary, source)
        select r.c, r.k, r.v, r.p, 'import' from json_to_recordset(${JSON.stringify(ids)}::json) as r(c uuid, k text, v text, p boolean)`);
    }
  }
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
