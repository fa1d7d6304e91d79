import { z } from 'zod';

// 运维 — what the administrator's operations page reads: the job queues and the event
// subscribers with their dead letters.

export const QueueFigures = z.object({
  queue: z.string(),
  /** Waiting and due now. */
  due: z.number().int(),
  /** Waiting for a later time (delayed, or a retry's backoff). */
  delayed: z.number().int(),
  running: z.number().int(),
  failed: z.number().int(),
  /** How long the oldest due job has waited past its time; null when none is due. */
  lagMs: z.number().int().nullable(),
});

export const FailedJob = z.object({
  id: z.number().int(),
  queue: z.string(),
  payload: z.unknown(),
  attempts: z.number().int(),
  error: z.string(),
  failedAt: z.string(),
  createdAt: z.string(),
});

export const SubscriberFigures = z.object({
  name: z.string(),
  /** Events after its cursor (counted up to 10,000). */
  behind: z.number().int(),
  deliveredAt: z.string().nullable(),
  deadLetters: z.number().int(),
  failing: z.object({ eventId: z.number().int(), attempts: z.number().int(), error: z.string(), retryAt: z.string().nullable() }).nullable(),
});

export const DeadLetter = z.object({
  id: z.number().int(),
  subscriber: z.string(),
  eventId: z.number().int(),
  type: z.string(),
  entity: z.string(),
  entityId: z.string(),
  attempts: z.number().int(),
  error: z.string(),
  failedAt: z.string(),
  isReplayRequested: z.boolean(),
});

export const OperationsListQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });
