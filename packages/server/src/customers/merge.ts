import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { MergeRequest } from '@xiang/shared';
import type { Db } from '../platform/db/index.ts';
import { conflict } from '../platform/errors.ts';
import { record } from '../platform/audit.ts';
import type { Scope } from '../platform/scope.ts';
import { contacts, customerMerges, customers, identities } from './schema.ts';
import { getCustomer, lockCustomer } from './service.ts';
import { runMergeHooks } from './hooks.ts';
import { nameGrams } from './identity-values.ts';
import { nameSortKey } from './name-sort.ts';

/**
 * 客户合并 — two records found to be one person become one. Everything the merged customer had
 * (identities, contacts, services, bills, payments, timeline, files) moves to the survivor;
 * the merged record stays, marked merged, pointing to the survivor, and the move is recorded
 * id by id so anyone can see what came from where.
 */
export async function mergeCustomers(db: Db, scope: Scope, input: z.infer<typeof MergeRequest>) {
  return db.transaction(async (tx) => {
    // Lock in id order so two merges of the same pair cannot deadlock.
    const [first, second] = [input.survivorId, input.mergedId].sort();
    const locked = new Map([
      [first, await lockCustomer(tx, scope, first, 'customer.merge')],
      [second, await lockCustomer(tx, scope, second, 'customer.merge')],
    ]);
    const survivor = locked.get(input.survivorId)!;
    const merged = locked.get(input.mergedId)!;
    if (survivor.status === 'merged' || merged.status === 'merged') throw conflict({ key: 'alreadyMerged' });

    const taken: Partial<typeof customers.$inferInsert> = {};
    for (const field of input.takeFromMerged) (taken as Record<string, unknown>)[field] = merged[field];
    if (taken.name) {
      taken.nameGrams = nameGrams(taken.name);
      taken.nameSort = nameSortKey(taken.name, survivor.kind);
    }
    const moved = {
      identities: (await tx.update(identities).set({ customerId: survivor.id, isPrimary: false })
        .where(eq(identities.customerId, merged.id)).returning({ id: identities.id })).map((r) => r.id),
      contacts: (await tx.update(contacts).set({ customerId: survivor.id })
        .where(eq(contacts.customerId, merged.id)).returning({ id: contacts.id })).map((r) => r.id),
      // Services, bills, payments, the timeline, tasks …: each module moves its own (its manifest's hooks).
      ...(await runMergeHooks(tx, merged, survivor)),
      tags: merged.tags.filter((t) => !survivor.tags.includes(t)),
      attributes: Object.keys(merged.attributes as object).filter((k) => !(k in (survivor.attributes as object))),
      fields: taken,
    };
    await tx.update(customers).set({
      ...taken,
      tags: [...survivor.tags, ...moved.tags],
      attributes: { ...(merged.attributes as object), ...(survivor.attributes as object) },
      // A key account stays a key account whichever record survives.
      tier: taken.tier ?? (merged.tier === 'key' ? 'key' : survivor.tier),
      updatedAt: new Date(),
    }).where(eq(customers.id, survivor.id));
    await tx.update(customers).set({ status: 'merged', mergedIntoId: survivor.id, updatedAt: new Date() }).where(eq(customers.id, merged.id));
    const [merge] = await tx.insert(customerMerges).values({ survivorId: survivor.id, mergedId: merged.id, actorId: scope.userId, moved }).returning();
    await record(tx, scope, {
      action: 'customer.merged', entity: 'customer', entityId: survivor.id, unitId: survivor.unitId,
      before: { survivor: survivor.id, merged: merged.id }, after: { mergeId: merge.id, moved },
    });
    return { survivor: await getCustomer(tx, scope, survivor.id), mergeId: merge.id, moved: countsOf(moved) };
  });
}

function countsOf(moved: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(moved).filter(([, v]) => Array.isArray(v)).map(([k, v]) => [k, (v as unknown[]).length]));
}
