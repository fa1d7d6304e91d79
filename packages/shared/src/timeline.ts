import { z } from 'zod';
import { Instant } from './time.ts';
import { pageOf, pageQuery } from './page.ts';
import { Bill, Contact, Customer, Identity, Subscription } from './customers.ts';
import { defineEvents, event, row, uuid } from './event-kit.ts';

export const InteractionKind = z.enum(['descriptive', 'promotional', 'transactional']);
export const Channel = z.enum(['staff', 'phone', 'hotline', 'email', 'sms', 'web', 'chat', 'portal', 'store', 'import', 'system']);

export const Attachment = z.object({
  id: z.string(),
  fileName: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number(),
  createdAt: z.date(),
});

export const Interaction = z.object({
  id: z.number(),
  customerId: z.string(),
  occurredAt: z.date(),
  kind: InteractionKind,
  channel: z.string(),
  type: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  /** The role of the staff member who wrote it (客户经理, 销售 …); null for the customer's own channels. */
  actorRole: z.string().nullable(),
  summary: z.string(),
  payload: z.record(z.string(), z.unknown()),
  attachments: z.array(Attachment),
});
export type Interaction = z.infer<typeof Interaction>;

export const NewInteraction = z.object({
  kind: InteractionKind,
  channel: Channel,
  type: z.string().trim().min(1).max(40).regex(/^[a-z0-9_.-]+$/, 'Use lower-case words joined by _ or .'),
  summary: z.string().trim().min(1, 'Write a summary.').max(2000),
  occurredAt: Instant.optional(),
  payload: z.record(z.string().max(60), z.unknown()).optional()
    .refine((p) => p === undefined || JSON.stringify(p).length <= 20_000, 'The payload is over 20 KB.'),
  attachmentIds: z.array(z.uuid()).max(20).optional(),
});

export const TimelineQuery = z.object({
  kind: InteractionKind.optional(),
  channel: z.string().max(20).optional(),
  type: z.string().max(40).optional(),
  from: Instant.optional(),
  to: Instant.optional(),
  ...pageQuery({ limit: 20, maxLimit: 100 }).shape,
});
export const TimelinePage = pageOf(Interaction);

/** 统一客户视图 — the whole customer in one answer. */
export const Customer360 = z.object({
  customer: Customer,
  contacts: z.array(Contact),
  identities: z.array(Identity),
  subscriptions: z.array(Subscription),
  recentBills: z.array(Bill),
  openItems: z.object({ unpaidBills: z.number(), overdueBills: z.number() }),
  figures: z.object({
    monthlyFeeFen: z.number(), owedFen: z.number(), activeServices: z.number(), points: z.number(), interactions: z.record(z.string(), z.number()),
  }),
  timeline: TimelinePage,
});

// 接触记录 — the timeline's events.
export const interactionEvents = defineEvents({
  'interaction.added': event(z.looseObject({ id: z.number().int(), customerId: uuid, kind: z.string(), channel: z.string(), type: z.string() })),
  'attachment.uploaded': event(row({ sha256: z.string() })),
});
