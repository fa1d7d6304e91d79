import { z } from 'zod';
import { changeOf } from './change.ts';
import { Instant } from './time.ts';
import { pageOf, pageQuery } from './page.ts';
import { changedFields, defineEvents, event, uuid } from './event-kit.ts';

/**
 * 待办 / 回访 — one task list for every staff member: "call back next Tuesday", a follow-up after
 * a complaint, a renewal to discuss. Made by hand now; retention, dunning, service levels and
 * automation will make them too (their `source`).
 */
export const TaskPriority = z.enum(['low', 'normal', 'high', 'urgent']);
export const TaskStatus = z.enum(['open', 'done', 'cancelled']);
export const TaskSource = z.enum(['manual', 'retention', 'dunning', 'sla', 'automation']);

const title = z.string().trim().min(1, 'Write what is to be done.').max(200);
const note = z.string().trim().max(2000);

export const Task = z.object({
  id: z.string(),
  title: z.string(),
  note: z.string().nullable(),
  dueAt: z.date(),
  remindAt: z.date().nullable(),
  priority: TaskPriority,
  status: TaskStatus,
  source: TaskSource,
  customerId: z.string().nullable(),
  customerName: z.string().nullable(),
  customerNumber: z.string().nullable(),
  assigneeId: z.string(),
  assigneeName: z.string(),
  createdById: z.string(),
  createdByName: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
  completedAt: z.date().nullable(),
  /** Open and past its due time, as of the answer. */
  isOverdue: z.boolean(),
});
export type Task = z.infer<typeof Task>;

/** A reminder before the due time, or at it; never after — a reminder after the deadline reminds of nothing. */
const reminderBeforeDue = (t: { dueAt?: Date; remindAt?: Date | null }) => !t.dueAt || !t.remindAt || t.remindAt <= t.dueAt;
const reminderMessage = { message: 'A reminder comes before the due time or at it.', path: ['remindAt'] };

export const NewTask = z.strictObject({
  title,
  note: note.optional(),
  dueAt: Instant,
  remindAt: Instant.nullable().optional(),
  priority: TaskPriority.default('normal'),
  customerId: z.uuid().optional(),
  /** Whose task it is; the caller's own when left out. */
  assigneeId: z.uuid().optional(),
}).refine(reminderBeforeDue, reminderMessage);

/** A PATCH: only what it names changes. Done and cancelled are statuses, set here too. */
export const TaskChange = changeOf({
  title,
  note: note.nullable(),
  dueAt: Instant,
  remindAt: Instant.nullable(),
  priority: TaskPriority,
  status: TaskStatus,
  assigneeId: z.uuid(),
}).refine(reminderBeforeDue, reminderMessage);

export const TaskQuery = z.strictObject({
  /** `me`, or a colleague's id; everyone's in sight when left out. */
  assignee: z.union([z.literal('me'), z.uuid()]).optional(),
  customerId: z.uuid().optional(),
  status: z.enum(['open', 'done', 'cancelled', 'all']).default('open'),
  /** Due before this instant (overdue: now; today: the end of the day where the user is). */
  dueBefore: Instant.optional(),
  dueAfter: Instant.optional(),
}).extend(pageQuery({ limit: 20, maxLimit: 100 }).shape);
export const TaskPage = pageOf(Task);

/** What the home page and the header badge show: my open tasks, the overdue ones, reminders due. */
export const TaskSummary = z.object({ open: z.number(), overdue: z.number(), reminders: z.array(Task) });

// 待办 — the tasks module's events.
export const taskEvents = defineEvents({
  'task.created': event(z.looseObject({ title: z.string(), assigneeId: uuid, customerId: uuid.nullable(), status: z.literal('open') })),
  'task.changed': event(changedFields),
  'task.completed': event(z.looseObject({ status: z.literal('done') })),
  'task.reopened': event(z.looseObject({ status: z.literal('open') })),
  'task.cancelled': event(z.looseObject({ status: z.literal('cancelled') })),
  /** A reminder's time has come (the `tasks.remind` job): its assignee's console rings at once. */
  'task.reminder_due': event(z.object({ assigneeId: uuid, remindAt: z.string() })),
});
