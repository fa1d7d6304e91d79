import { and, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ServiceContractInput, TicketPriority } from '@xiang/shared';
import type { Db } from '../platform/db/index.ts';
import { audit } from '../platform/audit.ts';
import { invalid } from '../platform/errors.ts';
import { defineMessages } from '../platform/messages.ts';
import type { Scope, VisibleCustomer } from '../platform/scope.ts';
import { getCustomer, lockCustomer } from '../customers/service.ts';
import { listProducts } from '../subscriptions/service.ts';
import { slaPolicies, tickets } from './schema.ts';
import { presentPolicies } from './terms.ts';

/**
 * 服务合同 — the SLA terms agreed with one customer: per priority, for all their services or for
 * one product. They come before every general policy (sla.ts `choosePolicy`). The contract is the
 * customer's: it is read and set through the customer's scope, by whoever may set SLA terms
 * (`sla.manage`) and sees the customer; a local network's administrator sets their customers'.
 */

type Term = z.infer<typeof ServiceContractInput>['policies'][number];
type Policy = typeof slaPolicies.$inferSelect;

const tell = defineMessages({
  contractTermTwice: {
    en: 'Term {row} is for the same priority and product as term {first}; keep one.',
    zh: '第 {row} 条与第 {first} 条针对同一优先级和产品，请只保留一条。',
  },
  contractProductUnknown: { en: 'No product has this id.', zh: '没有这个产品。' },
});

const priorityWords: Record<z.infer<typeof TicketPriority>, string> = { urgent: '紧急', high: '高', normal: '普通', low: '低' };

/** A term's place in the contract: one per priority and product (none: all the customer's services). */
const reachOf = (p: { priority: string; productId: string | null }) => `${p.priority}|${p.productId ?? ''}`;

const ofCustomer = (customer: VisibleCustomer) => eq(slaPolicies.customerId, customer.id);

/** The terms as the audit trail keeps them: what was agreed, not the rows' ids. */
const termsOf = (list: (Term | Policy)[]) => list.map((p) => ({
  reach: reachOf(p), first: p.firstResponseMinutes, next: p.nextResponseMinutes, resolution: p.resolutionMinutes, clock: p.clock, isActive: p.isActive,
}));

/** The customer's contract, active terms first; an empty list when none was agreed (the general terms apply). */
export async function serviceContract(db: Db, scope: Scope, customerId: string) {
  const customer = await getCustomer(db, scope, customerId);
  return { customerId: customer.id, items: await presentPolicies(db, ofCustomer(customer)) };
}

/**
 * The whole contract at once: a term already there (same priority and product) keeps its id, so
 * tickets timed by it still name it; one left out is deleted, or switched off when a ticket names
 * it (its clock still counts on the terms). As with the general terms, open tickets keep the due
 * times they have; new terms apply to tickets opened or re-prioritised from now.
 */
export async function setServiceContract(db: Db, scope: Scope, customerId: string, input: z.infer<typeof ServiceContractInput>) {
  return db.transaction(async (tx) => {
    // Through the scope first (another unit's customer is a 404), then merged (409), then the body.
    const customer = await lockCustomer(tx, scope, customerId, 'sla.manage');
    const names = await checkTerms(tx, input.policies);
    const before = await tx.select().from(slaPolicies).where(ofCustomer(customer)).for('update');
    const byReach = new Map(before.map((p) => [reachOf(p), p]));
    for (const term of input.policies) {
      const name = `服务合同 ${priorityWords[term.priority]}${term.productId ? ` ${names.get(term.productId)}` : ''}`;
      const existing = byReach.get(reachOf(term));
      if (existing) await tx.update(slaPolicies).set({ ...term, name, updatedAt: new Date() }).where(eq(slaPolicies.id, existing.id));
      else await tx.insert(slaPolicies).values({ ...term, name, customerId: customer.id });
    }
    const kept = new Set(input.policies.map(reachOf));
    await removeTerms(tx, before.filter((p) => !kept.has(reachOf(p))));
    await audit(tx, scope, { action: 'sla.contract_changed', entity: 'customer', entityId: customer.id, unitId: customer.unitId,
      before: termsOf(before), after: termsOf(input.policies) });
    return { customerId: customer.id, items: await presentPolicies(tx, ofCustomer(customer)) };
  });
}

/** One term per priority and product, each for a product of the catalogue (the catalogue's names are returned); the refusal names the row. */
async function checkTerms(tx: Db, terms: Term[]) {
  const seen = new Map<string, number>();
  terms.forEach((p, i) => {
    const first = seen.get(reachOf(p));
    if (first !== undefined) throw invalid(`policies.${i}.priority`, tell('contractTermTwice', { row: i + 1, first: first + 1 }));
    seen.set(reachOf(p), i);
  });
  const names = new Map((await listProducts(tx)).map((p) => [p.id, p.name]));
  terms.forEach((p, i) => { if (p.productId && !names.has(p.productId)) throw invalid(`policies.${i}.productId`, tell('contractProductUnknown')); });
  return names;
}

/** Terms no ticket names are deleted; the others are switched off, so those tickets' clocks keep their terms. */
async function removeTerms(tx: Db, gone: Policy[]) {
  if (!gone.length) return;
  const ids = gone.map((p) => p.id);
  const isNamed = new Set((await tx.selectDistinct({ id: tickets.slaPolicyId }).from(tickets).where(inArray(tickets.slaPolicyId, ids))).map((r) => r.id));
  const named = ids.filter((id) => isNamed.has(id));
  const unnamed = ids.filter((id) => !isNamed.has(id));
  if (unnamed.length) await tx.delete(slaPolicies).where(inArray(slaPolicies.id, unnamed));
  if (named.length) await tx.update(slaPolicies).set({ isActive: false, updatedAt: new Date() }).where(inArray(slaPolicies.id, named));
}

/**
 * Merging customers: the merged customer's contract is the survivor's now, term by term, unless
 * the survivor agreed its own for that priority and product; then the survivor's stands and the
 * merged one's stays, switched off, on the merged record. The merge's record lists both.
 */
export async function moveContractOnMerge(tx: Db, merged: VisibleCustomer, survivor: VisibleCustomer) {
  const [theirs, own] = await Promise.all([
    tx.select().from(slaPolicies).where(ofCustomer(merged)).for('update'),
    tx.select().from(slaPolicies).where(ofCustomer(survivor)).for('update'),
  ]);
  const ownReaches = new Set(own.map(reachOf));
  const moving = theirs.filter((p) => !ownReaches.has(reachOf(p))).map((p) => p.id);
  const overruled = theirs.filter((p) => ownReaches.has(reachOf(p))).map((p) => p.id);
  if (moving.length) await tx.update(slaPolicies).set({ customerId: survivor.id, updatedAt: new Date() }).where(inArray(slaPolicies.id, moving));
  if (overruled.length) await tx.update(slaPolicies).set({ isActive: false, updatedAt: new Date() }).where(and(inArray(slaPolicies.id, overruled), sql`${slaPolicies.isActive}`));
  return { contractTerms: moving, contractTermsOverruled: overruled };
}
