import { and, desc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import { normalizePhone } from '@xiang/shared/phone';
import type { HotlineCallQuery, NewHotlineCall, TicketFromContact } from '@xiang/shared';
import type { Db } from '../platform/db/index.ts';
import { conflict, invalid } from '../platform/errors.ts';
import { record } from '../platform/audit.ts';
import { authorize } from '../platform/policy.ts';
import { defineMessages } from '../platform/messages.ts';
import { decodeCursor, pageOf, pastKey } from '../platform/paging.ts';
import { guard, isInScope, withinScope, type Scope } from '../platform/scope.ts';
import { unitScope } from '../platform/unit-subtree.ts';
import { staffMemberFor } from '../platform/staff.ts';
import { users } from '../platform/auth/schema.ts';
import { customerHoldingIdentity } from '../customers/service.ts';
import { customerNames } from '../customers/names.ts';
import { maskPhone, maskServiceNumber } from '../customers/masking.ts';
import { addInteraction } from '../interactions/service.ts';
import { openTicket, type Terms } from '../service/service.ts';
import { hotlineCalls } from './schema.ts';

type Row = typeof hotlineCalls.$inferSelect;

const tell = defineMessages({
  callUnitUnknown: { en: 'No unit of yours has this id.', zh: '您的单位中没有这个单位。' },
  callAgentUnknown: { en: 'No colleague of yours has this id.', zh: '您的同事中没有这个用户。' },
  callIdTaken: {
    en: 'The call centre already posted call {callId} with other details; a call is logged once and not changed.',
    zh: '呼叫中心已提交过通话 {callId}，内容与这次不同；通话只记录一次，不能修改。',
  },
  callHasNoCustomer: { en: 'This call is not matched to a customer; a ticket needs one.', zh: '这通电话没有对应的客户，无法转为工单。' },
});

/** What makes a repeated post the same call: everything the call centre said about it. */
const sameCall = (row: Row, input: NewHotlineCall) => row.number === input.number && row.direction === input.direction
  && row.outcome === input.outcome && row.startedAt.getTime() === input.startedAt.getTime()
  && row.durationSeconds === input.durationSeconds && row.agentId === (input.agentId ?? null)
  && row.recording === (input.recording ?? null) && row.note === (input.note ?? null);

/**
 * 热线通话记录 — a call the call centre (or a colleague) logs. Matched by the number among the
 * customers of the unit it is filed for; a matched call lands on the customer's timeline in the
 * same transaction. Posting the same call again gives the stored one; other details for the same
 * call id are refused (409), so a retry never doubles a call and never rewrites one.
 */
export async function logCall(db: Db, scope: Scope, input: z.infer<typeof NewHotlineCall>) {
  authorize(scope.role, 'hotline.write');
  const filedUnitId = input.unitId ?? scope.unitId;
  if (!isInScope(scope, filedUnitId)) throw invalid('unitId', tell('callUnitUnknown'));
  const { startedAt } = input;
  return db.transaction(async (tx) => {
    if (input.agentId && 'refused' in await staffMemberFor(tx, scope, input.agentId)) throw invalid('agentId', tell('callAgentUnknown'));
    const [earlier] = await tx.select().from(hotlineCalls).where(and(eq(hotlineCalls.filedUnitId, filedUnitId), eq(hotlineCalls.callId, input.callId)));
    if (earlier) return { isNew: false, call: await presentOne(tx, scope, sameOrRefused(earlier, input)) };
    const phone = normalizePhone(input.number);
    const units = filedUnitId === scope.unitId ? scope : await unitScope(tx, filedUnitId);
    const customer = phone ? await customerHoldingIdentity(tx, units, 'phone', phone) : null;
    const [row] = await tx.insert(hotlineCalls).values({
      filedUnitId, callId: input.callId, unitId: customer?.unitId ?? filedUnitId, customerId: customer?.id ?? null,
      number: input.number, direction: input.direction, outcome: input.outcome, startedAt, durationSeconds: input.durationSeconds,
      agentId: input.agentId ?? null, recording: input.recording ?? null, note: input.note ?? null, postedById: scope.userId,
    }).onConflictDoNothing().returning();
    if (!row) {
      // Posted at the same moment by another request: that one stored it.
      const [stored] = await tx.select().from(hotlineCalls).where(and(eq(hotlineCalls.filedUnitId, filedUnitId), eq(hotlineCalls.callId, input.callId)));
      return { isNew: false, call: await presentOne(tx, scope, sameOrRefused(stored, input)) };
    }
    if (customer) {
      await addInteraction(tx, scope, customer.id, {
        kind: 'transactional', channel: 'hotline', type: 'hotline.call', occurredAt: startedAt,
        summary: `${input.direction === 'inbound' ? '来电' : '去电'} ${maskedNumber(input.number)}，${Math.round(input.durationSeconds / 60)} 分钟${input.note ? `：${input.note.slice(0, 200)}` : ''}`,
        payload: { hotlineCallId: row.id, callId: input.callId, direction: input.direction, outcome: input.outcome, durationSeconds: input.durationSeconds, recording: input.recording ?? null },
      });
    }
    await record(tx, scope, { action: 'hotline.call_logged', entity: 'hotline_call', entityId: row.id, unitId: row.unitId, after: { id: row.id, callId: row.callId, customerId: row.customerId } });
    return { isNew: true, call: await presentOne(tx, scope, row) };
  });
}

function sameOrRefused(row: Row, input: NewHotlineCall) {
  if (!sameCall(row, input)) throw conflict(tell('callIdTaken', { callId: input.callId }), { field: 'callId' });
  return row;
}

/** 通话列表 — the calls of the caller's units, latest first. */
export async function listCalls(db: Db, scope: Scope, query: z.infer<typeof HotlineCallQuery>) {
  authorize(scope.role, 'hotline.read');
  const cursor = query.cursor ? decodeCursor(query.cursor, ['instant', 'uuid']) : null;
  const found = await db.select().from(hotlineCalls).where(and(
    withinScope(scope, hotlineCalls.unitId),
    cursor ? pastKey([hotlineCalls.startedAt, hotlineCalls.id], cursor, 'desc') : undefined,
  )).orderBy(desc(hotlineCalls.startedAt), desc(hotlineCalls.id)).limit(query.limit + 1);
  const { items, nextCursor } = pageOf(found, query.limit, (last) => [last.startedAt, last.id]);
  return { items: await present(db, scope, items), nextCursor };
}

export async function getCall(db: Db, scope: Scope, id: string) {
  const [row] = await db.select().from(hotlineCalls).where(eq(hotlineCalls.id, id));
  return presentOne(db, scope, guard(scope, row, 'Hotline call', 'hotline.read'));
}

/**
 * 一键转工单 — a ticket from a call, through the service module's own opening (its SLA clock,
 * history, timeline), linked back to the call in the same transaction. A second click gives the
 * ticket the first one made.
 */
export async function ticketFromCall(db: Db, scope: Scope, id: string, input: z.infer<typeof TicketFromContact>, terms: Terms) {
  authorize(scope.role, 'ticket.write');
  return db.transaction(async (tx) => {
    const [found] = await tx.select().from(hotlineCalls).where(eq(hotlineCalls.id, id)).for('update');
    const call = guard(scope, found, 'Hotline call', 'hotline.read');
    if (call.ticketId) return { ticketId: call.ticketId };
    if (!call.customerId) throw invalid('customerId', tell('callHasNoCustomer'));
    const ticket = await openTicket(tx, scope, {
      kind: input.kind, title: input.title ?? `热线${call.direction === 'inbound' ? '来电' : '去电'} ${maskedNumber(call.number)}`,
      description: call.note ?? undefined, channel: 'hotline', customerId: call.customerId,
    }, terms);
    await tx.update(hotlineCalls).set({ ticketId: ticket.id }).where(eq(hotlineCalls.id, call.id));
    await record(tx, scope, { action: 'hotline.ticket_made', entity: 'hotline_call', entityId: call.id, unitId: call.unitId, after: { id: call.id, ticketId: ticket.id } });
    return { ticketId: ticket.id };
  });
}

async function present(db: Db, scope: Scope, list: Row[]) {
  const agentIds = [...new Set(list.flatMap((r) => (r.agentId ? [r.agentId] : [])))];
  const [names, agents] = await Promise.all([
    customerNames(db, scope, list.flatMap((r) => (r.customerId ? [r.customerId] : []))),
    agentIds.length ? db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, agentIds)) : [],
  ]);
  const agentName = new Map(agents.map((a) => [a.id, a.name]));
  return list.map(({ filedUnitId: _f, postedById: _p, ...r }) => ({
    ...r, number: maskedNumber(r.number), customerName: r.customerId ? names.get(r.customerId)?.name ?? null : null, agentName: r.agentId ? agentName.get(r.agentId) ?? null : null,
  }));
}

/** 个人信息去标识化 — the caller's number leaves the server masked, as a customer's phone does (stored and matched in full). */
function maskedNumber(number: string) {
  const phone = normalizePhone(number);
  return phone ? maskPhone(phone) : maskServiceNumber(number.replace(/\s/g, ''));
}

const presentOne = async (db: Db, scope: Scope, row: Row) => (await present(db, scope, [row]))[0];
