import { and, desc, eq, gte, ne, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import { authorize } from '../platform/policy.ts';
import { withinScope, type Scope } from '../platform/scope.ts';
import { inUnitSubtree } from '../platform/unit-subtree.ts';
// A read model: the home page's figures aggregate over the customers, services and timeline
// tables together, which no one module's service can answer. It only reads; it is allowed by
// name in .dependency-cruiser.cjs until the data warehouse (经营分析) serves these figures.
import { orgUnits, users } from '../platform/auth/schema.ts';
import { customers } from '../customers/schema.ts';
import { bills, subscriptions } from '../subscriptions/schema.ts';
import { interactions } from '../interactions/schema.ts';

// 经营看板 — read-only figures for the home page. Every query is kept inside the caller's units
// through the customers table; the figures are small aggregates, never rows of customer data.

const months = (n: number) => sql`date_trunc('month', now()) - make_interval(months => ${n - 1})`;

type Figures = Awaited<ReturnType<typeof computeUnitFigures>> & { asOf: Date };
const figuresTtlMs = 5 * 60_000;
const figuresCache = new WeakMap<Db, Map<string, { at: number; figures: Promise<Figures> }>>();

/**
 * The figures a manager looks at. At a million customers they aggregate millions of rows
 * (seconds), so one computation serves everybody who sees the same units for five minutes and
 * the answer says when it was taken. The warehouse (经营分析) will serve them from its own tables.
 */
export async function unitFigures(db: Db, scope: Scope, filter: { unitId?: string } = {}): Promise<Figures> {
  authorize(scope.role, 'customer.read');
  const key = `${scope.isWholeOrganisation ? '*' : [...scope.unitIds].sort().join(',')}/${filter.unitId ?? ''}`;
  let cache = figuresCache.get(db);
  if (!cache) figuresCache.set(db, (cache = new Map()));
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < figuresTtlMs) return hit.figures;
  const at = Date.now();
  const figures = computeUnitFigures(db, scope, filter).then((f) => ({ ...f, asOf: new Date(at) }));
  cache.set(key, { at, figures });
  figures.catch(() => cache.delete(key));
  return figures;
}

/**
 * Forgets the kept figures, so the next look computes them anew: after a bulk change no
 * manager should read five more minutes of figures taken before it (the demo's background load).
 */
export function forgetUnitFigures(db: Db) {
  figuresCache.delete(db);
}

/** Customers by unit, tier and month, services, money owed. */
async function computeUnitFigures(db: Db, scope: Scope, filter: { unitId?: string }) {
  const inScope = and(withinScope(scope, customers.unitId), filter.unitId ? inUnitSubtree(scope, customers.unitId, filter.unitId) : undefined)!;
  const active = and(inScope, eq(customers.status, 'active'));

  const [totals] = await db.select({
    customers: sql<number>`count(*)::int`,
    keyCustomers: sql<number>`(count(*) filter (where ${customers.tier} = 'key'))::int`,
    enterprises: sql<number>`(count(*) filter (where ${customers.kind} = 'enterprise'))::int`,
  }).from(customers).where(active);

  const byUnit = await db.select({ unitId: customers.unitId, unitName: orgUnits.name, unitNameEn: orgUnits.nameEn, customers: sql<number>`count(*)::int` })
    .from(customers).innerJoin(orgUnits, eq(orgUnits.id, customers.unitId))
    .where(active).groupBy(customers.unitId, orgUnits.name, orgUnits.nameEn).orderBy(desc(sql`count(*)`)).limit(30);

  const byTier = await db.select({ tier: customers.tier, customers: sql<number>`count(*)::int` })
    .from(customers).where(active).groupBy(customers.tier);

  const newByMonth = await db.select({ month: sql<string>`to_char(date_trunc('month', ${customers.createdAt}), 'YYYY-MM')`, customers: sql<number>`count(*)::int` })
    .from(customers).where(and(inScope, gte(customers.createdAt, months(12))))
    .groupBy(sql`1`).orderBy(sql`1`);

  const interactionsByMonth = await db.select({
    month: sql<string>`to_char(date_trunc('month', ${interactions.occurredAt}), 'YYYY-MM')`, kind: interactions.kind, count: sql<number>`count(*)::int`,
  }).from(interactions).innerJoin(customers, eq(customers.id, interactions.customerId))
    .where(and(inScope, gte(interactions.occurredAt, months(6)))).groupBy(sql`1`, interactions.kind).orderBy(sql`1`);

  const [services] = await db.select({
    activeServices: sql<number>`count(*)::int`, monthlyFeeFen: sql<number>`coalesce(sum(${subscriptions.monthlyFeeFen}), 0)::bigint`,
  }).from(subscriptions).innerJoin(customers, eq(customers.id, subscriptions.customerId))
    .where(and(active, eq(subscriptions.status, 'active')));

  const servicesByCategory = await db.select({ category: sql<string>`p.category`, count: sql<number>`count(*)::int` })
    .from(subscriptions).innerJoin(customers, eq(customers.id, subscriptions.customerId))
    .innerJoin(sql`products p`, sql`p.id = ${subscriptions.productId}`)
    .where(and(active, eq(subscriptions.status, 'active'))).groupBy(sql`p.category`);

  const [owed] = await db.select({
    owedFen: sql<number>`coalesce(sum(${bills.amountFen} - ${bills.paidFen}), 0)::bigint`,
    overdueBills: sql<number>`(count(*) filter (where ${bills.status} = 'overdue'))::int`,
  }).from(bills).innerJoin(customers, eq(customers.id, bills.customerId)).where(and(inScope, ne(bills.status, 'paid')));

  return {
    totals: { ...totals, activeServices: services.activeServices, monthlyFeeFen: Number(services.monthlyFeeFen), owedFen: Number(owed.owedFen), overdueBills: owed.overdueBills },
    byUnit, byTier, newByMonth, interactionsByMonth, servicesByCategory,
  };
}

/** An account manager's desk: the bills of their customers still open, and what happened lately. */
export async function myWork(db: Db, scope: Scope) {
  authorize(scope.role, 'customer.read');
  const mine = and(withinScope(scope, customers.unitId), eq(customers.ownerId, scope.userId), eq(customers.status, 'active'));
  const [counts] = await db.select({
    customers: sql<number>`count(*)::int`, keyCustomers: sql<number>`(count(*) filter (where ${customers.tier} = 'key'))::int`,
  }).from(customers).where(mine);
  // The desk's figures are over every open bill; the list below shows only the first that fall due.
  const [owed] = await db.select({
    openBills: sql<number>`count(*)::int`,
    overdueBills: sql<number>`(count(*) filter (where ${bills.status} = 'overdue'))::int`,
    owedFen: sql<number>`coalesce(sum(${bills.amountFen} - ${bills.paidFen}), 0)::bigint`,
  }).from(bills).innerJoin(customers, eq(customers.id, bills.customerId)).where(and(mine, ne(bills.status, 'paid')));
  const openBills = await db.select({
    billId: bills.id, customerId: customers.id, customerName: customers.name, period: bills.period,
    amountFen: bills.amountFen, paidFen: bills.paidFen, dueDate: bills.dueDate, status: bills.status,
  }).from(bills).innerJoin(customers, eq(customers.id, bills.customerId))
    .where(and(mine, ne(bills.status, 'paid'))).orderBy(bills.dueDate).limit(20);
  const recent = await db.select({
    id: interactions.id, customerId: customers.id, customerName: customers.name, occurredAt: interactions.occurredAt,
    kind: interactions.kind, channel: interactions.channel, type: interactions.type, summary: interactions.summary, actorName: interactions.actorName,
    actorRole: users.role,
  }).from(interactions).innerJoin(customers, eq(customers.id, interactions.customerId)).leftJoin(users, eq(users.id, interactions.actorId))
    .where(mine).orderBy(desc(interactions.occurredAt), desc(interactions.id)).limit(15);
  return {
    counts: { ...counts, openBills: owed.openBills, overdueBills: owed.overdueBills, owedFen: Number(owed.owedFen) },
    openBills, recentInteractions: recent,
  };
}
