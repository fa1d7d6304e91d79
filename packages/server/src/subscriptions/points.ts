import { desc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { PointsAdjustment } from '@xiang/shared';
import type { Db } from '../platform/db/index.ts';
import { conflict } from '../platform/errors.ts';
import { record } from '../platform/audit.ts';
import type { OwnCustomer, Scope, VisibleCustomer } from '../platform/scope.ts';
import { lockCustomer } from '../customers/service.ts';
import { bills, pointsEntries } from './schema.ts';

/** 积分规则 — one point for each whole yuan of a bill, earned when the bill is paid in full. */
const pointsForBill = (amountFen: number) => Math.floor(amountFen / 100);

const balanceOf = async (db: Db, customerId: string) => {
  const [row] = await db.select({ balance: sql<string>`coalesce(sum(${pointsEntries.points}), 0)::bigint` }).from(pointsEntries).where(eq(pointsEntries.customerId, customerId));
  return Number(row.balance);
};

/** The balance and the latest entries, newest first: what staff and the customer themself see. */
export async function pointsOf(db: Db, customer: VisibleCustomer | OwnCustomer, { limit = 20 } = {}) {
  const [balance, entries] = await Promise.all([
    balanceOf(db, customer.id),
    db.select({
      id: pointsEntries.id, points: pointsEntries.points, reason: pointsEntries.reason, billId: pointsEntries.billId, billPeriod: bills.period,
      note: pointsEntries.note, occurredAt: pointsEntries.occurredAt,
    }).from(pointsEntries).leftJoin(bills, eq(bills.id, pointsEntries.billId)).where(eq(pointsEntries.customerId, customer.id)).orderBy(desc(pointsEntries.occurredAt), desc(pointsEntries.id)).limit(limit),
  ]);
  return { balance, entries };
}

/** A bill just paid in full earns its points, once (a unique index holds it to one entry). Called in the payment's transaction. */
export async function earnPointsForBill(tx: Db, bill: { id: string; customerId: string; amountFen: number }, paidAt: Date) {
  const points = pointsForBill(bill.amountFen);
  if (points <= 0) return null;
  const [entry] = await tx.insert(pointsEntries).values({ customerId: bill.customerId, points, reason: 'bill_paid', billId: bill.id, occurredAt: paidAt })
    .onConflictDoNothing().returning();
  return entry ?? null;
}

/**
 * 积分调整 — staff add or take away points, with the reason said; the balance never goes below
 * zero (points taken that were never there are a mistake, refused with the balance).
 */
export async function adjustPoints(db: Db, scope: Scope, customerId: string, input: z.infer<typeof PointsAdjustment>) {
  return db.transaction(async (tx) => {
    // The customer's row lock keeps two adjustments from both passing the balance check.
    const customer = await lockCustomer(tx, scope, customerId, 'subscription.write');
    const balance = await balanceOf(tx, customer.id);
    if (balance + input.points < 0) throw conflict({ key: 'pointsShort', params: { balance } }, { field: 'points' });
    const [entry] = await tx.insert(pointsEntries).values({ customerId: customer.id, points: input.points, reason: 'adjusted', note: input.note, createdBy: scope.userId }).returning();
    await record(tx, scope, { action: 'points.adjusted', entity: 'customer', entityId: customer.id, unitId: customer.unitId,
      before: { balance }, after: { balance: balance + input.points, points: input.points, note: input.note } });
    return pointsOf(tx, customer);
  });
}

/** Merge: the merged customer's points are the survivor's now (their entries move, so the history stays). */
export async function movePoints(tx: Db, fromCustomerId: string, toCustomerId: string) {
  return (await tx.update(pointsEntries).set({ customerId: toCustomerId }).where(eq(pointsEntries.customerId, fromCustomerId)).returning({ id: pointsEntries.id })).map((r) => r.id);
}
