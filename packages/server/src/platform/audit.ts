import { eventCatalog, type AuditAction, type AuditEntity, type EventPayload, type EventType } from '@xiang/shared';
import type { Db } from './db/index.ts';
import { auditLog, outboxEvents } from './audit-schema.ts';
import type { Scope } from './scope.ts';

interface Change {
  action: AuditAction;
  entity: AuditEntity;
  entityId: string;
  unitId?: string | null;
  before?: unknown;
  after?: unknown;
}

/**
 * Who made a change: a colleague (their scope will do), or someone with no account here — a
 * customer in the portal — by name only.
 */
export type Actor = Pick<Scope, 'userId' | 'userName'> | { userId: null; userName: string };

/** Records a change in the audit trail; call inside the change's own transaction. */
export async function audit(tx: Db, scope: Actor, change: Change): Promise<void> {
  await tx.insert(auditLog).values({
    actorId: scope.userId,
    actorName: scope.userName,
    unitId: change.unitId ?? null,
    action: change.action,
    entity: change.entity,
    entityId: change.entityId,
    before: (change.before ?? null) as object,
    after: (change.after ?? null) as object,
  });
}

/**
 * Records a change that background work made on its own (an SLA escalation), not a person: no
 * actor id, and the work's name as the actor's.
 */
export async function auditBySystem(tx: Db, actorName: string, change: Change): Promise<void> {
  await tx.insert(auditLog).values({
    actorId: null, actorName, unitId: change.unitId ?? null, action: change.action, entity: change.entity, entityId: change.entityId,
    before: (change.before ?? null) as object, after: (change.after ?? null) as object,
  });
}

const auditChunk = 1_000;

/**
 * Many changes of one act (an import merging into thousands of customers): one audit row each,
 * many rows per statement, so each record's trail is complete without a round trip per row.
 */
export async function auditMany(tx: Db, scope: Scope, changes: Change[]): Promise<void> {
  const actor = { actorId: scope.userId, actorName: scope.userName };
  for (let i = 0; i < changes.length; i += auditChunk) {
    await tx.insert(auditLog).values(changes.slice(i, i + auditChunk).map((c) => ({
      ...actor, unitId: c.unitId ?? null, action: c.action, entity: c.entity, entityId: c.entityId,
      before: (c.before ?? null) as object, after: (c.after ?? null) as object,
    })));
  }
}

/**
 * Puts a domain event in the outbox, in the same transaction as the change it announces. Only
 * the catalog's events (shared/src/events.ts), with the payload their schema says: a payload
 * that does not fit throws, and the change is rolled back with it.
 */
export async function emit<T extends EventType>(tx: Db, type: T, event: { entity: string; entityId: string; unitId?: string | null; payload: EventPayload<T> }) {
  const { version, payload } = eventCatalog[type];
  const checked = payload.safeParse(event.payload);
  if (!checked.success) throw new Error(`The ${type} event's payload does not fit the catalog: ${checked.error.message}`);
  await tx.insert(outboxEvents).values({
    type,
    version,
    entity: event.entity,
    entityId: event.entityId,
    unitId: event.unitId ?? null,
    payload: event.payload as object,
  });
}

/** A change that is announced: its action is an event of the catalog, its payload that event's. */
type Announced<A extends AuditAction & EventType> = Omit<Change, 'action' | 'after'> & { action: A } & (
  | { payload: EventPayload<A>; after?: unknown }
  | { payload?: undefined; after?: EventPayload<A> });

/** A change is audited and announced together; most services want both. The event's name is the action's. */
export async function record<A extends AuditAction & EventType>(tx: Db, scope: Actor, change: Announced<A>) {
  await audit(tx, scope, change);
  await emit(tx, change.action, {
    entity: change.entity,
    entityId: change.entityId,
    unitId: change.unitId,
    payload: (change.payload ?? change.after ?? {}) as EventPayload<A>,
  });
}
