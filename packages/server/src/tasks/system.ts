import type { Db } from '../platform/db/index.ts';
import { auditBySystem, emit } from '../platform/audit.ts';
import { tasks } from './schema.ts';

/**
 * A task background work gives someone (an SLA warning or escalation): due and reminded at once,
 * so the assignee's console rings and the reminder e-mail goes. No scope is checked — the work
 * chose the assignee by the record's unit — so only background work calls this.
 */
export async function createSystemTask(tx: Db, by: string, task: {
  unitId: string; customerId: string | null; assigneeId: string; title: string; note: string; dueAt: Date;
  priority: 'low' | 'normal' | 'high' | 'urgent'; source: 'sla';
}) {
  const now = new Date();
  const [row] = await tx.insert(tasks).values({ ...task, remindAt: now < task.dueAt ? now : task.dueAt, createdById: task.assigneeId }).returning();
  const after = { title: row.title, assigneeId: row.assigneeId, customerId: row.customerId, status: 'open' as const, source: row.source, dueAt: row.dueAt, priority: row.priority };
  await auditBySystem(tx, by, { action: 'task.created', entity: 'task', entityId: row.id, unitId: row.unitId, after });
  await emit(tx, 'task.created', { entity: 'task', entityId: row.id, unitId: row.unitId, payload: after });
  return row;
}
