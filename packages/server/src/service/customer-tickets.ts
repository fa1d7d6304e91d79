import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { PortalNewTicket, PortalRating, PortalTicketAnswer, PortalTicketQuery } from '@xiang/shared';
import type { Db } from '../platform/db/index.ts';
import { conflict, invalid, notFound } from '../platform/errors.ts';
import { record } from '../platform/audit.ts';
import { defineMessages } from '../platform/messages.ts';
import { decodeCursor, pageOf, pastKey } from '../platform/paging.ts';
import type { CustomerScope, OwnCustomer } from '../platform/scope.ts';
import { isUuid } from '../customers/service.ts';
import { customerActor, lockOwnCustomer, ownCustomer } from '../customers/themself.ts';
import { ownSubscriptions } from '../subscriptions/service.ts';
import { checkCustomerFiles } from '../interactions/attachments.ts';
import { ticketMessages, tickets } from './schema.ts';
import { fileTicket, moveTicket, writeHistory, type Terms } from './service.ts';

/**
 * 网上营业厅 — the customer's side of their tickets: they open one (a fault on one of their
 * services, a complaint, a question), follow it, answer the questions asked of them, and rate the
 * resolution. They see what was said to them, never the colleagues' internal notes, who worked on
 * it, or its SLA terms; another customer's ticket does not exist for them (404).
 */

type Row = typeof tickets.$inferSelect;

const tell = defineMessages({
  portalTicketClosed: { en: 'This ticket is closed. If the problem is back, report it again as a new one.', zh: '该工单已关闭。如问题再次出现，请重新报障。' },
  portalTicketMerged: { en: 'This ticket was joined to another one about the same matter; write there.', zh: '该工单已与同一问题的另一张工单合并，请在那张工单中留言。' },
  portalRateNotYet: { en: 'A ticket can be rated once it is resolved.', zh: '工单处理完毕后才能评价。' },
  portalRatedAlready: { en: 'You have rated this ticket already.', zh: '您已评价过该工单。' },
  portalServiceNotYours: { en: 'This service is not one of yours.', zh: '该业务不属于您。' },
});


const rated = (t: Row) => t.satisfaction !== null;

async function present(db: Db, customer: OwnCustomer, rows: Row[]) {
  const numbers = new Map((await ownSubscriptions(db, customer)).map((s) => [s.id, s.serviceNumber]));
  return rows.map((t) => ({
    id: t.id, reference: t.id.slice(0, 8), kind: t.kind, title: t.title, description: t.description, status: t.status,
    subscriptionId: t.subscriptionId, serviceNumber: t.subscriptionId ? numbers.get(t.subscriptionId) ?? null : null,
    attachmentIds: t.attachmentIds, satisfaction: t.satisfaction, satisfactionComment: t.satisfactionComment, mergedIntoId: t.mergedIntoId,
    createdAt: t.createdAt, updatedAt: t.updatedAt, resolvedAt: t.resolvedAt,
    canReply: !t.mergedIntoId && t.status !== 'closed',
    canRate: !t.mergedIntoId && (t.status === 'resolved' || t.status === 'closed') && !rated(t),
  }));
}

/** 我的工单 — newest first, a page at a time. */
export async function customerTickets(db: Db, who: CustomerScope, query: z.infer<typeof PortalTicketQuery>) {
  const customer = await ownCustomer(db, who);
  const cursor = query.cursor ? decodeCursor(query.cursor, ['instant', 'uuid']) : null;
  const rows = await db.select().from(tickets)
    .where(and(eq(tickets.customerId, customer.id), cursor ? pastKey([tickets.createdAt, tickets.id], cursor, 'desc') : undefined))
    .orderBy(desc(tickets.createdAt), desc(tickets.id)).limit(query.limit + 1);
  const { items, nextCursor } = pageOf(rows, query.limit, (last) => [last.createdAt, last.id]);
  return { items: await present(db, customer, items), nextCursor };
}

async function ownTicket(db: Db, customer: OwnCustomer, id: string, { lock = false } = {}) {
  if (!isUuid(id)) throw notFound('Ticket');
  const query = db.select().from(tickets).where(and(eq(tickets.id, id), eq(tickets.customerId, customer.id)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw notFound('Ticket');
  return row;
}

/** One of the customer's tickets with what was said to them and what they wrote. */
export async function customerTicket(db: Db, who: CustomerScope, id: string) {
  const customer = await ownCustomer(db, who);
  return presentDetail(db, customer, await ownTicket(db, customer, id));
}

async function presentDetail(db: Db, customer: OwnCustomer, ticket: Row) {
  const [shown] = await present(db, customer, [ticket]);
  const messages = await db.select().from(ticketMessages)
    .where(and(eq(ticketMessages.ticketId, ticket.id), inArray(ticketMessages.kind, ['reply', 'customer'])))
    .orderBy(ticketMessages.createdAt, ticketMessages.id);
  return {
    ...shown,
    messages: messages.map((m) => ({ id: m.id, from: m.kind === 'customer' ? 'customer' as const : 'staff' as const, body: m.body, attachmentIds: m.attachmentIds, createdAt: m.createdAt })),
  };
}

/** 网上报障 / 投诉 — the customer opens a ticket about themself, with photos they uploaded. */
export async function openTicketAsCustomer(db: Db, who: CustomerScope, input: z.infer<typeof PortalNewTicket>, terms: Terms) {
  return db.transaction(async (tx) => {
    // Locked, so a merge of customers cannot move their tickets while this one is being added.
    const customer = await lockOwnCustomer(tx, who);
    if (input.subscriptionId && !(await ownSubscriptions(tx, customer)).some((s) => s.id === input.subscriptionId)) {
      throw invalid('subscriptionId', tell('portalServiceNotYours'));
    }
    const attachmentIds = await checkCustomerFiles(tx, customer, input.attachmentIds);
    const ticket = await fileTicket(tx, customerActor(customer), customer, {
      kind: input.kind, title: input.title, description: input.description, subscriptionId: input.subscriptionId,
      channel: 'portal', createdById: null, attachmentIds,
    }, terms);
    return presentDetail(tx, customer, ticket);
  });
}

/**
 * The customer writes on their ticket. A ticket that waited on them goes back to work (and the
 * next-response clock starts); one already resolved is reopened, since they say it is not; a
 * closed one is refused: the customer reports it again.
 */
export async function answerTicketAsCustomer(db: Db, who: CustomerScope, id: string, input: z.infer<typeof PortalTicketAnswer>, terms: Terms) {
  return db.transaction(async (tx) => {
    const customer = await ownCustomer(tx, who);
    const ticket = await ownTicket(tx, customer, id, { lock: true });
    if (ticket.mergedIntoId) throw conflict(tell('portalTicketMerged'), { mergedIntoId: ticket.mergedIntoId });
    if (ticket.status === 'closed') throw conflict(tell('portalTicketClosed'));
    const attachmentIds = await checkCustomerFiles(tx, customer, input.attachmentIds);
    const actor = customerActor(customer);
    const [message] = await tx.insert(ticketMessages).values({ ticketId: id, kind: 'customer', body: input.body, attachmentIds, authorId: null, authorName: actor.userName }).returning();
    // The assignee is named so their own topic (user:<id>) hears the customer answered, wherever they are in the console.
    await record(tx, actor, { action: 'ticket.message_added', entity: 'ticket', entityId: id, unitId: ticket.unitId, after: { kind: 'customer', messageId: message.id, assigneeId: ticket.assigneeId } });
    if (ticket.status === 'waiting_on_customer' || ticket.status === 'resolved') await moveTicket(tx, actor, ticket, 'in_progress', undefined, terms);
    return presentDetail(tx, customer, await ownTicket(tx, customer, id));
  });
}

/** 满意度评价 — once, after the ticket is resolved: 1 to 5 stars and a word if they like. */
export async function rateTicketAsCustomer(db: Db, who: CustomerScope, id: string, input: z.infer<typeof PortalRating>) {
  return db.transaction(async (tx) => {
    const customer = await ownCustomer(tx, who);
    const ticket = await ownTicket(tx, customer, id, { lock: true });
    if (ticket.mergedIntoId) throw conflict(tell('portalTicketMerged'), { mergedIntoId: ticket.mergedIntoId });
    if (rated(ticket)) throw conflict(tell('portalRatedAlready'));
    if (ticket.status !== 'resolved' && ticket.status !== 'closed') throw conflict(tell('portalRateNotYet'));
    const comment = input.comment || null;
    await tx.update(tickets).set({ satisfaction: input.score, satisfactionComment: comment, ratedAt: sql`now()` }).where(eq(tickets.id, id));
    const actor = customerActor(customer);
    await writeHistory(tx, actor, id, 'rated', null, { satisfaction: input.score, satisfactionComment: comment });
    await record(tx, actor, { action: 'ticket.rated', entity: 'ticket', entityId: id, unitId: ticket.unitId,
      after: { score: input.score, comment }, payload: { score: input.score } });
    return presentDetail(tx, customer, await ownTicket(tx, customer, id));
  });
}

/**
 * Which of the customer's files the portal may show them: those on their own tickets and on the
 * messages between them and the service staff — never a file staff attached to their record.
 */
export async function isFileOnOwnTicket(db: Db, customer: OwnCustomer, attachmentId: string) {
  const [row] = await db.select({ found: sql<boolean>`true` }).from(tickets)
    .where(and(eq(tickets.customerId, customer.id), sql`(${attachmentId}::uuid = any(${tickets.attachmentIds}) or exists (
      select 1 from ticket_messages m where m.ticket_id = ${tickets.id} and m.kind in ('reply', 'customer') and ${attachmentId}::uuid = any(m.attachment_ids)))`))
    .limit(1);
  return Boolean(row);
}
