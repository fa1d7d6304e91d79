import { and, eq, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import { emit } from '../platform/audit.ts';
import { users } from '../platform/auth/schema.ts';
import { customerNamesUnscoped } from '../customers/names.ts';
import type { Gateways } from '../notifications/gateways.ts';
import { tasks } from './schema.ts';

/**
 * 待办提醒 by e-mail: each reminder whose time has come goes once to its assignee's address, in
 * Chinese and English (staff have no language of their own on file). A reminder whose e-mail
 * could not go is tried again at the next round; an assignee without an address gets the
 * console's reminder only. Each one handed out is also announced (`task.reminder_due`, in the
 * same transaction), so the assignee's open console rings at once on their `user:<id>` topic.
 */
export async function emailDueReminders(db: Db, email: Gateways['email'], { timeZone, limit = 50 }: { timeZone: string; limit?: number }) {
  return db.transaction(async (tx) => {
    const due = await tx.select({ task: tasks, to: users.email, name: users.displayName }).from(tasks)
      .innerJoin(users, eq(users.id, tasks.assigneeId))
      .where(and(eq(tasks.status, 'open'), isNull(tasks.reminderEmailedAt), lte(tasks.remindAt, new Date())))
      .orderBy(tasks.remindAt).limit(limit).for('update', { of: tasks, skipLocked: true });
    const names = await customerNamesUnscoped(tx, due.flatMap((d) => (d.task.customerId ? [d.task.customerId] : [])));
    let sent = 0;
    for (const { task, to, name } of due) {
      if (to) {
        const when = (language: string) => new Intl.DateTimeFormat(language, { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(task.dueAt);
        const customer = task.customerId ? names.get(task.customerId) : undefined;
        try {
          await email.send({
            id: `reminder-${task.id}-${task.remindAt!.getTime()}`, to, language: 'zh-CN', isPromotional: false,
            subject: `待办提醒 Reminder: ${task.title}`,
            body: [
              `${name}，您好：`, `待办：${task.title}`, `截止：${when('zh-CN')}`, ...(customer ? [`客户：${customer.name}（${customer.number}）`] : []), ...(task.note ? [`备注：${task.note}`] : []),
              '', `Hello ${name},`, `Task: ${task.title}`, `Due: ${when('en')}`, ...(customer ? [`Customer: ${customer.name} (${customer.number})`] : []),
            ].join('\n'),
          });
          sent++;
        } catch {
          continue; // the next round tries again
        }
      }
      await tx.update(tasks).set({ reminderEmailedAt: sql`now()` }).where(eq(tasks.id, task.id));
      await emit(tx, 'task.reminder_due', { entity: 'task', entityId: task.id, unitId: task.unitId,
        payload: { assigneeId: task.assigneeId, remindAt: task.remindAt!.toISOString() } });
    }
    return sent;
  });
}
