import { eq, sql } from 'drizzle-orm';
import type { ImportMerge } from '@xiang/shared';
import type { Db } from '../platform/db/index.ts';
import { auditMany } from '../platform/audit.ts';
import type { Scope } from '../platform/scope.ts';
import { mergeIntoCustomersInBulk, unmergeCustomersInBulk } from '../customers/bulk.ts';
import { insertMissingSubscriptionsInBulk, removeImportedSubscriptions } from '../subscriptions/bulk.ts';
import { customerImportMerges, type MergeAdditions } from './schema.ts';
import type { FileCheck } from './check.ts';

/** Audit rows per INSERT. */
/** Merge records per INSERT (one JSON parameter each). */
const mergeChunk = 2_000;

/**
 * 导入合并 (merge_duplicates): rows that name one existing customer add to that customer what it
 * lacks — identities, services, tags, attributes, empty descriptive fields. One audit row per
 * customer, and the additions kept id by id so undo can take them out. Runs inside the commit's transaction.
 */
export async function mergeIntoExistingCustomers(tx: Db, scope: Scope, importId: string, mergeable: FileCheck['mergeable']) {
  if (!mergeable.length) return { mergedRows: 0, mergedCustomers: 0, merged: [] as ImportMerge[] };
  const outcomes = await mergeIntoCustomersInBulk(tx, scope, mergeable.map(({ customer, customerId }) => ({ customerId, customer })));
  const services = await insertMissingSubscriptionsInBulk(tx, mergeable.flatMap(({ customer, customerId }) => customer.services.map((s) => ({ ...s, customerId }))));
  const servicesOf = byCustomer(services);
  const rowsOf = new Map<string, number[]>();
  for (const { customer, customerId } of mergeable) rowsOf.set(customerId, [...(rowsOf.get(customerId) ?? []), ...customer.rows]);

  const records = outcomes.map((o) => {
    const added = servicesOf.get(o.customerId) ?? [];
    if (added.length) {
      o.before.services = [];
      o.after.services = added.map((s) => s.serviceNumber).sort();
    }
    const additions: MergeAdditions = {
      identityIds: o.added.identityIds, serviceIds: added.map((s) => s.id),
      tags: o.added.tags, attributes: o.added.attributes, fields: o.added.fields as Record<string, string>,
    };
    return { outcome: o, rows: rowsOf.get(o.customerId)!.sort((a, b) => a - b), additions };
  });
  for (let i = 0; i < records.length; i += mergeChunk) {
    const chunk = records.slice(i, i + mergeChunk).map((r) => ({ c: r.outcome.customerId, r: r.rows, a: r.additions }));
    await tx.execute(sql`
      insert into customer_import_merges (import_id, customer_id, rows, added)
      select ${importId}::uuid, r.c, r.r, r.a from json_to_recordset(${JSON.stringify(chunk)}::json) as r(c uuid, r integer[], a jsonb)`);
  }
  await auditMany(tx, scope, records.map(({ outcome, rows }) => ({
    action: 'customer.import_merged', entity: 'customer', entityId: outcome.customerId, unitId: outcome.unitId,
    before: outcome.before, after: { ...outcome.after, importId, rows },
  })));
  const merged = records.flatMap((r) => r.rows.map((row) => ({ row, customerId: r.outcome.customerId }))).sort((a, b) => a.row - b.row);
  return { mergedRows: merged.length, mergedCustomers: records.length, merged };
}

/**
 * Undo of 导入合并: takes out of each existing customer what this import added, each addition
 * only while it is still as the import left it; what someone changed since is kept and counted.
 */
export async function undoMerges(tx: Db, scope: Scope, importId: string) {
  const merges = await tx.select().from(customerImportMerges).where(eq(customerImportMerges.importId, importId));
  const removedAdditions = { identities: 0, services: 0, tags: 0, attributes: 0, fields: 0 };
  if (!merges.length) return { unmergedCustomers: 0, removedAdditions, keptAdditions: 0 };
  const outcomes = await unmergeCustomersInBulk(tx, scope, merges.map((m) => ({ customerId: m.customerId, added: m.added })));
  const services = await removeImportedSubscriptions(tx, merges.flatMap((m) => m.added.serviceIds.map((id) => ({ id, customerId: m.customerId }))));
  const servicesOf = byCustomer(services);
  const mergeOf = new Map(merges.map((m) => [m.customerId, m]));
  let keptAdditions = 0;
  for (const o of outcomes) {
    const removed = servicesOf.get(o.customerId) ?? [];
    const merge = mergeOf.get(o.customerId)!;
    if (removed.length) {
      o.before.services = removed.map((s) => s.serviceNumber).sort();
      o.after.services = [];
    }
    keptAdditions += o.kept + merge.added.serviceIds.length - removed.length;
    removedAdditions.identities += o.removed.identities;
    removedAdditions.tags += o.removed.tags;
    removedAdditions.attributes += o.removed.attributes;
    removedAdditions.fields += o.removed.fields;
  }
  removedAdditions.services = services.length;
  await auditMany(tx, scope, outcomes.map((o) => ({
    action: 'customer.import_merge_undone', entity: 'customer', entityId: o.customerId, unitId: o.unitId,
    before: o.before, after: { ...o.after, importId },
  })));
  return { unmergedCustomers: outcomes.length, removedAdditions, keptAdditions };
}

/** Rows of this import merged into existing customers (not problems any more once committed). */
export async function mergedRowsOf(db: Db, importId: string) {
  const merges = await db.select({ rows: customerImportMerges.rows }).from(customerImportMerges).where(eq(customerImportMerges.importId, importId));
  return new Set(merges.flatMap((m) => m.rows));
}

function byCustomer<T extends { customerId: string }>(list: T[]) {
  const grouped = new Map<string, T[]>();
  for (const item of list) {
    const group = grouped.get(item.customerId);
    if (group) group.push(item);
    else grouped.set(item.customerId, [item]);
  }
  return grouped;
}
