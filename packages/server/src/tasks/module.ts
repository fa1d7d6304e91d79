import { taskEvents } from '@xiang/shared';
import { taskAudit } from '@xiang/shared/codes/tasks';
import { defineModule } from '../module.ts';
import { defineActions, roles, type ActionsOf } from '../platform/policy.ts';
import { taskRoutes } from './routes.ts';
import { followReassignment, moveTasksOnMerge } from './service.ts';
import { reminderEmails, reminderEmailSchedule } from './jobs.ts';

// 待办 — everyone keeps their own list; managers also change their people's tasks.
const actions = defineActions({ 'task.read': roles, 'task.write': roles, 'task.manage': ['admin', 'manager'] });
declare module '../platform/policy.ts' { interface Actions extends ActionsOf<typeof actions> {} }
declare module '../platform/access.ts' { interface Reaches { task: true } }

/** 待办 — every staff member's tasks and call-backs, with reminders; they follow their customer. */
export const tasksModule = defineModule({
  name: 'tasks',
  events: taskEvents,
  audit: taskAudit,
  routes: taskRoutes,
  actions,
  recordNames: { Task: '待办' },
  customerHooks: { merged: moveTasksOnMerge, reassigned: followReassignment },
  background: ({ gateways, timeZone }) => ({ kinds: [reminderEmails(gateways.email, timeZone)], schedules: [reminderEmailSchedule] }),
});
