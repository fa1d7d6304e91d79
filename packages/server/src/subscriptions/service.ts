import { asc, desc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { NewSubscription } from '@xiang/shared';
import { normalizePhone } from '@xiang/shared/phone';
import type { Db } from '../platform/db/index.ts';
import { invalid } from '../platform/errors.ts';
import { record } from '../platform/audit.ts';
import type { Scope } from '../platform/scope.ts';
import { getCustomer, lockCustomer } from '../customers/service.ts';
import { bills, payments, products, subscriptions } from './schema.ts';

export async function listProducts(db: Db) {
  return db.select().from(products).orderBy(asc(products.category), asc(products.monthlyFeeFen));
}

const subscriptionColumns = {
  id: subscriptions.id, customerId: subscriptions.customerId, productId: subscriptions.productId,
  productName: products.name, category: products.category, serviceNumber: subscriptions.serviceNumber,
  status: subscriptions.status, startDate: subscriptions.startDate, endDate: subscriptions.endDate,
  monthlyFeeFen: subscriptions.monthlyFeeFen,
};

/** 在用业务 — a customer's services, active first. */
export async function listSubscriptions(db: Db, scope: Scope, customerId: string, { isChecked = false } = {}) {
  if (!isChecked) await getCustomer(db, scope, customerId);
  return db.select(subscriptionColumns).from(subscriptions).innerJoin(products, eq(products.id, subscriptions.productId))
    .where(eq(subscriptions.customerId, customerId))
    .orderBy(sql`${subscriptions.status} = 'active' desc`, desc(subscriptions.startDate));
}

/** 开户 — a new service for a customer; a mobile number is stored in E.164. */
export async function addSubscription(db: Db, scope: Scope, customerId: string, input: z.infer<typeof NewSubscription>) {
  return db.transaction(async (tx) => {
    const customer = await lockCustomer(tx, scope, customerId, 'subscription.write');
    const [product] = await tx.select().from(products).where(eq(products.id, input.productId));
    if (!product) throw invalid('productId', 'No such product.');
    let serviceNumber = input.serviceNumber;
    if (product.category === 'mobile' || product.category === 'fixed_line') {
      const phone = normalizePhone(serviceNumber);
      if (!phone) throw invalid('serviceNumber', `"${serviceNumber}" is not a phone number.`);
      serviceNumber = phone;
    }
    if (input.endDate && input.endDate < input.startDate) throw invalid('endDate', 'The end date is before the start date.');
    const [row] = await tx.insert(subscriptions).values({
      customerId, productId: product.id, serviceNumber, startDate: input.startDate, endDate: input.endDate ?? null,
      monthlyFeeFen: input.monthlyFeeFen ?? product.monthlyFeeFen,
    }).returning();
    await record(tx, scope, { action: 'subscription.added', entity: 'subscription', entityId: row.id, unitId: customer.unitId, after: row });
    return (await listSubscriptions(tx, scope, customerId, { isChecked: true })).find((s) => s.id === row.id)!;
  });
}

/** 账单 — the latest bills first. */
export async function listBills(db: Db, scope: Scope, customerId: string, { limit = 12, isChecked = false } = {}) {
  if (!isChecked) await getCustomer(db, scope, customerId);
  return db.select({
    id: bills.id, period: bills.period, amountFen: bills.amountFen, paidFen: bills.paidFen, dueDate: bills.dueDate, status: bills.status,
  }).from(bills).where(eq(bills.customerId, customerId)).orderBy(desc(bills.period)).limit(limit);
}

export async function listPayments(db: Db, scope: Scope, customerId: string, { limit = 12, isChecked = false } = {}) {
  if (!isChecked) await getCustomer(db, scope, customerId);
  return db.select({ id: payments.id, billId: payments.billId, amountFen: payments.amountFen, method: payments.method, paidAt: payments.paidAt })
    .from(payments).where(eq(payments.customerId, customerId)).orderBy(desc(payments.paidAt)).limit(limit);
}

/** Figures for the customer's header card: monthly spend and what is owed. */
export async function billingFigures(db: Db, customerId: string) {
  const [row] = await db.select({
    monthlyFeeFen: sql<number>`coalesce((select sum(monthly_fee_fen) from subscriptions where customer_id = ${customerId} and status = 'active'), 0)::int`,
    owedFen: sql<number>`coalesce((select sum(amount_fen - paid_fen) from bills where customer_id = ${customerId} and status <> 'paid'), 0)::bigint`,
    activeServices: sql<number>`(select count(*) from subscriptions where customer_id = ${customerId} and status = 'active')::int`,
  }).from(sql`(select 1) as one`);
  return { monthlyFeeFen: Number(row.monthlyFeeFen), owedFen: Number(row.owedFen), activeServices: Number(row.activeServices) };
}

/** Merge: the merged customer's services, bills and payments now belong to the survivor. */
export async function moveBillingRecords(tx: Db, fromCustomerId: string, toCustomerId: string) {
  const moved = {
    subscriptions: (await tx.update(subscriptions).set({ customerId: toCustomerId }).where(eq(subscriptions.customerId, fromCustomerId)).returning({ id: subscriptions.id })).map((r) => r.id),
    bills: (await tx.update(bills).set({ customerId: toCustomerId }).where(eq(bills.customerId, fromCustomerId)).returning({ id: bills.id })).map((r) => r.id),
    payments: (await tx.update(payments).set({ customerId: toCustomerId }).where(eq(payments.customerId, fromCustomerId)).returning({ id: payments.id })).map((r) => r.id),
  };
  return moved;
}
