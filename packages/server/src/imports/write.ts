import { sql } from 'drizzle-orm';
import { rows, type Db } from '../platform/db/index.ts';
import { invalid } from '../platform/errors.ts';
import { authorize } from '../platform/policy.ts';
import { isInScope, type Scope } from '../platform/scope.ts';
import type { BulkCustomer } from '../customers/bulk.ts';
import { nameGrams } from '../customers/identity-values.ts';
import { nameSortKey } from '../customers/name-sort.ts';
import { copyRows, copyTargetOf, textArray, type CopyTarget } from '../platform/db/copy.ts';

/**
 * The commit's writes of new customers and their identities, in the import's transaction (which
 * audits them as one act), by COPY: streamed to a PostgreSQL server, one blob per table on
 * PGlite (faster there than multi-row INSERT too, bench/RESULTS.md). Either way a duplicate
 * identity fails the whole write on the unique index.
 */

/** Target of an import's new customers: the unit chosen and its owner, and the import they come from. */
export interface ImportTarget {
  unitId: string;
  ownerId: string | null;
  importId: string;
}

/** Rows per INSERT (when the driver offers no COPY): large enough to amortise the round trip, small enough to keep each statement short. */
const chunkSize = 2_000;

export async function writeImportedCustomers(tx: Db, scope: Scope, target: ImportTarget, list: BulkCustomer[]) {
  authorize(scope.role, 'customer.import');
  if (!isInScope(scope, target.unitId)) throw invalid('unitId', { key: 'unitNotAllowed' });
  if (list.some((c) => c.unitId && !isInScope(scope, c.unitId))) throw invalid('unitId', { key: 'unitNotAllowed' });
  if (!list.length) return;
  const copyTarget = copyTargetOf(tx);
  if (copyTarget) await copyCustomers(tx, copyTarget, target, list);
  else await insertCustomers(tx, target, list);
}

async function copyCustomers(tx: Db, connection: CopyTarget, target: ImportTarget, list: BulkCustomer[]) {
  const keepsOwner = await unitsKeepingOwner(tx, target, list);
  const numbers = await rows<{ number: string }>(tx, sql`select 'C' || nextval('customer_number_seq') as number from generate_series(1, ${list.length}::int)`);
  await copyRows(connection, 'customers', [
    'id', 'number', 'kind', 'name', 'name_grams', 'name_sort', 'tier', 'unit_id', 'owner_id', 'gender', 'birth_date', 'customer_since',
    'industry', 'address', 'note', 'tags', 'attributes', 'import_id',
  ], list.map((c, n) => {
    const unitId = c.unitId ?? target.unitId;
    return [
      c.id, numbers[n].number, c.kind, c.name, textArray(nameGrams(c.name)), nameSortKey(c.name, c.kind), c.tier, unitId,
      unitId === target.unitId || keepsOwner.has(unitId) ? target.ownerId : null,
      c.gender, c.birthDate, c.customerSince, c.industry, c.address, c.note, textArray(c.tags), JSON.stringify(c.attributes), target.importId,
    ];
  }));
  await copyRows(connection, 'identities', ['customer_id', 'kind', 'value', 'is_primary', 'source'],
    list.flatMap((c) => c.identities.map((identity, n) => [c.id, identity.kind, identity.value, n === 0, 'import'])));
}

/** Units the file places customers in (other than the import's) where the import's owner works: there the owner is kept. */
async function unitsKeepingOwner(tx: Db, target: ImportTarget, list: BulkCustomer[]) {
  const units = [...new Set(list.map((c) => c.unitId).filter((u): u is string => !!u && u !== target.unitId))];
  if (!units.length || !target.ownerId) return new Set<string>();
  const found = await rows<{ id: string }>(tx, sql`
    select row_unit.id from org_units row_unit, users u join org_units owner_unit on owner_unit.id = u.unit_id
    where u.id = ${target.ownerId}::uuid and row_unit.id = any(${sql.param(units)}::uuid[]) and owner_unit.path like row_unit.path || '%'`);
  return new Set(found.map((f) => f.id));
}

async function insertCustomers(tx: Db, target: ImportTarget, list: BulkCustomer[]) {
  for (let i = 0; i < list.length; i += chunkSize) {
    const chunk = list.slice(i, i + chunkSize);
    const rows = chunk.map((c) => ({
      id: c.id, kind: c.kind, name: c.name, grams: nameGrams(c.name), sort: nameSortKey(c.name, c.kind), tier: c.tier, gender: c.gender, birth: c.birthDate, since: c.customerSince,
      industry: c.industry, address: c.address, note: c.note, tags: c.tags, attributes: c.attributes, unit: c.unitId ?? null,
    }));
    // One JSON parameter per chunk: no 65,535-parameter limit.
    // A customer placed in another unit by the file keeps the import's owner only where that owner works inside the unit.
    await tx.execute(sql`
      insert into customers (id, number, kind, name, name_grams, name_sort, tier, unit_id, owner_id, gender, birth_date, customer_since, industry, address, note, tags, attributes, import_id)
      select r.id, 'C' || nextval('customer_number_seq'), r.kind, r.name, r.grams, r.sort, r.tier, coalesce(r.unit, ${target.unitId}::uuid),
             case when r.unit is null or r.unit = ${target.unitId}::uuid then ${target.ownerId}::uuid
                  else (select u.id from users u join org_units owner_unit on owner_unit.id = u.unit_id join org_units row_unit on row_unit.id = r.unit
                        where u.id = ${target.ownerId}::uuid and owner_unit.path like row_unit.path || '%') end,
             r.gender, r.birth, r.since, r.industry, r.address, r.note, r.tags, r.attributes, ${target.importId}::uuid
      from json_to_recordset(${JSON.stringify(rows)}::json) as r(id uuid, kind text, name text, grams text[], sort text, tier text, gender text,
           birth date, since date, industry text, address text, note text, tags text[], attributes jsonb, unit uuid)`);
    const ids = chunk.flatMap((c) => c.identities.map((identity, n) => ({ c: c.id, k: identity.kind, v: identity.value, p: n === 0 })));
    if (ids.length) {
      await tx.execute(sql`
        insert into identities (customer_id, kind, value, is_primary, source)
        select r.c, r.k, r.v, r.p, 'import' from json_to_recordset(${JSON.stringify(ids)}::json) as r(c uuid, k text, v text, p boolean)`);
    }
  }
}
