// 待办 — the tasks module's audit codes.
export const taskAudit = {
  actions: ['task.created', 'task.changed', 'task.completed', 'task.reopened', 'task.cancelled'],
  entities: ['task'],
} as const;
