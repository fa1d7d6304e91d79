import { and, asc, desc, eq, ilike, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import { normalizePhone } from '@xiang/shared/phone';
import { openTicketStatuses, ticketSteps, type NewTicket, type NewTicketMessage, type TicketBulk, type TicketChange, type TicketQuery, type TicketStatus } from '@xiang/shared';
import type { Db } from '../platform/db/index.ts';
import { conflict, invalid, notFound } from '../platform/errors.ts';
import { record, type Actor } from '../platform/audit.ts';
import { changedFields, pick } from '../platform/changed-fields.ts';
import { defineMessages } from '../platform/messages.ts';
import { decodeCursor, pageOf, pastKey } from '../platform/paging.ts';
import { authorize } from '../platform/policy.ts';
import { withinScope, type Scope, type VisibleCustomer } from '../platform/scope.ts';
import { users } from '../platform/auth/schema.ts';
import { staffMemberFor } from '../platform/staff.ts';
import { customerNames } from '../customers/names.ts';
import { isUuid, lockCustomer } from '../customers/service.ts';
import type { CustomerMove } from '../customers/hooks.ts';
import { listSubscriptions, servicesNumbered } from '../subscriptions/service.ts';
import { recordSystemInteraction } from '../interactions/system.ts';
import { createSystemTask } from '../tasks/system.ts';
import { queueServiceMessage } from '../notifications/service-message.ts';
import { slaPolicies, ticketHistory, ticketMessages, tickets } from './schema.ts';
import { keepSlaClock, repliedToCustomer, slaStanding, type TermsCustomer } from './sla.ts';

type Row = typeof tickets.$inferSelect;
type Query = z.infer<typeof TicketQuery>;

/** The statuses in words, for the refusal that names the allowed next steps. */
const statusWords: Record<TicketStatus, { en: string; zh: string }> = {
  new: { en: 'new', zh: '新建' },
  assigned: { en: 'assigned', zh: '已分派' },
  in_progress: { en: 'in progress', zh: '处理中' },
  waiting_on_customer: { en: 'waiting on the customer', zh: '待客户回复' },
  resolved: { en: 'resolved', zh: '已解决' },
  closed: { en: 'closed', zh: '已关闭' },
};

const tell = defineMessages({
  ticketStepRefused: {
    en: 'A ticket that is {from} cannot become {to}; it can become: {allowed}.',
    zh: '“{fromZh}”的工单不能改为“{toZh}”，只能改为：{allowedZh}。',
  },
  ticketStepNone: { en: 'A ticket merged into another is closed for good; work on ticket {mergedIntoId}.', zh: '该工单已合并到另一张工单，不能再处理，请在工单 {mergedIntoId} 上处理。' },
  ticketAssigneeUnknown: { en: 'No colleague of yours has this id.', zh: '您的同事中没有这个用户。' },
  ticketAssigneeDisabled: { en: 'This colleague\'s account is disabled; give the ticket to someone who works here now.', zh: '该同事的账号已停用，请把工单交给在职的同事。' },
  ticketAssigneeCannotSee: {
    en: 'This colleague cannot see the customer (another unit); give the ticket to someone in the customer\'s unit or above it.',
    zh: '该同事看不到这位客户（不在同一单位），请交给客户所在单位或其上级单位的同事。',
  },
  ticketNeedsAssignee: { en: 'Say whom the ticket is assigned to.', zh: '请指定工单的处理人。' },
  ticketSubscriptionNotCustomers: { en: 'This service is not the customer\'s.', zh: '该业务不属于这位客户。' },
  ticketMergeSelf: { en: 'A ticket cannot be merged into itself.', zh: '工单不能与自己合并。' },
  ticketMergeOtherCustomer: { en: 'Only tickets of the same customer can be merged.', zh: '只能合并同一位客户的工单。' },
  ticketMergeMerged: { en: 'One of these tickets was already merged into another.', zh: '其中一张工单已被合并。' },
});

const assigneeRefusals = { unknown: 'ticketAssigneeUnknown', disabled: 'ticketAssigneeDisabled', cannotSee: 'ticketAssigneeCannotSee' } as const;

/** Whom a ticket may go to: a working colleague who can see its customer (their unit holds the customer's). */
async function checkAssignee(tx: Db, scope: Scope, assigneeId: string, customerUnitId: string, field = 'assigneeId') {
  const person = await staffMemberFor(tx, scope, assigneeId, customerUnitId);
  if ('refused' in person) throw invalid(field, tell(assigneeRefusals[person.refused]));
}

/** The service concerned must be one of this customer's. */
async function checkSubscription(tx: Db, customer: VisibleCustomer, subscriptionId: string) {
  const services = await listSubscriptions(tx, customer);
  if (!services.some((s) => s.id === subscriptionId)) throw invalid('subscriptionId', tell('ticketSubscriptionNotCustomers'));
}

const assignee = alias(users, 'assignee');
const author = alias(users, 'author');
const selectTickets = (db: Db) => db.select({ ticket: tickets, assigneeName: assignee.displayName, createdByName: author.displayName })
  .from(tickets)
  .leftJoin(assignee, eq(assignee.id, tickets.assigneeId))
  .leftJoin(author, eq(author.id, tickets.createdById));

export const allowedSteps = (ticket: Pick<Row, 'status' | 'mergedIntoId'>): TicketStatus[] =>
  (ticket.mergedIntoId ? [] : [...ticketSteps[ticket.status]]);

async function present(db: Db, scope: Scope, rows: { ticket: Row; assigneeName: string | null; createdByName: string | null }[]) {
  const names = await customerNames(db, scope, [...new Set(rows.map((r) => r.ticket.customerId))]);
  return rows.map(({ ticket, assigneeName, createdByName }) => {
    const { unitId: _unit, slaAlerts: _alerts, slaNextAt: _next, slaDueAt: _due, slaPausedMinutes: _paused, resolutionWarnAt: _warn, resolutionEscalateAt: _escalate, ...rest } = ticket;
    const customer = names.get(ticket.customerId);
    return {
      ...rest, assigneeName, createdByName, customerName: customer?.name ?? null, customerNumber: customer?.number ?? null,
      allowedSteps: allowedSteps(ticket), slaStanding: slaStanding(ticket),
    };
  });
}

/** One ticket through the scope, locked for a change: another unit's ticket does not exist. */
async function lockTicket(tx: Db, scope: Scope, id: string) {
  if (!isUuid(id)) throw notFound('Ticket');
  const [row] = await tx.select().from(tickets).where(and(eq(tickets.id, id), withinScope(scope, tickets.unitId))).for('update');
  if (!row) throw notFound('Ticket');
  return row;
}

export async function getTicket(db: Db, scope: Scope, id: string) {
  authorize(scope.role, 'ticket.read');
  if (!isUuid(id)) throw notFound('Ticket');
  const rows = await selectTickets(db).where(and(eq(tickets.id, id), withinScope(scope, tickets.unitId)));
  if (!rows.length) throw notFound('Ticket');
  const [ticket] = await present(db, scope, rows);
  // A merged duplicate's history stays its own; the survivor shows it beside its own.
  const duplicates = await db.select({ id: tickets.id, title: tickets.title }).from(tickets).where(eq(tickets.mergedIntoId, id)).orderBy(asc(tickets.createdAt));
  const historyOf = [id, ...duplicates.map((d) => d.id)];
  const [history, messages, [slaPolicy]] = await Promise.all([
    db.select().from(ticketHistory).where(inArray(ticketHistory.ticketId, historyOf)).orderBy(asc(ticketHistory.at), asc(ticketHistory.id)),
    db.select().from(ticketMessages).where(eq(ticketMessages.ticketId, id)).orderBy(asc(ticketMessages.createdAt), asc(ticketMessages.id)),
    ticket.slaPolicyId ? db.select({ name: slaPolicies.name, isContract: sql<boolean>`${slaPolicies.customerId} is not null` }).from(slaPolicies).where(eq(slaPolicies.id, ticket.slaPolicyId)) : [],
  ]);
  return { ...ticket, history, messages, duplicates, slaPolicy: slaPolicy ?? null };
}

/** Words to find anywhere in a text: LIKE's own characters taken literally. */
const pattern = (words: string) => `%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * 服务档案检索 — a service number typed as people write it (a mobile with spaces or +86, a
 * broadband account in either case) finds that number's whole service history, across the
 * customers who held it, when the caller sees any of it; anything else, words of the title,
 * the description or anything written on the ticket (replies, notes, the customer's answers).
 * Whether the number path is taken depends only on tickets the caller sees, so a number held in
 * another unit answers as any other words would.
 */
async function archiveMatch(db: Db, scope: Scope, q: string) {
  const compact = q.replace(/[\s-]/g, '');
  const numbers = [...new Set([compact, compact.toUpperCase(), normalizePhone(q)].filter((n): n is string => !!n && /\d{5}/.test(n)))];
  const services = await servicesNumbered(db, numbers);
  if (services.length) {
    const [seen] = await db.select({ id: tickets.id }).from(tickets).where(and(withinScope(scope, tickets.unitId), inArray(tickets.subscriptionId, services))).limit(1);
    if (seen) return inArray(tickets.subscriptionId, services);
  }
  return or(
    ilike(tickets.title, pattern(q)),
    ilike(tickets.description, pattern(q)),
    sql`exists (select 1 from ${ticketMessages} m where m.ticket_id = ${tickets.id} and m.body ilike ${pattern(q)})`,
  );
}

/**
 * 工单队列 — newest first, the cursor the last ticket's (created, id); or soonest due first (the
 * tickets whose clock runs), the cursor its (due, id).
 */
export async function listTickets(db: Db, scope: Scope, query: Query) {
  authorize(scope.role, 'ticket.read');
  const cursor = query.cursor ? decodeCursor(query.cursor, ['instant', 'uuid']) : null;
  const assigneeId = query.assignee === 'me' ? scope.userId : query.assignee;
  const isByDue = query.sort === 'due';
  const rows = await selectTickets(db).where(and(
    withinScope(scope, tickets.unitId),
    query.status === 'all' ? undefined : query.status === 'open' ? inArray(tickets.status, openTicketStatuses) : eq(tickets.status, query.status),
    query.kind ? eq(tickets.kind, query.kind) : undefined,
    query.priority ? eq(tickets.priority, query.priority) : undefined,
    assigneeId === 'none' ? isNull(tickets.assigneeId) : assigneeId ? eq(tickets.assigneeId, assigneeId) : undefined,
    query.customerId ? eq(tickets.customerId, query.customerId) : undefined,
    query.subscriptionId ? eq(tickets.subscriptionId, query.subscriptionId) : undefined,
    query.q ? await archiveMatch(db, scope, query.q) : undefined,
    isByDue ? isNotNull(tickets.slaDueAt) : undefined,
    cursor ? pastKey(isByDue ? [tickets.slaDueAt, tickets.id] : [tickets.createdAt, tickets.id], cursor, isByDue ? 'asc' : 'desc') : undefined,
  )).orderBy(...(isByDue ? [asc(tickets.slaDueAt), asc(tickets.id)] : [desc(tickets.createdAt), desc(tickets.id)])).limit(query.limit + 1);
  const { items, nextCursor } = pageOf(rows, query.limit, (last) => [isByDue ? last.ticket.slaDueAt! : last.ticket.createdAt, last.ticket.id]);
  return { items: await present(db, scope, items), nextCursor };
}

export async function writeHistory(tx: Db, scope: Actor, ticketId: string, change: string, before: Record<string, unknown> | null, after: Record<string, unknown> | null) {
  await tx.insert(ticketHistory).values({ ticketId, actorId: scope.userId, actorName: scope.userName, change, before, after });
}

/** On the customer's timeline (客户接触记录): a ticket opened or resolved is something the customer went through. */
async function onTimeline(tx: Db, scope: Actor, ticket: Row, type: 'ticket.opened' | 'ticket.resolved') {
  // The customer was locked through the caller's scope in this transaction; the entry is the system's, in the caller's name.
  await recordSystemInteraction(tx, {
    customerId: ticket.customerId, kind: 'transactional', channel: ticket.channel, type,
    summary: type === 'ticket.opened' ? `工单已受理：${ticket.title}` : `工单已解决：${ticket.title}`,
    payload: { ticketId: ticket.id, kind: ticket.kind, priority: ticket.priority }, actorId: scope.userId ?? undefined, actorName: scope.userName,
  });
}

const notices = {
  opened: (t: Row) => ({ subject: `您的工单已受理：${t.title}`, body: `您好，您反映的“${t.title}”已受理，我们会尽快处理。工单号 ${t.id.slice(0, 8)}。` }),
  answered: (t: Row, reply: string) => ({ subject: `关于您的工单：${t.title}`, body: `您好，关于“${t.title}”：\n${reply}` }),
  resolved: (t: Row) => ({ subject: `您的工单已处理完毕：${t.title}`, body: `您好，您反映的“${t.title}”已处理完毕。如仍有问题，请回复或致电 10000。` }),
};

/** 服务通知 — the customer hears that their ticket was opened, answered or resolved, by e-mail or SMS (notifications/). */
async function tellCustomer(tx: Db, scope: Actor, customer: VisibleCustomer, ticket: Row, what: 'opened' | 'resolved' | { reply: string }) {
  const text = what === 'opened' ? notices.opened(ticket) : what === 'resolved' ? notices.resolved(ticket) : notices.answered(ticket, what.reply);
  await queueServiceMessage(tx, scope, customer, text);
}

/** 受理工单 — about a customer the caller can see; key accounts' tickets are urgent unless told otherwise. */
export async function openTicket(db: Db, scope: Scope, input: z.infer<typeof NewTicket>, terms: Terms) {
  authorize(scope.role, 'ticket.write');
  return db.transaction(async (tx) => {
    // Locked, so a merge of customers cannot move their tickets while this one is being added.
    const customer = await lockCustomer(tx, scope, input.customerId, 'customer.read');
    if (input.subscriptionId) await checkSubscription(tx, customer, input.subscriptionId);
    if (input.assigneeId) await checkAssignee(tx, scope, input.assigneeId, customer.unitId);
    const ticket = await fileTicket(tx, scope, customer, { ...input, createdById: scope.userId, attachmentIds: [] }, terms);
    return getTicket(tx, scope, ticket.id);
  });
}

type Filed = Pick<z.infer<typeof NewTicket>, 'kind' | 'title' | 'description' | 'category' | 'priority' | 'channel' | 'subscriptionId' | 'assigneeId'>
  & { createdById: string | null; attachmentIds: string[] };

/**
 * A new ticket for a customer locked in this transaction, by a colleague or by the customer in the
 * portal: its SLA clock, the account manager's task for a key account, history, trail, timeline and
 * the customer's notice.
 */
export async function fileTicket(tx: Db, actor: Actor, customer: TermsCustomer & { ownerId: string | null }, input: Filed, { timeZone }: Terms) {
  const priority = input.priority ?? (customer.tier === 'key' ? 'urgent' : 'normal');
  const [opened] = await tx.insert(tickets).values({
    unitId: customer.unitId, customerId: customer.id, subscriptionId: input.subscriptionId ?? null,
    kind: input.kind, title: input.title, description: input.description ?? null, category: input.category ?? null,
    priority, channel: input.channel, status: input.assigneeId ? 'assigned' : 'new',
    assigneeId: input.assigneeId ?? null, createdById: input.createdById, attachmentIds: input.attachmentIds,
  }).returning();
  const ticket = await keepSlaClock(tx, opened, { timeZone, isNewTerms: true, customer });
  // 大客户: their account manager hears of it at once, whoever took the call.
  if (customer.tier === 'key' && customer.ownerId && customer.ownerId !== actor.userId) {
    await createSystemTask(tx, 'SLA', {
      unitId: ticket.unitId, customerId: customer.id, assigneeId: customer.ownerId, source: 'sla', priority: ticket.priority,
      title: `大客户工单：${ticket.title}`, note: `工单 ${ticket.id}`, dueAt: ticket.firstResponseDueAt ?? new Date(),
    });
  }
  const after = { ...pick(ticket, [...changeable, 'kind', 'channel', 'customerId', 'status']) };
  await writeHistory(tx, actor, ticket.id, 'opened', null, after);
  // Opened with an assignee, it starts as assigned: the trail says what the ticket is.
  const status = input.assigneeId ? 'assigned' as const : 'new' as const;
  await record(tx, actor, { action: 'ticket.opened', entity: 'ticket', entityId: ticket.id, unitId: ticket.unitId,
    after: { ...after, kind: ticket.kind, title: ticket.title, customerId: ticket.customerId, priority, status },
    payload: { kind: ticket.kind, title: ticket.title, customerId: ticket.customerId, priority, status } });
  await onTimeline(tx, actor, ticket, 'ticket.opened');
  await tellCustomer(tx, actor, customer, ticket, 'opened');
  return ticket;
}

const changeable = ['title', 'description', 'category', 'priority', 'subscriptionId', 'assigneeId'] as const;

/** What the SLA clock needs to know of where it runs: the operator's time zone (config). */
export interface Terms { timeZone: string }

/** What kind of change a history row is, by the fields it changed. */
const historyKind = (keys: readonly string[]) => (keys.length === 1 && keys[0] === 'assigneeId' ? 'assignee'
  : keys.length === 1 && keys[0] === 'priority' ? 'priority' : 'fields');

async function applyChange(tx: Db, scope: Scope, before: Row, change: z.infer<typeof TicketChange>, terms: Terms) {
  if (before.mergedIntoId) throw conflict(tell('ticketStepNone', { mergedIntoId: before.mergedIntoId }));
  const changed = changedFields(pick(before, changeable), change);
  if (!changed) return false;
  if (changed.set.assigneeId) await checkAssignee(tx, scope, changed.set.assigneeId, before.unitId);
  // A new priority or service may bring other terms: the due times are worked out again, for the customer.
  const isNewTerms = changed.keys.some((k) => k === 'priority' || k === 'subscriptionId');
  const customer = isNewTerms ? await lockCustomer(tx, scope, before.customerId, 'customer.read') : null;
  if (changed.set.subscriptionId) await checkSubscription(tx, customer!, changed.set.subscriptionId);
  // Giving a new ticket to someone is the step new → assigned.
  const isAssigning = Boolean(changed.set.assigneeId) && before.status === 'new';
  const [updated] = await tx.update(tickets).set({ ...changed.set, ...(isAssigning ? { status: 'assigned' as const } : {}), updatedAt: new Date() })
    .where(eq(tickets.id, before.id)).returning();
  const after = customer ? await keepSlaClock(tx, updated, { ...terms, isNewTerms: true, customer }) : updated;
  const afterFields = pick(after, changed.keys);
  await writeHistory(tx, scope, before.id, historyKind(changed.keys), changed.before, afterFields);
  await record(tx, scope, { action: 'ticket.changed', entity: 'ticket', entityId: before.id, unitId: before.unitId, before: changed.before, after: afterFields });
  if (isAssigning) await stepTaken(tx, scope, before, after, scope);
  return true;
}

/** 修改工单 — what the PATCH names and nothing else. */
export async function changeTicket(db: Db, scope: Scope, id: string, change: z.infer<typeof TicketChange>, terms: Terms) {
  authorize(scope.role, 'ticket.write');
  return db.transaction(async (tx) => {
    await applyChange(tx, scope, await lockTicket(tx, scope, id), change, terms);
    return getTicket(tx, scope, id);
  });
}

/** The history, trail and timeline of a status step already written; only a colleague resolves (and the customer hears of it). */
async function stepTaken(tx: Db, scope: Actor, before: Row, after: Row, resolver?: Scope) {
  await writeHistory(tx, scope, before.id, 'status', { status: before.status }, { status: after.status });
  const action = after.status === 'resolved' ? 'ticket.resolved' : after.status === 'closed' ? 'ticket.closed'
    : ['resolved', 'closed'].includes(before.status) ? 'ticket.reopened' : 'ticket.status_changed';
  await record(tx, scope, { action, entity: 'ticket', entityId: before.id, unitId: before.unitId, before: { status: before.status }, after: { status: after.status } });
  if (after.status === 'resolved' && resolver) {
    await onTimeline(tx, scope, after, 'ticket.resolved');
    await tellCustomer(tx, scope, await lockCustomer(tx, resolver, after.customerId, 'customer.read'), after, 'resolved');
  }
}

function refuseStep(ticket: Row, to: TicketStatus) {
  if (ticket.mergedIntoId) return conflict(tell('ticketStepNone', { mergedIntoId: ticket.mergedIntoId }), { allowed: [] });
  const allowed = allowedSteps(ticket);
  return conflict(tell('ticketStepRefused', {
    from: statusWords[ticket.status].en, to: statusWords[to].en, allowed: allowed.map((s) => statusWords[s].en).join(', '),
    fromZh: statusWords[ticket.status].zh, toZh: statusWords[to].zh, allowedZh: allowed.map((s) => statusWords[s].zh).join('、'),
  }), { allowed });
}

async function applyStep(tx: Db, scope: Scope, before: Row, to: TicketStatus, assigneeId: string | undefined, terms: Terms) {
  if (!allowedSteps(before).includes(to)) throw refuseStep(before, to);
  if (to === 'assigned') {
    const whom = assigneeId ?? before.assigneeId;
    if (!whom) throw invalid('assigneeId', tell('ticketNeedsAssignee'));
    await checkAssignee(tx, scope, whom, before.unitId);
    if (whom !== before.assigneeId) {
      await writeHistory(tx, scope, before.id, 'assignee', { assigneeId: before.assigneeId }, { assigneeId: whom });
      await record(tx, scope, { action: 'ticket.changed', entity: 'ticket', entityId: before.id, unitId: before.unitId, before: { assigneeId: before.assigneeId }, after: { assigneeId: whom } });
    }
    assigneeId = whom;
  }
  await moveTicket(tx, scope, before, to, assigneeId, terms, scope);
}

/** Writes a step the workflow allows, with its clock, history and trail. */
export async function moveTicket(tx: Db, actor: Actor, before: Row, to: TicketStatus, assigneeId: string | undefined, terms: Terms, resolver?: Scope) {
  const now = new Date();
  const [updated] = await tx.update(tickets).set({
    status: to, updatedAt: now, ...(assigneeId ? { assigneeId } : {}),
    ...(to === 'resolved' ? { resolvedAt: now } : {}), ...(to === 'closed' ? { closedAt: now } : {}),
    // Reopened: it is neither resolved nor closed any more.
    ...(to === 'in_progress' && ['resolved', 'closed'].includes(before.status) ? { resolvedAt: null, closedAt: null } : {}),
  }).where(eq(tickets.id, before.id)).returning();
  // Waiting on the customer or resolved, the clock stops; back in progress, it runs on.
  const after = await keepSlaClock(tx, updated, { ...terms, isNewTerms: false, now });
  await stepTaken(tx, actor, before, after, resolver);
}

/** 工单流转 — one step of the workflow; a step out of order is refused with the steps allowed from here. */
export async function stepTicket(db: Db, scope: Scope, id: string, step: { to: TicketStatus; assigneeId?: string }, terms: Terms) {
  authorize(scope.role, 'ticket.write');
  return db.transaction(async (tx) => {
    await applyStep(tx, scope, await lockTicket(tx, scope, id), step.to, step.assigneeId, terms);
    return getTicket(tx, scope, id);
  });
}

/** 内部备注 / 回复客户 — kept on the ticket; sending a reply to the customer is not done here yet. */
export async function addTicketMessage(db: Db, scope: Scope, id: string, input: z.infer<typeof NewTicketMessage>) {
  authorize(scope.role, 'ticket.write');
  return db.transaction(async (tx) => {
    const ticket = await lockTicket(tx, scope, id);
    if (ticket.mergedIntoId) throw conflict(tell('ticketStepNone', { mergedIntoId: ticket.mergedIntoId }));
    const [message] = await tx.insert(ticketMessages).values({ ticketId: id, kind: input.kind, body: input.body, authorId: scope.userId, authorName: scope.userName }).returning();
    if (input.kind === 'reply') {
      await repliedToCustomer(tx, ticket);
      await tellCustomer(tx, scope, await lockCustomer(tx, scope, ticket.customerId, 'customer.read'), ticket, { reply: input.body });
    }
    await record(tx, scope, { action: 'ticket.message_added', entity: 'ticket', entityId: id, unitId: ticket.unitId, after: { kind: input.kind, messageId: message.id } });
    return message;
  });
}

/**
 * 合并工单 — the duplicate is closed as merged into the survivor; its notes and replies move to
 * the survivor (marked where they were written), and both histories are kept.
 */
export async function mergeTickets(db: Db, scope: Scope, survivorId: string, duplicateId: string) {
  authorize(scope.role, 'ticket.manage');
  return db.transaction(async (tx) => {
    // Through the scope first: another unit's ticket is a 404 whatever the body says.
    if (survivorId === duplicateId) {
      await lockTicket(tx, scope, survivorId);
      throw invalid('duplicateId', tell('ticketMergeSelf'));
    }
    // Lock in id order so two merges of the same pair cannot deadlock.
    const [first, second] = [survivorId, duplicateId].sort();
    const locked = new Map([[first, await lockTicket(tx, scope, first)], [second, await lockTicket(tx, scope, second)]]);
    const survivor = locked.get(survivorId)!;
    const duplicate = locked.get(duplicateId)!;
    if (survivor.customerId !== duplicate.customerId) throw invalid('duplicateId', tell('ticketMergeOtherCustomer'));
    if (survivor.mergedIntoId || duplicate.mergedIntoId) throw conflict(tell('ticketMergeMerged'));
    const now = new Date();
    // Closed for good: its clock has nothing more to say.
    await tx.update(tickets).set({ status: 'closed', mergedIntoId: survivorId, closedAt: duplicate.closedAt ?? now, updatedAt: now, slaNextAt: null, slaPausedAt: duplicate.slaPausedAt ?? now })
      .where(eq(tickets.id, duplicateId));
    await tx.update(ticketMessages).set({ ticketId: survivorId, fromTicketId: sql`coalesce(${ticketMessages.fromTicketId}, ${ticketMessages.ticketId})` })
      .where(eq(ticketMessages.ticketId, duplicateId));
    await writeHistory(tx, scope, duplicateId, 'merged_into', { status: duplicate.status }, { status: 'closed', mergedIntoId: survivorId });
    await writeHistory(tx, scope, survivorId, 'merged_from', null, { duplicateId, title: duplicate.title });
    await record(tx, scope, { action: 'ticket.merged', entity: 'ticket', entityId: duplicateId, unitId: duplicate.unitId,
      before: { status: duplicate.status }, after: { status: 'closed', mergedIntoId: survivorId } });
    return getTicket(tx, scope, survivorId);
  });
}

/**
 * 批量操作 — assign, change priority or close many tickets: all or nothing. Each id goes through
 * the scope; one that is another unit's (or does not exist) is a 404 and nothing changes.
 */
export async function bulkTickets(db: Db, scope: Scope, input: z.infer<typeof TicketBulk>, terms: Terms) {
  authorize(scope.role, 'ticket.manage');
  const ids = [...new Set(input.ids)].sort();
  return db.transaction(async (tx) => {
    const changed: string[] = [];
    for (const id of ids) {
      const ticket = await lockTicket(tx, scope, id);
      const { action } = input;
      if (action.kind === 'close') {
        if (ticket.status === 'closed') continue;
        // Closing from the queue skips the steps between: an agent closes what needs no more work.
        if (ticket.mergedIntoId) throw refuseStep(ticket, 'closed');
        const [closed] = await tx.update(tickets).set({ status: 'closed', closedAt: new Date(), updatedAt: new Date() }).where(eq(tickets.id, id)).returning();
        await stepTaken(tx, scope, ticket, await keepSlaClock(tx, closed, { ...terms, isNewTerms: false }), scope);
        changed.push(id);
      } else if (await applyChange(tx, scope, ticket, action.kind === 'assign' ? { assigneeId: action.assigneeId } : { priority: action.priority }, terms)) {
        changed.push(id);
      }
    }
    return { changed };
  });
}

/** Merging customers: the merged record's tickets are the survivor's now. */
export async function moveTicketsOnMerge(tx: Db, merged: { id: string }, survivor: { id: string; unitId: string }) {
  const moved = await tx.update(tickets).set({ customerId: survivor.id, unitId: survivor.unitId, updatedAt: new Date() })
    .where(eq(tickets.customerId, merged.id)).returning({ id: tickets.id });
  return { tickets: moved.map((t) => t.id) };
}

/** 客户调整: a customer's tickets move to its new unit, where the people who now look after it work. */
export async function followReassignment(tx: Db, moves: CustomerMove[]) {
  if (!moves.length) return;
  const list = sql`json_to_recordset(${JSON.stringify(moves)}::json) as m("customerId" uuid, "toUnitId" uuid)`;
  await tx.execute(sql`update tickets set unit_id = m."toUnitId", updated_at = now() from ${list}
    where tickets.customer_id = m."customerId" and tickets.unit_id <> m."toUnitId"`);
}
