import { z } from 'zod';

// 事件目录 — every domain event the server writes to the outbox: its name, the version of its
// payload, and the payload's schema. The writer (server platform/audit.ts) takes only these names
// with their payload type and checks the payload before it is written, so a subscriber can rely
// on what it reads. A payload that changes shape gets a new version here, and readers of older
// rows read the version each event was written with.

/** A record as written: its id and whatever else the row holds. */
const row = <T extends z.ZodRawShape>(shape: T) => z.looseObject({ id: z.string(), ...shape });
/** Fields a change named, before → after: only those that changed. */
const changedFields = z.record(z.string(), z.unknown());
const uuid = z.string();

const event = <T extends z.ZodType>(payload: T, version = 1) => ({ version, payload });

export const eventCatalog = {
  'customer.created': event(row({ name: z.string(), unitId: uuid, identities: z.array(z.looseObject({ kind: z.string() })) })),
  'customer.updated': event(changedFields),
  'customer.archived': event(z.object({ status: z.string() })),
  'customer.restored': event(z.object({ status: z.string() })),
  'customer.reassigned': event(z.object({ unitId: uuid, ownerId: uuid.nullable() })),
  'customer.merged': event(z.object({ mergeId: uuid, moved: z.record(z.string(), z.unknown()) })),
  'customer.imported': event(z.object({
    importId: uuid, unitId: uuid, ownerId: uuid.nullable(), createdCustomers: z.number().int(), services: z.number().int(),
    mergedRows: z.number().int(), mergedCustomers: z.number().int(),
  })),
  'customer.import_undone': event(z.looseObject({ status: z.literal('undone'), archivedCustomers: z.number().int() })),
  'identity.added': event(z.object({ kind: z.string(), value: z.string() })),
  'identity.removed': event(z.object({})),
  'contact.added': event(row({ customerId: uuid, name: z.string() })),
  'contact.archived': event(row({ customerId: uuid })),
  'interaction.added': event(z.looseObject({ id: z.number().int(), customerId: uuid, kind: z.string(), channel: z.string(), type: z.string() })),
  'attachment.uploaded': event(row({ sha256: z.string() })),
  'product.created': event(row({ name: z.string() })),
  'subscription.added': event(row({ customerId: uuid, productId: uuid })),
  'subscription.changed': event(changedFields),
  'payment.recorded': event(row({ customerId: uuid, amountFen: z.number().int() })),
  'unit.created': event(row({ name: z.string() })),
  'user.created': event(row({ username: z.string(), role: z.string(), unitId: uuid })),
  'user.changed': event(changedFields),
  'user.password_reset': event(z.object({})),
  'user.password_changed': event(z.object({ otherSessionsEnded: z.number().int() })),
  'task.created': event(z.looseObject({ title: z.string(), assigneeId: uuid, customerId: uuid.nullable(), status: z.literal('open') })),
  'task.changed': event(changedFields),
  'task.completed': event(z.looseObject({ status: z.literal('done') })),
  'task.reopened': event(z.looseObject({ status: z.literal('open') })),
  'task.cancelled': event(z.looseObject({ status: z.literal('cancelled') })),
  /** A reminder's time has come (the `tasks.remind` job): its assignee's console rings at once. */
  'task.reminder_due': event(z.object({ assigneeId: uuid, remindAt: z.string() })),
  'message_template.created': event(z.object({ name: z.string(), channel: z.enum(['email', 'sms']), kind: z.enum(['service', 'promotional']) })),
  'message.queued': event(z.looseObject({ customerId: uuid, channel: z.enum(['email', 'sms']), kind: z.enum(['service', 'promotional']), templateId: uuid.nullable() })),
  'consent.changed': event(z.object({ channel: z.enum(['email', 'sms']), isGranted: z.boolean(), source: z.string() })),
  // tracking
  'site.created': event(row({ name: z.string(), allowedOrigins: z.array(z.string()) })),
  'site.changed': event(changedFields),
} as const;

export type EventType = keyof typeof eventCatalog;
export const eventTypes = Object.keys(eventCatalog) as EventType[];
/** What an event of this type carries, as its writer must give it. */
export type EventPayload<T extends EventType> = z.input<(typeof eventCatalog)[T]['payload']>;

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(eventCatalog, type);
}
