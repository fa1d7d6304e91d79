import { inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import { rows } from '../platform/db/index.ts';
import { insertMany } from '../platform/db/bulk.ts';
import { interactions } from '../interactions/schema.ts';
import { slaPolicies, ticketHistory, tickets } from '../service/schema.ts';
import { choosePolicy, nextSlaAlertAt, slaAlertKinds, slaAlertMoment, slaColumns, workingCalendar } from '../service/sla.ts';
import type { WorkingCalendar } from '../service/calendar.ts';
import { seededRandom, uuidFrom } from './random.ts';

const day = 86_400_000;

/** 工单 the demo's customers reported: what a telecom's service desk hears most. */
const ticketTemplates = [
  { kind: 'fault', category: '宽带', title: '宽带频繁掉线', channel: 'hotline' },
  { kind: 'fault', category: '宽带', title: '光猫 LOS 灯红色闪烁，无法上网', channel: 'hotline' },
  { kind: 'fault', category: '信号', title: '家中手机信号弱，通话断续', channel: 'phone' },
  { kind: 'fault', category: 'IPTV', title: 'IPTV 画面卡顿', channel: 'web' },
  { kind: 'complaint', category: '话费', title: '本月话费比套餐高出很多', channel: 'hotline' },
  { kind: 'complaint', category: '服务', title: '装机师傅未按约定时间上门', channel: 'store' },
  { kind: 'inquiry', category: '套餐', title: '咨询 5G 套餐升级', channel: 'chat' },
  { kind: 'inquiry', category: '话费', title: '询问账单中的增值业务费用', channel: 'sms' },
] as const;

type Status = (typeof tickets.$inferInsert)['status'] & string;
const statuses: Status[] = ['new', 'new', 'assigned', 'in_progress', 'in_progress', 'waiting_on_customer', 'resolved', 'closed'];
/** The workflow's steps from new to each status, so every demo ticket's history is one the server would allow. */
const pathTo: Record<Status, Status[]> = {
  new: [], assigned: ['assigned'], in_progress: ['assigned', 'in_progress'], waiting_on_customer: ['assigned', 'in_progress', 'waiting_on_customer'],
  resolved: ['assigned', 'in_progress', 'resolved'], closed: ['assigned', 'in_progress', 'resolved', 'closed'],
};

export interface DemoTicketCustomer { id: string; name: string; unitId: string; ownerId: string; ownerName: string; tier: string }

/**
 * A few customers of each batch have tickets, opened by their account manager in the last four
 * weeks and at every step of the workflow, the finished ones mostly rated by the customer, so the
 * queue, the 360° page and the service figures have work to show.
 * They draw from a seed of their own, so the customers the batch makes are the same with or without them.
 */
export async function seedDemoTickets(db: Db, batch: DemoTicketCustomer[], seed: number) {
  const r = seededRandom(seed ^ 0x7ac4e7);
  const chosen = batch.filter(() => r.chance(0.05));
  if (!chosen.length) return;
  const services = await rows<{ customer_id: string; id: string }>(db, sql`
    select distinct on (customer_id) customer_id, id from subscriptions
    where customer_id = any(${sql.param(chosen.map((c) => c.id))}::uuid[]) and status = 'active' order by customer_id, start_date`);
  const serviceOf = new Map(services.map((s) => [s.customer_id, s.id]));
  const now = Date.now();
  // The demo operator is in Hunan: its clock is Beijing time whatever the server's zone.
  const calendar = await workingCalendar(db, 'Asia/Shanghai');
  // The general terms and the chosen customers' contracts (not every customer's: the demo may hold thousands).
  const policies = await db.select().from(slaPolicies).where(or(isNull(slaPolicies.customerId), inArray(slaPolicies.customerId, chosen.map((c) => c.id))));
  const ticketRows: (typeof tickets.$inferInsert)[] = [];
  const historyRows: (typeof ticketHistory.$inferInsert)[] = [];
  const timelineRows: (typeof interactions.$inferInsert)[] = [];
  for (const customer of chosen) {
    const template = r.pick(ticketTemplates);
    const status = r.pick(statuses);
    const isDone = ['resolved', 'closed'].includes(status);
    // Open tickets are recent (a desk keeps up, mostly); finished ones go back four weeks, so a month's figures have every day.
    const openedAt = new Date(now - r.int(0, isDone ? 28 : 2) * day - r.int(0, day - 1));
    const id = uuidFrom(r);
    const isWorked = status !== 'new';
    const doneAt = new Date(Math.min(now, openedAt.getTime() + r.int(1, 48) * 3_600_000));
    // The desk answers within minutes to a few hours; resolving takes longer.
    const answeredAt = new Date(Math.min(doneAt.getTime(), openedAt.getTime() + r.int(5, 180) * 60_000));
    // 满意度: most customers rate a finished ticket, and most of them well.
    const satisfaction = isDone && r.chance(0.75) ? r.pick([5, 5, 5, 5, 4, 4, 4, 3, 2, 1]) : null;
    const row = {
      id, unitId: customer.unitId, customerId: customer.id, subscriptionId: template.kind === 'fault' ? serviceOf.get(customer.id) ?? null : null,
      kind: template.kind, title: template.title, category: template.category, channel: template.channel,
      priority: customer.tier === 'key' ? 'urgent' : r.pick(['low', 'normal', 'normal', 'high'] as const), status,
      assigneeId: isWorked ? customer.ownerId : null, createdById: customer.ownerId,
      createdAt: openedAt, updatedAt: isWorked ? doneAt : openedAt,
      resolvedAt: isDone ? doneAt : null, closedAt: status === 'closed' ? doneAt : null,
      satisfaction, ratedAt: satisfaction ? new Date(Math.min(now, doneAt.getTime() + r.int(1, 24) * 3_600_000)) : null,
    } satisfies typeof tickets.$inferInsert;
    ticketRows.push({ ...row, ...demoSla(calendar, choosePolicy(policies, { priority: row.priority, tier: customer.tier, productId: null, customerId: customer.id }), row, { answeredAt, doneAt }, now) });
    const by = { ticketId: id, actorId: customer.ownerId, actorName: customer.ownerName };
    historyRows.push({ ...by, at: openedAt, change: 'opened', before: null, after: { kind: template.kind, channel: template.channel, status: 'new' } });
    const steps = pathTo[status];
    steps.forEach((to, n) => {
      const at = new Date(openedAt.getTime() + ((doneAt.getTime() - openedAt.getTime()) * (n + 1)) / steps.length);
      const from = n === 0 ? 'new' : steps[n - 1];
      if (to === 'assigned') historyRows.push({ ...by, at, change: 'assignee', before: { assigneeId: null }, after: { assigneeId: customer.ownerId } });
      historyRows.push({ ...by, at, change: 'status', before: { status: from }, after: { status: to } });
    });
    timelineRows.push({
      customerId: customer.id, kind: 'transactional', channel: template.channel, type: 'ticket.opened', summary: `工单已受理：${template.title}`,
      occurredAt: openedAt, actorId: customer.ownerId, actorName: customer.ownerName, payload: { ticketId: id, kind: template.kind },
    });
  }
  await insertMany(db, tickets, ticketRows);
  await insertMany(db, ticketHistory, historyRows);
  await insertMany(db, interactions, timelineRows);
}

/**
 * The SLA clock of a demo ticket as the server would have kept it: due times from its policy,
 * answered once worked on, stopped where it waits or was resolved. What fell due more than an
 * hour ago counts as already told, so a first start does not flood the managers with old alerts;
 * the near-breaches are told live by the sweep.
 */
function demoSla(calendar: WorkingCalendar, policy: typeof slaPolicies.$inferSelect | null, row: typeof tickets.$inferInsert & { createdAt: Date }, { answeredAt, doneAt }: { answeredAt: Date; doneAt: Date }, now: number) {
  const base = {
    ...row, mergedIntoId: null, firstRespondedAt: row.status === 'new' || row.status === 'assigned' ? null : answeredAt, slaPausedAt: null, slaPausedMinutes: 0, slaAlerts: [],
    resolutionDueAt: null, nextResponseDueAt: null, resolvedAt: row.resolvedAt ?? null, closedAt: row.closedAt ?? null,
  } as unknown as typeof tickets.$inferSelect;
  const running = { ...base, status: 'in_progress' as const, ...slaColumns(calendar, policy, { ...base, status: 'in_progress' }, { now: row.createdAt, isNewTerms: true }) };
  const kept = { ...running, ...slaColumns(calendar, policy, { ...running, status: base.status }, { now: doneAt, isNewTerms: false }), status: base.status };
  const told = slaAlertKinds.filter((alert) => (slaAlertMoment(kept, alert)?.getTime() ?? Infinity) < now - 3_600_000);
  const { slaPolicyId, firstResponseDueAt, firstRespondedAt, nextResponseDueAt, resolutionWarnAt, resolutionDueAt, resolutionEscalateAt, slaPausedAt, slaPausedMinutes, slaDueAt } = kept;
  return {
    slaPolicyId, firstResponseDueAt, firstRespondedAt, nextResponseDueAt, resolutionWarnAt, resolutionDueAt, resolutionEscalateAt, slaPausedAt, slaPausedMinutes, slaDueAt,
    slaAlerts: told, slaNextAt: nextSlaAlertAt({ ...kept, slaAlerts: told }),
  };
}
