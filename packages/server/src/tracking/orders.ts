import { createHash } from 'node:crypto';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { CustomerOrderQuery, NewOnlineOrder, OnlineOrder } from '@xiang/shared';
import type { Db } from '../platform/db/index.ts';
import { invalid, Problem } from '../platform/errors.ts';
import { record } from '../platform/audit.ts';
import { defineMessages } from '../platform/messages.ts';
import { decodeCursor, pageOf } from '../platform/paging.ts';
import type { Scope, VisibleCustomer } from '../platform/scope.ts';
import { getCustomer } from '../customers/service.ts';
import { recordSystemInteraction } from '../interactions/system.ts';
import { linkVisitor } from './ingest.ts';
import { getSite } from './sites.ts';
import { recordConsents, takeCustomer, type CustomerMatch } from './registrations.ts';
import { trackingOrderItems, trackingOrders, trackingSites } from './schema.ts';

const tell = defineMessages({
  orderTotalWrong: { en: 'The total is {total} fen, but the items add up to {sum} fen (quantity × unit price): send the items\' sum.', zh: '订单金额为 {total} 分，而明细合计（数量 × 单价）为 {sum} 分，请按明细合计填写。' },
  orderNumberTaken: { en: 'Order {orderNumber} of this site was recorded before with other content: a new order needs a new number.', zh: '本站点的订单 {orderNumber} 已按不同内容记录过，新订单请使用新的订单号。' },
});

type Input = z.infer<typeof NewOnlineOrder>;
type OrderRow = typeof trackingOrders.$inferSelect;

/**
 * The order's fingerprint: its content as parsed (defaults filled, strings trimmed), keys in a fixed
 * order, so the same order sent again, whatever the JSON's key order, is known for the same.
 */
function contentHashOf(input: Input): string {
  const sorted = (value: unknown): unknown => value instanceof Date ? value.toISOString()
    : Array.isArray(value) ? value.map(sorted)
      : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sorted(v)]))
        : value;
  return createHash('sha256').update(JSON.stringify(sorted(input))).digest('hex');
}

/** A name for no one: the concurrent writer of the same order number won, and this write rolls back. */
class OrderNumberRace extends Error {}

/**
 * 网上订单 — an order the site's server posts (an API token with `tracking.vouch`). One transaction,
 * one account: the customer (found, made, or two merged into one), the order and its items, the
 * visitor's link and the timeline entry commit together or not at all. The same number with the
 * same content is the same order (200, nothing written again); with other content, a 409.
 */
export async function recordOrder(db: Db, scope: Scope, siteId: string, input: Input): Promise<{ isNew: boolean; order: z.infer<typeof OnlineOrder> & { customerMatch: CustomerMatch; isVisitorLinked: boolean } }> {
  const site = await getSite(db, scope, siteId);
  const sum = input.items.reduce((total, item) => total + item.quantity * item.unitPrice, 0);
  if (sum !== input.total) throw invalid('total', tell('orderTotalWrong', { total: input.total, sum }));
  const contentHash = contentHashOf(input);
  const earlier = async () => {
    const [order] = await db.select().from(trackingOrders).where(and(eq(trackingOrders.siteId, site.id), eq(trackingOrders.orderNumber, input.orderNumber)));
    if (!order) return null;
    if (order.contentHash !== contentHash) throw new Problem(409, 'Conflict', tell('orderNumberTaken', { orderNumber: input.orderNumber }), { field: 'orderNumber' });
    const [presented] = await presentOrders(db, [order], site.name);
    return { isNew: false, order: { ...presented, customerMatch: 'found' as const, isVisitorLinked: order.visitorId !== null } };
  };
  const retried = await earlier();
  if (retried) return retried;
  try {
    return await db.transaction(async (tx) => {
      const { customer, match } = await takeCustomer(tx, scope, site, input.customer, 'customer');
      await recordConsents(tx, scope, customer, input.consents);
      // Taken by number first: a concurrent post of the same number makes this one roll back, customer and all.
      const [order] = await tx.insert(trackingOrders).values({
        siteId: site.id, orderNumber: input.orderNumber, customerId: customer.id, contentHash, total: input.total, currency: input.currency,
        paymentMethod: input.paymentMethod, isPaid: input.isPaid, orderedAt: input.orderedAt, shippingAddress: input.shippingAddress ?? null,
        visitorId: input.visitorId ?? null,
      }).onConflictDoNothing().returning();
      if (!order) throw new OrderNumberRace();
      await tx.insert(trackingOrderItems).values(input.items.map((item, line) => ({ orderId: order.id, line, ...item })));
      const isVisitorLinked = input.visitorId ? await linkVisitor(tx, site, input.visitorId, customer) : false;
      await recordOrderOnTimeline(tx, customer, site, order, input);
      await record(tx, scope, { action: 'order.recorded', entity: 'order', entityId: order.id, unitId: customer.unitId,
        after: { siteId: site.id, orderNumber: order.orderNumber, customerId: customer.id, total: order.total, currency: order.currency, customerMatch: match } });
      const [presented] = await presentOrders(tx, [order], site.name);
      return { isNew: true, order: { ...presented, customerMatch: match, isVisitorLinked } };
    });
  } catch (error) {
    if (!(error instanceof OrderNumberRace)) throw error;
    // The other writer's order is committed now: answered as a retry of it, or as a clash.
    return (await earlier())!;
  }
}

/** 交易记录 — the order as one transactional entry on the customer's timeline. */
async function recordOrderOnTimeline(tx: Db, customer: VisibleCustomer, site: { id: string; name: string }, order: OrderRow, input: Input) {
  const pieces = input.items.reduce((n, item) => n + item.quantity, 0);
  const amount = `${order.currency === 'CNY' ? '¥' : `${order.currency} `}${(order.total / 100).toFixed(2)}`;
  await recordSystemInteraction(tx, {
    customerId: customer.id, kind: 'transactional', channel: 'web', type: 'web.order',
    summary: `在站点「${site.name}」下单 ${order.orderNumber}：${pieces} 件，${amount}，${order.isPaid ? '已支付' : '未支付'}`,
    payload: { siteId: site.id, siteName: site.name, orderId: order.id, orderNumber: order.orderNumber, total: order.total, currency: order.currency, isPaid: order.isPaid },
  });
}

async function presentOrders(db: Db, orders: OrderRow[], siteName?: string) {
  if (!orders.length) return [];
  const ids = orders.map((o) => o.id);
  const items = await db.select().from(trackingOrderItems).where(inArray(trackingOrderItems.orderId, ids)).orderBy(asc(trackingOrderItems.orderId), asc(trackingOrderItems.line));
  const names = siteName ? null : new Map((await db.select({ id: trackingSites.id, name: trackingSites.name }).from(trackingSites)
    .where(inArray(trackingSites.id, [...new Set(orders.map((o) => o.siteId))]))).map((s) => [s.id, s.name]));
  return orders.map((o) => ({
    id: o.id, siteId: o.siteId, siteName: siteName ?? names?.get(o.siteId) ?? '', orderNumber: o.orderNumber, customerId: o.customerId,
    items: items.filter((i) => i.orderId === o.id).map(({ productCode, productName, quantity, unitPrice }) => ({ productCode, productName, quantity, unitPrice })),
    total: o.total, currency: o.currency, paymentMethod: o.paymentMethod, isPaid: o.isPaid, orderedAt: o.orderedAt,
    shippingAddress: o.shippingAddress as z.infer<typeof OnlineOrder>['shippingAddress'], visitorId: o.visitorId, createdAt: o.createdAt,
  }));
}

const orderKey = ['instant', 'uuid'] as const;

/** 网上订单 — the customer's orders, newest first; the customer is read through the caller's scope. */
export async function customerOrders(db: Db, scope: Scope, customerId: string, query: z.infer<typeof CustomerOrderQuery>) {
  const customer = await getCustomer(db, scope, customerId, 'tracking.read');
  const after = query.cursor ? decodeCursor(query.cursor, orderKey) : null;
  const found = await db.select().from(trackingOrders)
    .where(and(eq(trackingOrders.customerId, customer.id),
      after ? sql`(${trackingOrders.orderedAt}, ${trackingOrders.id}) < (${after[0].toISOString()}::timestamptz, ${after[1]}::uuid)` : undefined))
    .orderBy(desc(trackingOrders.orderedAt), desc(trackingOrders.id)).limit(query.limit + 1);
  const page = pageOf(found, query.limit, (last) => [last.orderedAt, last.id]);
  return { items: await presentOrders(db, page.items), nextCursor: page.nextCursor };
}

/** A merge brings the merged customer's orders to the survivor (customer hook, in the merge's transaction). */
export async function moveOrdersOnMerge(tx: Db, merged: VisibleCustomer, survivor: VisibleCustomer) {
  const moved = await tx.update(trackingOrders).set({ customerId: survivor.id }).where(eq(trackingOrders.customerId, merged.id)).returning({ id: trackingOrders.id });
  return { orders: moved.map((o) => o.id) };
}
