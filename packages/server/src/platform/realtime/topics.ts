import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/index.ts';
import { notFound } from '../errors.ts';
import { isInScope, type Scope } from '../scope.ts';
import type { OutboxEvent } from './outbox-reader.ts';

/**
 * A family of topics (`customer:<id>`, `user:<id>` …), declared by the module that owns the
 * records. A subscription is opened through the caller's scope; an event reaches it when the
 * event names one of the keys the subscription was opened on.
 */
export interface TopicKind {
  /** Matches a whole topic of this family; the first group is what `open` gets. */
  pattern: RegExp;
  /**
   * The keys this caller may follow the topic by, or a Problem: another unit's record is not
   * found, exactly as a missing one, so a topic never tells what exists elsewhere.
   */
  open(db: Db, scope: Scope, id: string): Promise<string[]>;
  /** The keys an event concerns. */
  keysOf(event: OutboxEvent): readonly (string | null | undefined)[];
  /**
   * Personal topics follow the caller, not a unit: their events need not lie in the caller's
   * units. Every other event is delivered only when one of its units is in the caller's scope.
   */
  isPersonal?: boolean;
}

const uuid = '([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})';
export const topicPattern = (prefix: string, suffix = '') => new RegExp(`^${prefix}:${uuid}${suffix}$`);

/** `user:<id>` — one's own things (reminders, changes to one's account); nobody else's. */
export const userTopic: TopicKind = {
  pattern: topicPattern('user'),
  isPersonal: true,
  async open(_db, scope, id) {
    if (id !== scope.userId) throw notFound('User');
    return [id];
  },
  keysOf: (event) => [event.entity === 'user' ? event.entityId : null, stringIn(event.payload, 'assigneeId')],
};

export function stringIn(payload: Record<string, unknown>, ...path: string[]): string | undefined {
  let value: unknown = payload;
  for (const key of path) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** A unit the caller sees and every unit below it; another unit is not found, as a missing one. */
export async function unitsBelow(db: Db, scope: Scope, unitId: string): Promise<string[]> {
  if (!isInScope(scope, unitId)) throw notFound('Unit');
  const found = await rows<{ id: string }>(db, sql`select sub.id::text as id from org_units sub
    where sub.path like (select unit.path from org_units unit where unit.id = ${unitId}::uuid) || '%'`);
  if (!found.length) throw notFound('Unit');
  return found.map((u) => u.id);
}
