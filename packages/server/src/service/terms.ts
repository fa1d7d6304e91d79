import { and, asc, eq, gte, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { CalendarYearInput, SlaPoliciesInput, WorkingHours } from '@xiang/shared';
import type { Db } from '../platform/db/index.ts';
import { audit } from '../platform/audit.ts';
import { forbidden, invalid } from '../platform/errors.ts';
import { defineMessages } from '../platform/messages.ts';
import { authorize } from '../platform/policy.ts';
import type { Scope } from '../platform/scope.ts';
import { listProducts } from '../subscriptions/service.ts';
import { published, workingCalendar } from './sla.ts';
import { calendarDays, slaPolicies, workingHours } from './schema.ts';

const tell = defineMessages({
  termsWholeOrganisation: {
    en: 'Service terms hold for the whole organisation: only an administrator of the whole group changes them.',
    zh: '服务时限与工作日历适用于整个组织，只有集团管理员可以修改。',
  },
  policyTwice: { en: 'Two policies are for the same priority, tier and product; keep one.', zh: '有两条时限针对同一优先级、客户等级和产品，请只保留一条。' },
  productUnknown: { en: 'No product has this id.', zh: '没有这个产品。' },
  dayOtherYear: { en: 'This day is not in {year}.', zh: '该日期不在 {year} 年。' },
  dayTwice: { en: 'This day is listed twice.', zh: '该日期重复。' },
});

const inYear = (year: number) => and(gte(calendarDays.day, `${year}-01-01`), lte(calendarDays.day, `${year}-12-31`));
const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const minutesOf = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));

/** Only the top of the organisation sets the terms everybody works to. */
function mayChangeTerms(scope: Scope) {
  authorize(scope.role, 'sla.manage');
  if (!scope.isWholeOrganisation) throw forbidden(tell('termsWholeOrganisation'));
}

/** The policies for everyone, a tier or a product: not a customer's contract (contracts.ts), which the general table neither lists nor replaces. */
const isGeneral = isNull(slaPolicies.customerId);

/** Policies in the order the tables show them: active ones first, by priority, the broadest first. */
export async function presentPolicies(db: Db, where: SQL) {
  const [policies, catalogue] = await Promise.all([
    db.select().from(slaPolicies).where(where).orderBy(sql`${slaPolicies.isActive} desc`, sql`array_position(array['urgent','high','normal','low'], ${slaPolicies.priority})`,
      sql`${slaPolicies.customerTier} nulls first`, sql`${slaPolicies.productId} nulls first`, asc(slaPolicies.createdAt)),
    listProducts(db),
  ]);
  const names = new Map(catalogue.map((p) => [p.id, p.name]));
  return policies.map((policy) => ({ ...policy, productName: policy.productId ? names.get(policy.productId) ?? null : null }));
}

/** 服务时限 — every general policy, active ones first, by priority. */
export async function listSlaPolicies(db: Db, scope: Scope) {
  authorize(scope.role, 'ticket.read');
  return { items: await presentPolicies(db, isGeneral) };
}

const reachOf = (p: { priority: string; customerTier: string | null; productId: string | null }) => `${p.priority}|${p.customerTier ?? ''}|${p.productId ?? ''}`;

/**
 * All general policies at once, as the administrator's table holds them (customers' contracts stay as they are): a reach (priority, tier,
 * product) already there keeps its id, so tickets opened under it still name it; one left out
 * is switched off, not deleted. New terms apply to tickets opened or re-prioritised from now.
 */
export async function replaceSlaPolicies(db: Db, scope: Scope, input: z.infer<typeof SlaPoliciesInput>) {
  mayChangeTerms(scope);
  const seen = new Map<string, number>();
  input.policies.forEach((p, i) => {
    if (seen.has(reachOf(p))) throw invalid(`policies.${i}.priority`, tell('policyTwice'));
    seen.set(reachOf(p), i);
  });
  const known = new Set((await listProducts(db)).map((p) => p.id));
  input.policies.forEach((p, i) => { if (p.productId && !known.has(p.productId)) throw invalid(`policies.${i}.productId`, tell('productUnknown')); });
  return db.transaction(async (tx) => {
    const before = await tx.select().from(slaPolicies).where(isGeneral).for('update');
    const byReach = new Map(before.map((p) => [reachOf(p), p]));
    for (const p of input.policies) {
      const existing = byReach.get(reachOf(p));
      if (existing) await tx.update(slaPolicies).set({ ...p, isActive: true, updatedAt: new Date() }).where(eq(slaPolicies.id, existing.id));
      else await tx.insert(slaPolicies).values(p);
    }
    const dropped = before.filter((p) => !seen.has(reachOf(p)) && p.isActive).map((p) => p.id);
    if (dropped.length) await tx.update(slaPolicies).set({ isActive: false, updatedAt: new Date() }).where(inArray(slaPolicies.id, dropped));
    const terms = (list: typeof input.policies) => list.map((p) => ({ reach: reachOf(p), first: p.firstResponseMinutes, next: p.nextResponseMinutes, resolution: p.resolutionMinutes, clock: p.clock }));
    await audit(tx, scope, { action: 'sla.policies_changed', entity: 'sla_policy', entityId: 'all',
      before: terms(before.filter((p) => p.isActive)), after: terms(input.policies) });
    return listSlaPolicies(tx, scope);
  });
}

/** 工作日历 — one year as the SLA clock counts it: the working hours, and the days off and make-up days. */
export async function calendarYear(db: Db, scope: Scope, year: number, timeZone: string) {
  authorize(scope.role, 'ticket.read');
  const [calendar, days] = await Promise.all([
    workingCalendar(db, timeZone),
    db.select().from(calendarDays).where(inYear(year)).orderBy(asc(calendarDays.day)),
  ]);
  const listed = days.length ? days : publishedDays(calendar, year);
  return {
    year, isPublished: days.length === 0,
    hours: { opensAt: hhmm(calendar.opensAt), closesAt: hhmm(calendar.closesAt), weekdays: [...calendar.weekdays].sort() },
    days: listed.map(({ day, kind, name }) => ({ day, kind, name })),
  };
}

/** The published days of a year, named from the package's record ("Spring Festival,春节,4" → 春节). */
function publishedDays(calendar: Awaited<ReturnType<typeof workingCalendar>>, year: number) {
  const names = publishedNames();
  const of = (set: ReadonlySet<string>, kind: 'holiday' | 'workday') => [...set].filter((d) => d.startsWith(`${year}-`)).map((day) => ({ day, kind, name: names.get(day) ?? '' }));
  return [...of(calendar.holidays, 'holiday'), ...of(calendar.workdays, 'workday')].sort((a, b) => a.day.localeCompare(b.day));
}

let names: Map<string, string> | undefined;
function publishedNames() {
  if (!names) {
    names = new Map();
    for (const record of [published.holidays, published.workdays]) {
      for (const [day, text] of Object.entries(record)) names.set(day, text.split(',')[1] ?? text);
    }
  }
  return names;
}

/** A year's days as the operator keeps them; an empty list returns the year to the published calendar. */
export async function setCalendarYear(db: Db, scope: Scope, input: z.infer<typeof CalendarYearInput>, timeZone: string) {
  mayChangeTerms(scope);
  const seen = new Set<string>();
  input.days.forEach((d, i) => {
    if (!d.day.startsWith(`${input.year}-`)) throw invalid(`days.${i}.day`, tell('dayOtherYear', { year: input.year }));
    if (seen.has(d.day)) throw invalid(`days.${i}.day`, tell('dayTwice'));
    seen.add(d.day);
  });
  return db.transaction(async (tx) => {
    const before = await tx.select().from(calendarDays).where(inYear(input.year)).orderBy(asc(calendarDays.day));
    await tx.delete(calendarDays).where(inYear(input.year));
    if (input.days.length) await tx.insert(calendarDays).values(input.days);
    await audit(tx, scope, { action: 'calendar.year_changed', entity: 'calendar', entityId: String(input.year), before: { days: before }, after: { days: input.days } });
    return calendarYear(tx, scope, input.year, timeZone);
  });
}

export async function setWorkingHours(db: Db, scope: Scope, input: z.infer<typeof WorkingHours>, timeZone: string) {
  mayChangeTerms(scope);
  const hours = { opensAt: minutesOf(input.opensAt), closesAt: minutesOf(input.closesAt), weekdays: [...new Set(input.weekdays)].sort() };
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(workingHours).for('update');
    await tx.insert(workingHours).values({ id: 1, ...hours }).onConflictDoUpdate({ target: workingHours.id, set: { ...hours, updatedAt: new Date() } });
    await audit(tx, scope, { action: 'calendar.working_hours_changed', entity: 'calendar', entityId: 'hours',
      before: before ? { opensAt: hhmm(before.opensAt), closesAt: hhmm(before.closesAt), weekdays: before.weekdays } : null, after: input });
    return calendarYear(tx, scope, new Date().getFullYear(), timeZone);
  });
}
