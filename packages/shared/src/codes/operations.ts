// 运维 — what an administrator does to the queues.
export const operationsAudit = {
  actions: ['job.retried', 'dead_letter.replayed'],
  entities: ['job', 'dead_letter'],
} as const;
