import { and, asc, eq, isNull, lte, or } from 'drizzle-orm';
import { createRequire } from 'node:module';
import type { Db } from '../platform/db/index.ts';
import { managersAbove } from '../platform/staff.ts';
import type { VisibleCustomer } from '../platform/scope.ts';
import { listSubscriptions } from '../subscriptions/service.ts';
import { createSystemTask } from '../tasks/system.ts';
import { addBusinessMinutes, businessMinutesBetween, type WorkingCalendar } from './calendar.ts';
import { calendarDays, slaPolicies, tickets, workingHours } from './schema.ts';

type Ticket = typeof tickets.$inferSelect;
type Policy = typeof slaPolicies.$inferSelect;

// The State Council's published holidays and make-up working days (chinese-days keeps them year
// by year): every year an administrator has not set for themselves follows them.
// Read with require: the server's bundle (npm start) keeps packages outside and would drop an import attribute.
export const published = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as { holidays: Record<string, string>; workdays: Record<string, string> };
const publishedHolidays = Object.keys(published.holidays);
const publishedWorkdays = Object.keys(published.workdays);

/** The working calendar as configured: hours, and each year's days (set here, or as published). */
export async function workingCalendar(db: Db, timeZone: string): Promise<WorkingCalendar> {
  const [[hours], days] = await Promise.all([db.select().from(workingHours).limit(1), db.select().from(calendarDays)]);
  const setYears = new Set(days.map((d) => d.day.slice(0, 4)));
  const keep = (date: string) => !setYears.has(date.slice(0, 4));
  return {
    timeZone,
    opensAt: hours?.opensAt ?? 540,
    closesAt: hours?.closesAt ?? 1080,
    weekdays: new Set(hours?.weekdays ?? [1, 2, 3, 4, 5]),
    holidays: new Set([...publishedHolidays.filter(keep), ...days.filter((d) => d.kind === 'holiday').map((d) => d.day)]),
    workdays: new Set([...publishedWorkdays.filter(keep), ...days.filter((d) => d.kind === 'workday').map((d) => d.day)]),
  };
}

/** The customer a ticket is about, as the scope let it through: its own contract and its tier choose among the policies. */
export type TermsCustomer = VisibleCustomer & { tier: 'key' | 'regular' };

/**
 * The most specific active policy: the customer's own contract (服务合同) for the product, then
 * for all their services; then product and tier, product, tier, and everyone's.
 */
export function choosePolicy(policies: Policy[], want: { priority: string; tier: string; productId?: string | null; customerId: string }): Policy | null {
  const fits = policies.filter((p) => p.isActive && p.priority === want.priority && (!p.customerId || p.customerId === want.customerId)
    && (!p.customerTier || p.customerTier === want.tier) && (!p.productId || p.productId === want.productId));
  const rank = (p: Policy) => (p.customerId ? 4 : 0) + (p.productId ? 2 : 0) + (p.customerTier ? 1 : 0);
  return fits.sort((a, b) => rank(b) - rank(a))[0] ?? null;
}

/** The policy for a ticket of this customer (as the scope let it through) and, where it names one, of their service. */
export async function policyFor(db: Db, ticket: Pick<Ticket, 'priority' | 'subscriptionId'>, customer: TermsCustomer): Promise<Policy | null> {
  const productId = ticket.subscriptionId ? (await listSubscriptions(db, customer)).find((s) => s.id === ticket.subscriptionId)?.productId : undefined;
  // A handful of rows (the general ones and this customer's contract): read them all and choose here, as the demo loader does.
  const policies = await db.select().from(slaPolicies).where(and(eq(slaPolicies.isActive, true), eq(slaPolicies.priority, ticket.priority),
    or(isNull(slaPolicies.customerId), eq(slaPolicies.customerId, customer.id))));
  return choosePolicy(policies, { priority: ticket.priority, tier: customer.tier, productId, customerId: customer.id });
}

/** The kinds of SLA alert, each sent once per ticket: to whom, and when. */
export const slaAlertKinds = ['first_response_breached', 'next_response_breached', 'resolution_warned', 'resolution_breached', 'resolution_escalated'] as const;
export type SlaAlert = (typeof slaAlertKinds)[number];

/** When an alert falls due on this ticket (null: never, as things stand). */
export const slaAlertMoment = (t: Ticket, alert: SlaAlert): Date | null => {
  switch (alert) {
    case 'first_response_breached': return t.firstRespondedAt ? null : t.firstResponseDueAt;
    case 'next_response_breached': return t.nextResponseDueAt;
    case 'resolution_warned': return t.resolutionWarnAt;
    case 'resolution_breached': return t.resolutionDueAt;
    case 'resolution_escalated': return t.resolutionEscalateAt;
  }
};

/** What the clock waits for next on a running ticket: the first response, then the next one, then the resolution. */
export function dueNext(t: Pick<Ticket, 'status' | 'mergedIntoId' | 'firstRespondedAt' | 'firstResponseDueAt' | 'nextResponseDueAt' | 'resolutionDueAt'>): Date | null {
  if (isStopped(t)) return null;
  return (t.firstRespondedAt ? null : t.firstResponseDueAt) ?? t.nextResponseDueAt ?? t.resolutionDueAt;
}

/** When the clock stands still: waiting on the customer, resolved, closed, or merged away. */
const isStopped = (t: Pick<Ticket, 'status' | 'mergedIntoId'>) => t.mergedIntoId !== null || ['waiting_on_customer', 'resolved', 'closed'].includes(t.status);

/** The next alert still to send, for the sweep's index; none while the clock stands still. */
export function nextSlaAlertAt(t: Ticket): Date | null {
  if (isStopped(t)) return null;
  const pending = slaAlertKinds.filter((a) => !t.slaAlerts.includes(a)).map((a) => slaAlertMoment(t, a)?.getTime() ?? Infinity);
  const soonest = Math.min(...pending);
  return Number.isFinite(soonest) ? new Date(soonest) : null;
}

/**
 * The SLA columns after a change of the ticket (already applied to `t`): the clock stops when
 * it waits on the customer or is resolved and runs again from where it stood; the next reply is
 * due once the customer has answered; new terms (a new priority or service) recompute the due
 * times from the opening, and alerts not yet due under them may be sent again.
 */
export function slaColumns(calendar: WorkingCalendar, policy: Policy | null, t: Ticket, { now, isNewTerms }: { now: Date; isNewTerms: boolean }): Partial<Ticket> {
  if (!policy) return { slaPolicyId: null, firstResponseDueAt: null, nextResponseDueAt: null, resolutionWarnAt: null, resolutionDueAt: null, resolutionEscalateAt: null, slaNextAt: null, slaDueAt: null };
  const clock = policy.clock;
  const next: Ticket = { ...t, slaPolicyId: policy.id };
  if (isStopped(t) && !t.slaPausedAt) {
    next.slaPausedAt = now;
    next.nextResponseDueAt = null;
    // Asking the customer, or resolving, answers them.
    next.firstRespondedAt ??= now;
  } else if (!isStopped(t) && t.slaPausedAt) {
    next.slaPausedMinutes = t.slaPausedMinutes + businessMinutesBetween(calendar, clock, t.slaPausedAt, now);
    next.slaPausedAt = null;
    next.nextResponseDueAt = addBusinessMinutes(calendar, clock, now, policy.nextResponseMinutes);
    next.slaAlerts = t.slaAlerts.filter((a) => a !== 'next_response_breached');
  }
  if (isNewTerms || next.slaPausedMinutes !== t.slaPausedMinutes || !t.resolutionDueAt) {
    const after = (minutes: number) => addBusinessMinutes(calendar, clock, t.createdAt, minutes);
    const resolution = policy.resolutionMinutes + next.slaPausedMinutes;
    next.firstResponseDueAt = after(policy.firstResponseMinutes);
    next.resolutionWarnAt = after(policy.resolutionMinutes * 0.8 + next.slaPausedMinutes);
    next.resolutionDueAt = after(resolution);
    next.resolutionEscalateAt = after(policy.resolutionMinutes * 1.5 + next.slaPausedMinutes);
    if (isNewTerms) next.slaAlerts = next.slaAlerts.filter((a) => (slaAlertMoment(next, a as SlaAlert)?.getTime() ?? Infinity) <= now.getTime());
  }
  next.slaNextAt = nextSlaAlertAt(next);
  next.slaDueAt = dueNext(next);
  const { slaPolicyId, firstResponseDueAt, firstRespondedAt, nextResponseDueAt, resolutionWarnAt, resolutionDueAt, resolutionEscalateAt, slaPausedAt, slaPausedMinutes, slaAlerts, slaNextAt, slaDueAt } = next;
  return { slaPolicyId, firstResponseDueAt, firstRespondedAt, nextResponseDueAt, resolutionWarnAt, resolutionDueAt, resolutionEscalateAt, slaPausedAt, slaPausedMinutes, slaAlerts, slaNextAt, slaDueAt };
}

/**
 * Writes the SLA columns of a ticket just changed. New terms (opening, a new priority or service)
 * choose the policy again, for the customer the caller locked; any other change keeps the policy
 * the ticket has (none stays none).
 */
export async function keepSlaClock(tx: Db, ticket: Ticket, { timeZone, now = new Date(), ...terms }: { timeZone: string; now?: Date } & ({ isNewTerms: true; customer: TermsCustomer } | { isNewTerms: false })) {
  const policy = terms.isNewTerms ? await policyFor(tx, ticket, terms.customer)
    : ticket.slaPolicyId ? (await tx.select().from(slaPolicies).where(eq(slaPolicies.id, ticket.slaPolicyId)))[0] ?? null : null;
  const columns = slaColumns(await workingCalendar(tx, timeZone), policy, ticket, { now, isNewTerms: terms.isNewTerms });
  const [after] = await tx.update(tickets).set(columns).where(eq(tickets.id, ticket.id)).returning();
  return after;
}

/** A reply to the customer answers them: the first response is met, and no next one is due. */
export async function repliedToCustomer(tx: Db, ticket: Ticket, now = new Date()) {
  const next = { ...ticket, firstRespondedAt: ticket.firstRespondedAt ?? now, nextResponseDueAt: null, slaAlerts: ticket.slaAlerts.filter((a) => a !== 'next_response_breached') };
  await tx.update(tickets).set({ firstRespondedAt: next.firstRespondedAt, nextResponseDueAt: null, slaAlerts: next.slaAlerts, slaNextAt: nextSlaAlertAt(next), slaDueAt: next.slaPolicyId ? dueNext(next) : null })
    .where(eq(tickets.id, ticket.id));
}

/** Where a ticket stands against its SLA, for the console: on track, at risk, breached, paused, met. */
export function slaStanding(t: Ticket, now = new Date()): 'on_track' | 'at_risk' | 'breached' | 'paused' | 'met' | null {
  if (!t.slaPolicyId || !t.resolutionDueAt) return null;
  const end = t.resolvedAt ?? t.closedAt;
  if (end && ['resolved', 'closed'].includes(t.status)) return end <= t.resolutionDueAt && !t.slaAlerts.includes('resolution_breached') ? 'met' : 'breached';
  const late = [t.firstRespondedAt ? null : t.firstResponseDueAt, t.nextResponseDueAt, t.resolutionDueAt].some((d) => d && d <= now);
  if (late || t.slaAlerts.some((a) => a.endsWith('breached') || a === 'resolution_escalated')) return 'breached';
  if (t.slaPausedAt) return 'paused';
  return t.resolutionWarnAt && t.resolutionWarnAt <= now ? 'at_risk' : 'on_track';
}

const alertWords: Record<SlaAlert, string> = {
  first_response_breached: '首次响应超时',
  next_response_breached: '客户回复后未及时响应',
  resolution_warned: '即将超过解决时限',
  resolution_breached: '已超过解决时限',
  resolution_escalated: '超时未解决，已升级',
};

/** Who hears of an alert: the assignee of a warning; the team lead of a breach; the unit manager above them of an escalation. */
type Leads = Map<string, Promise<{ id: string; unitId: string }[]>>;

async function recipientOf(tx: Db, t: Ticket, alert: SlaAlert, known: Leads): Promise<string | null> {
  // Read once a unit in a pass: a burst of alerts is mostly a few units' tickets.
  if (!known.has(t.unitId)) known.set(t.unitId, managersAbove(tx, t.unitId));
  const leads = await known.get(t.unitId)!;
  const lead = leads[0];
  if (alert === 'resolution_warned') return t.assigneeId ?? lead?.id ?? null;
  if (alert !== 'resolution_escalated') return lead?.id ?? t.assigneeId;
  return leads.find((l) => l.unitId !== lead?.unitId)?.id ?? lead?.id ?? t.assigneeId;
}

/**
 * 超时预警与升级 — one pass of the SLA clock: every ticket with an alert due by now gets it, once
 * (a task for the person it goes to, due and reminded at once, so their console rings and the
 * reminder e-mail goes). Tickets are taken with SKIP LOCKED in batches, so two workers share a pass.
 */
export async function sweepSla(db: Db, { now = new Date(), batch = 500 }: { now?: Date; batch?: number } = {}): Promise<number> {
  let sent = 0;
  for (;;) {
    const done = await db.transaction(async (tx) => {
      const leads: Leads = new Map();
      const due = await tx.select().from(tickets).where(lte(tickets.slaNextAt, now)).orderBy(asc(tickets.slaNextAt)).limit(batch).for('update', { skipLocked: true });
      for (const t of due) {
        const alerts = slaAlertKinds.filter((a) => !t.slaAlerts.includes(a) && (slaAlertMoment(t, a)?.getTime() ?? Infinity) <= now.getTime());
        // A warning whose breach is also due is told as the breach only.
        const told = alerts.includes('resolution_breached') || alerts.includes('resolution_escalated') ? alerts.filter((a) => a !== 'resolution_warned') : alerts;
        for (const alert of told) {
          const to = await recipientOf(tx, t, alert, leads);
          if (!to) continue;
          await createSystemTask(tx, 'SLA', {
            unitId: t.unitId, customerId: t.customerId, assigneeId: to, source: 'sla', priority: alert === 'resolution_warned' ? 'high' : 'urgent',
            title: `${alertWords[alert]}：${t.title}`, note: `工单 ${t.id}`, dueAt: t.resolutionDueAt && t.resolutionDueAt > now ? t.resolutionDueAt : now,
          });
          sent++;
        }
        const next = { ...t, slaAlerts: [...t.slaAlerts, ...alerts] };
        await tx.update(tickets).set({ slaAlerts: next.slaAlerts, slaNextAt: nextSlaAlertAt(next) }).where(eq(tickets.id, t.id));
      }
      return due.length < batch;
    });
    if (done) return sent;
  }
}
