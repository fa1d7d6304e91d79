import { and, asc, count, eq, gte, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import type { NewTask, TaskChange, TaskQuery } from '@xiang/shared';
import type { Db } from '../platform/db/index.ts';
import { forbidden, invalid, notFound } from '../platform/errors.ts';
import { record } from '../platform/audit.ts';
import { changedFields, pick } from '../platform/changed-fields.ts';
import { defineMessages } from '../platform/messages.ts';
import { decodeCursor, pageOf, pastKey } from '../platform/paging.ts';
import { authorize, may } from '../platform/policy.ts';
import { isInScope, withinScope, type Scope } from '../platform/scope.ts';
import { users } from '../platform/auth/schema.ts';
import { staffMemberFor } from '../platform/staff.ts';
import { customerNames } from '../customers/names.ts';
import { isUuid, lockCustomer } from '../customers/service.ts';
import type { CustomerMove } from '../customers/hooks.ts';
import { tasks } from './schema.ts';

type Query = z.infer<typeof TaskQuery>;
type Row = typeof tasks.$inferSelect;

const tell = defineMessages({
  assigneeUnknown: { en: 'No colleague of yours has this id.', zh: '您的同事中没有这个用户。' },
  assigneeDisabled: { en: 'This colleague\'s account is disabled; give the task to someone who works here now.', zh: '该同事的账号已停用，请把待办交给在职的同事。' },
  assigneeCannotSeeCustomer: {
    en: 'This colleague cannot see the customer (another unit); give the task to someone in the customer\'s unit or above it.',
    zh: '该同事看不到这位客户（不在同一单位），请交给客户所在单位或其上级单位的同事。',
  },
  notYourTask: { en: 'Only the task\'s assignee, its author or a manager can change it.', zh: '只有待办的负责人、创建人或经理可以修改它。' },
  onlyAssigneeDismisses: { en: 'Only the assignee puts a reminder away.', zh: '只有负责人可以关闭提醒。' },
  remindAfterDue: { en: 'A reminder comes before the due time or at it.', zh: '提醒时间不能晚于截止时间。' },
});

const assignee = alias(users, 'assignee');
const author = alias(users, 'author');

const selectTasks = (db: Db) => db.select({ task: tasks, assigneeName: assignee.displayName, createdByName: author.displayName })
  .from(tasks)
  .innerJoin(assignee, eq(assignee.id, tasks.assigneeId))
  .innerJoin(author, eq(author.id, tasks.createdById));

/** The task as the API gives it, with who and which customer in words. */
async function present(db: Db, scope: Scope, rows: { task: Row; assigneeName: string; createdByName: string }[]) {
  const names = await customerNames(db, scope, rows.flatMap((r) => (r.task.customerId ? [r.task.customerId] : [])));
  const now = Date.now();
  return rows.map(({ task, assigneeName, createdByName }) => {
    const { unitId: _unit, reminderDismissedAt: _dismissed, reminderEmailedAt: _emailed, ...rest } = task;
    const customer = task.customerId ? names.get(task.customerId) : undefined;
    return {
      ...rest, assigneeName, createdByName,
      customerName: customer?.name ?? null, customerNumber: customer?.number ?? null,
      isOverdue: task.status === 'open' && task.dueAt.getTime() < now,
    };
  });
}

/** One task through the scope: another unit's task does not exist for the caller. */
export async function getTask(db: Db, scope: Scope, id: string) {
  authorize(scope.role, 'task.read');
  if (!isUuid(id)) throw notFound('Task');
  const rows = await selectTasks(db).where(and(eq(tasks.id, id), withinScope(scope, tasks.unitId)));
  if (!rows.length) throw notFound('Task');
  return (await present(db, scope, rows))[0];
}

/** 待办列表 — by due time, soonest first; the cursor is the last task's (due time, id). */
export async function listTasks(db: Db, scope: Scope, query: Query) {
  authorize(scope.role, 'task.read');
  const cursor = query.cursor ? decodeCursor(query.cursor, ['instant', 'uuid']) : null;
  const assigneeId = query.assignee === 'me' ? scope.userId : query.assignee;
  const rows = await selectTasks(db).where(and(
    withinScope(scope, tasks.unitId),
    assigneeId ? eq(tasks.assigneeId, assigneeId) : undefined,
    query.customerId ? eq(tasks.customerId, query.customerId) : undefined,
    query.status === 'all' ? undefined : eq(tasks.status, query.status),
    query.dueBefore ? lt(tasks.dueAt, query.dueBefore) : undefined,
    query.dueAfter ? gte(tasks.dueAt, query.dueAfter) : undefined,
    cursor ? pastKey([tasks.dueAt, tasks.id], cursor, 'asc') : undefined,
  )).orderBy(asc(tasks.dueAt), asc(tasks.id)).limit(query.limit + 1);
  const { items, nextCursor } = pageOf(rows, query.limit, (last) => [last.task.dueAt, last.task.id]);
  return { items: await present(db, scope, items), nextCursor };
}

/** My open tasks, how many are overdue, and the reminders that have come and not been put away. */
export async function taskSummary(db: Db, scope: Scope) {
  authorize(scope.role, 'task.read');
  const mine = and(eq(tasks.assigneeId, scope.userId), eq(tasks.status, 'open'), withinScope(scope, tasks.unitId));
  const now = new Date();
  const [[figures], reminders] = await Promise.all([
    db.select({ open: count(), overdue: sql<number>`count(*) filter (where ${tasks.dueAt} < ${now})`.mapWith(Number) }).from(tasks).where(mine),
    selectTasks(db).where(and(mine, lte(tasks.remindAt, now),
      or(isNull(tasks.reminderDismissedAt), lt(tasks.reminderDismissedAt, tasks.remindAt))))
      .orderBy(asc(tasks.remindAt), asc(tasks.id)).limit(20),
  ]);
  return { open: figures.open, overdue: figures.overdue, reminders: await present(db, scope, reminders) };
}

/**
 * Whom a task may go to: a working colleague in the caller's units who can see its customer
 * (their unit is the customer's or above it). Returns the assignee's unit.
 */
const assigneeRefusals = { unknown: 'assigneeUnknown', disabled: 'assigneeDisabled', cannotSee: 'assigneeCannotSeeCustomer' } as const;

async function checkAssignee(tx: Db, scope: Scope, assigneeId: string, customerUnitId: string | null) {
  const person = await staffMemberFor(tx, scope, assigneeId, customerUnitId);
  if ('refused' in person) throw invalid('assigneeId', tell(assigneeRefusals[person.refused]));
  return person.unitId;
}

/** 新建待办 — for oneself, or for a colleague; about a customer the caller can see, or about nothing in particular. */
export async function createTask(db: Db, scope: Scope, input: z.infer<typeof NewTask>) {
  authorize(scope.role, 'task.write');
  return db.transaction(async (tx) => {
    // Locked, so a merge cannot move the customer's tasks while this one is being added.
    const customer = input.customerId ? await lockCustomer(tx, scope, input.customerId, 'customer.read') : null;
    const assigneeId = input.assigneeId ?? scope.userId;
    const assigneeUnitId = await checkAssignee(tx, scope, assigneeId, customer?.unitId ?? null);
    const [task] = await tx.insert(tasks).values({
      unitId: customer?.unitId ?? assigneeUnitId, customerId: customer?.id ?? null,
      title: input.title, note: input.note ?? null, dueAt: input.dueAt, remindAt: input.remindAt ?? null,
      priority: input.priority, assigneeId, createdById: scope.userId,
    }).returning();
    await record(tx, scope, { action: 'task.created', entity: 'task', entityId: task.id, unitId: task.unitId,
      after: { ...auditable(task), title: task.title, assigneeId: task.assigneeId, customerId: task.customerId, status: 'open' as const } });
    return getTask(tx, scope, task.id);
  });
}

const changeable = ['title', 'note', 'dueAt', 'remindAt', 'priority', 'status', 'assigneeId'] as const;
const auditable = (task: Row) => pick(task, [...changeable, 'customerId']);

/**
 * Changes what the PATCH names and nothing else. Done and cancelled tasks keep when they were
 * closed; reopening clears it. A new reminder time brings a put-away reminder back.
 */
export async function changeTask(db: Db, scope: Scope, id: string, change: z.infer<typeof TaskChange>) {
  authorize(scope.role, 'task.write');
  if (!isUuid(id)) throw notFound('Task');
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(tasks).where(and(eq(tasks.id, id), withinScope(scope, tasks.unitId))).for('update');
    if (!before) throw notFound('Task');
    const isOwn = before.assigneeId === scope.userId || before.createdById === scope.userId;
    if (!isOwn && !may(scope.role, 'task.manage')) throw forbidden(tell('notYourTask'));
    const changed = changedFields(auditable(before), change);
    if (!changed) return getTask(tx, scope, id);
    const dueAt = changed.set.dueAt ?? before.dueAt;
    const remindAt = changed.set.remindAt !== undefined ? changed.set.remindAt : before.remindAt;
    if (remindAt && remindAt > dueAt) throw invalid('remindAt', tell('remindAfterDue'));
    let unitId = before.unitId;
    if (changed.set.assigneeId) {
      const assigneeUnitId = await checkAssignee(tx, scope, changed.set.assigneeId, before.customerId ? before.unitId : null);
      // A task about no customer lives where its assignee works.
      if (!before.customerId) unitId = assigneeUnitId;
    }
    const status = changed.set.status;
    const [after] = await tx.update(tasks).set({
      ...changed.set, unitId, updatedAt: new Date(),
      ...(status ? { completedAt: status === 'open' ? null : new Date() } : {}),
      ...(changed.set.remindAt !== undefined ? { reminderDismissedAt: null, reminderEmailedAt: null } : {}),
    }).where(eq(tasks.id, id)).returning();
    await record(tx, scope, {
      action: status === 'done' ? 'task.completed' : status === 'cancelled' ? 'task.cancelled' : status === 'open' ? 'task.reopened' : 'task.changed',
      entity: 'task', entityId: id, unitId: after.unitId, before: changed.before, after: pick(auditable(after), changed.keys),
    });
    return getTask(tx, scope, id);
  });
}

/** The assignee has seen the reminder; it stays away until its time is changed. */
export async function dismissReminder(db: Db, scope: Scope, id: string) {
  const task = await getTask(db, scope, id);
  if (task.assigneeId !== scope.userId) throw forbidden(tell('onlyAssigneeDismisses'));
  await db.update(tasks).set({ reminderDismissedAt: new Date() }).where(eq(tasks.id, id));
  return getTask(db, scope, id);
}

/** Merging customers: the merged record's tasks are the survivor's now. */
export async function moveTasksOnMerge(tx: Db, merged: { id: string }, survivor: { id: string; unitId: string }) {
  const moved = await tx.update(tasks).set({ customerId: survivor.id, unitId: survivor.unitId, updatedAt: new Date() })
    .where(eq(tasks.customerId, merged.id)).returning({ id: tasks.id });
  return { tasks: moved.map((t) => t.id) };
}

/**
 * 客户调整: a customer's tasks move to its new unit, and the open ones its old account manager
 * held go to the new one, so nothing promised to the customer is left with someone who no
 * longer looks after them.
 */
export async function followReassignment(tx: Db, moves: CustomerMove[]) {
  if (!moves.length) return;
  // One statement each for any number of customers (a reassignment may move thousands).
  const list = sql`json_to_recordset(${JSON.stringify(moves)}::json)
    as m("customerId" uuid, "toUnitId" uuid, "fromOwnerId" uuid, "toOwnerId" uuid)`;
  await tx.execute(sql`update tasks set unit_id = m."toUnitId", updated_at = now() from ${list}
    where tasks.customer_id = m."customerId" and tasks.unit_id <> m."toUnitId"`);
  await tx.execute(sql`update tasks set assignee_id = m."toOwnerId", updated_at = now() from ${list}
    where tasks.customer_id = m."customerId" and tasks.status = 'open'
      and tasks.assignee_id = m."fromOwnerId" and m."toOwnerId" is not null and m."toOwnerId" <> m."fromOwnerId"`);
}
