import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { NewPayment, NewProduct, NewSubscription, SubscriptionChange } from '@xiang/shared';
import { normalizePhone } from '@xiang/shared/phone';
import type { Db } from '../platform/db/index.ts';
import { prepared } from '../platform/db/prepared.ts';
import { conflict, invalid, notFound } from '../platform/errors.ts';
import { authorize } from '../platform/policy.ts';
import { audit, record } from '../platform/audit.ts';
import { changedFields, pick } from '../platform/changed-fields.ts';
import type { OwnCustomer, Scope, VisibleCustomer } from '../platform/scope.ts';
import { getCustomer, lockCustomer } from '../customers/service.ts';
import { maskServiceNumber, presentSubscription } from '../customers/masking.ts';
import { showInFull } from '../customers/reveal.ts';
import { bills, payments, products, subscriptions } from './schema.ts';
import { earnPointsForBill, movePoints } from './points.ts';

export async function listProducts(db: Db) {
  return db.select().from(products).orderBy(asc(products.category), asc(products.monthlyFeeFen));
}

/** 产品目录 — a new product on sale; only administrators change the catalogue. */
export async function createProduct(db: Db, scope: Scope, input: z.infer<typeof NewProduct>) {
  authorize(scope.role, 'product.manage');
  return db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: products.id }).from(products).where(eq(products.code, input.code));
    if (taken) throw conflict({ key: 'codeTaken', params: { code: input.code } }, { field: 'code' });
    const [row] = await tx.insert(products).values(input).returning();
    await record(tx, scope, { action: 'product.created', entity: 'product', entityId: row.id, after: row });
    return row;
  });
}

const subscriptionColumns = {
  id: subscriptions.id, customerId: subscriptions.customerId, productId: subscriptions.productId,
  productName: products.name, category: products.category, serviceNumber: subscriptions.serviceNumber,
  status: subscriptions.status, startDate: subscriptions.startDate, endDate: subscriptions.endDate,
  monthlyFeeFen: subscriptions.monthlyFeeFen,
};

const subscriptionsOf = (db: Db) => db.select(subscriptionColumns).from(subscriptions)
  .innerJoin(products, eq(products.id, subscriptions.productId))
  .where(eq(subscriptions.customerId, sql.placeholder('customerId')))
  .orderBy(sql`${subscriptions.status} = 'active' desc`, desc(subscriptions.startDate)).prepare('subscriptions_of_customer');
// A bill still owed comes first, whatever its month: it is what the counter acts on (催缴), and
// a short list then still shows every bill the header counts as unpaid.
const billsOf = (db: Db) => db.select({
  id: bills.id, period: bills.period, amountFen: bills.amountFen, paidFen: bills.paidFen, dueDate: bills.dueDate, status: bills.status,
}).from(bills).where(eq(bills.customerId, sql.placeholder('customerId'))).orderBy(sql`${bills.status} = 'paid'`, desc(bills.period))
  .limit(sql.placeholder('limit')).prepare('bills_of_customer');

/** 在用业务 — a customer's services, active first. */
export async function listSubscriptions(db: Db, customer: VisibleCustomer) {
  const customerId = customer.id;
  return (await prepared(db, 'subscriptions_of_customer', subscriptionsOf).execute({ customerId })).map(presentSubscription);
}

/** 我的业务 — the customer's own services as they see them in the portal: their numbers in full. */
export async function ownSubscriptions(db: Db, customer: OwnCustomer) {
  return prepared(db, 'subscriptions_of_customer', subscriptionsOf).execute({ customerId: customer.id });
}

/**
 * 查看完整业务号码 — one service's number shown in full to a role allowed to, audited like an
 * identity's reveal (the trail keeps the number masked).
 */
export const revealServiceNumber = (db: Db, scope: Scope, customerId: string, subscriptionId: string) => showInFull(db, scope, customerId, {
  action: 'subscription.revealed', what: 'Subscription',
  find: async () => {
    const [subscription] = await db.select({ serviceNumber: subscriptions.serviceNumber }).from(subscriptions)
      .where(and(eq(subscriptions.id, subscriptionId), eq(subscriptions.customerId, customerId)));
    return subscription && { value: subscription.serviceNumber, said: { subscriptionId, value: maskServiceNumber(subscription.serviceNumber) } };
  },
});

/** 开户 — a new service for a customer; a mobile number is stored in E.164. */
export async function addSubscription(db: Db, scope: Scope, customerId: string, input: z.infer<typeof NewSubscription>) {
  return db.transaction(async (tx) => {
    const customer = await lockCustomer(tx, scope, customerId, 'subscription.write');
    const [product] = await tx.select().from(products).where(eq(products.id, input.productId));
    if (!product) throw invalid('productId', { key: 'noSuchProduct' });
    let serviceNumber = input.serviceNumber;
    if (product.category === 'mobile' || product.category === 'fixed_line') {
      const phone = normalizePhone(serviceNumber);
      if (!phone) throw invalid('serviceNumber', { key: 'notAPhone', params: { value: serviceNumber } });
      serviceNumber = phone;
    }
    if (input.endDate && input.endDate < input.startDate) throw invalid('endDate', { key: 'endBeforeStart' });
    const [row] = await tx.insert(subscriptions).values({
      customerId, productId: product.id, serviceNumber, startDate: input.startDate, endDate: input.endDate ?? null,
      monthlyFeeFen: input.monthlyFeeFen ?? product.monthlyFeeFen,
    }).returning();
    await record(tx, scope, { action: 'subscription.added', entity: 'subscription', entityId: row.id, unitId: customer.unitId, after: row });
    return (await listSubscriptions(tx, customer)).find((s) => s.id === row.id)!;
  });
}

/** Suspends, resumes or ends a service (停机, 复机, 拆机); an ended service gets its end date. */
export async function changeSubscription(db: Db, scope: Scope, customerId: string, subscriptionId: string, change: z.infer<typeof SubscriptionChange>) {
  return db.transaction(async (tx) => {
    const customer = await lockCustomer(tx, scope, customerId, 'subscription.write');
    const [before] = await tx.select().from(subscriptions)
      .where(and(eq(subscriptions.id, subscriptionId), eq(subscriptions.customerId, customerId))).for('update');
    if (!before) throw notFound('Subscription');
    if (before.status === 'terminated' && change.status && change.status !== 'terminated') {
      throw invalid('status', { key: 'serviceEnded', params: { change: change.status === 'suspended' ? 'suspended' : 'resumed' } });
    }
    const endDate = change.status === 'terminated' && !change.endDate && !before.endDate ? new Date().toISOString().slice(0, 10) : change.endDate;
    if (endDate && endDate < before.startDate) throw invalid('endDate', { key: 'endBeforeStart' });
    const changed = changedFields(before, { ...change, endDate });
    if (changed) {
      const [after] = await tx.update(subscriptions).set(changed.set).where(eq(subscriptions.id, subscriptionId)).returning();
      await record(tx, scope, {
        action: 'subscription.changed', entity: 'subscription', entityId: subscriptionId, unitId: customer.unitId,
        before: changed.before, after: pick(after, changed.keys),
      });
    }
    return (await listSubscriptions(tx, customer)).find((s) => s.id === subscriptionId)!;
  });
}

/** 缴费 — a payment against a bill; the bill is paid when the payments cover it. */
export async function recordPayment(db: Db, scope: Scope, customerId: string, input: z.infer<typeof NewPayment>) {
  return db.transaction(async (tx) => {
    const customer = await lockCustomer(tx, scope, customerId, 'subscription.write');
    const [bill] = await tx.select().from(bills).where(and(eq(bills.id, input.billId), eq(bills.customerId, customerId))).for('update');
    if (!bill) throw invalid('billId', { key: 'noSuchBill' });
    const owed = bill.amountFen - bill.paidFen;
    if (owed <= 0) throw conflict({ key: 'billPaid' }, { field: 'billId' });
    if (input.amountFen > owed) throw invalid('amountFen', { key: 'overpaid', params: { owed: (owed / 100).toFixed(2) } });
    // A little clock skew is tolerated; a payment dated tomorrow is a typing mistake.
    if (input.paidAt && input.paidAt.getTime() > Date.now() + 5 * 60_000) throw invalid('paidAt', { key: 'paymentInFuture' });
    const [payment] = await tx.insert(payments).values({
      customerId, billId: bill.id, amountFen: input.amountFen, method: input.method, paidAt: input.paidAt ?? new Date(),
    }).returning();
    const paidFen = bill.paidFen + input.amountFen;
    const isPaid = paidFen >= bill.amountFen;
    await tx.update(bills).set({ paidFen, status: isPaid ? 'paid' : bill.status }).where(eq(bills.id, bill.id));
    if (isPaid) await earnPointsForBill(tx, bill, payment.paidAt);
    await record(tx, scope, { action: 'payment.recorded', entity: 'payment', entityId: payment.id, unitId: customer.unitId, after: payment });
    return { id: payment.id, billId: payment.billId, amountFen: payment.amountFen, method: payment.method, paidAt: payment.paidAt };
  });
}

/** The services that have one of these numbers, whoever holds them (the service archive searches by number). */
export async function servicesNumbered(db: Db, numbers: string[]) {
  if (!numbers.length) return [];
  return (await db.select({ id: subscriptions.id }).from(subscriptions).where(inArray(subscriptions.serviceNumber, numbers))).map((s) => s.id);
}

/** 账单 — the latest bills first. */
export async function listBills(db: Db, customer: VisibleCustomer, { limit = 12 } = {}) {
  return prepared(db, 'bills_of_customer', billsOf).execute({ customerId: customer.id, limit });
}

export async function listPayments(db: Db, customer: VisibleCustomer, { limit = 12 } = {}) {
  return db.select({ id: payments.id, billId: payments.billId, amountFen: payments.amountFen, method: payments.method, paidAt: payments.paidAt })
    .from(payments).where(eq(payments.customerId, customer.id)).orderBy(desc(payments.paidAt)).limit(limit);
}

/** Figures for the customer's header card: monthly spend, what is owed, over all their bills. */
const figuresOf = (db: Db) => {
  const id = sql.placeholder('customerId');
  return db.select({
    monthlyFeeFen: sql<number>`coalesce((select sum(monthly_fee_fen) from subscriptions where customer_id = ${id} and status = 'active'), 0)::int`,
    owedFen: sql<number>`coalesce((select sum(amount_fen - paid_fen) from bills where customer_id = ${id} and status <> 'paid'), 0)::bigint`,
    activeServices: sql<number>`(select count(*) from subscriptions where customer_id = ${id} and status = 'active')::int`,
    unpaidBills: sql<number>`(select count(*) from bills where customer_id = ${id} and status <> 'paid')::int`,
    overdueBills: sql<number>`(select count(*) from bills where customer_id = ${id} and status = 'overdue')::int`,
    points: sql<number>`coalesce((select sum(points) from points_entries where customer_id = ${id}), 0)::bigint`,
  }).from(sql`(select 1) as one`).prepare('billing_figures_of_customer');
};

export async function billingFigures(db: Db, customer: VisibleCustomer) {
  const [row] = await prepared(db, 'billing_figures_of_customer', figuresOf).execute({ customerId: customer.id });
  return {
    monthlyFeeFen: Number(row.monthlyFeeFen), owedFen: Number(row.owedFen), activeServices: Number(row.activeServices),
    unpaidBills: Number(row.unpaidBills), overdueBills: Number(row.overdueBills), points: Number(row.points),
  };
}

/** Merge: the merged customer's services, bills and payments now belong to the survivor. */
export async function moveBillingRecords(tx: Db, from: VisibleCustomer, to: VisibleCustomer) {
  const [fromCustomerId, toCustomerId] = [from.id, to.id];
  const moved = {
    subscriptions: (await tx.update(subscriptions).set({ customerId: toCustomerId }).where(eq(subscriptions.customerId, fromCustomerId)).returning({ id: subscriptions.id })).map((r) => r.id),
    bills: (await tx.update(bills).set({ customerId: toCustomerId }).where(eq(bills.customerId, fromCustomerId)).returning({ id: bills.id })).map((r) => r.id),
    payments: (await tx.update(payments).set({ customerId: toCustomerId }).where(eq(payments.customerId, fromCustomerId)).returning({ id: payments.id })).map((r) => r.id),
    pointsEntries: await movePoints(tx, fromCustomerId, toCustomerId),
  };
  return moved;
}
