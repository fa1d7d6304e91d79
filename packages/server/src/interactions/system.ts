import { sql } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import { interactions } from './schema.ts';

interface SystemEntry {
  customerId: string; kind: 'descriptive' | 'promotional' | 'transactional'; channel: string; type: string; summary: string;
  payload: Record<string, unknown>; actorId?: string | null; actorName?: string | null;
  /** When it happened, where a channel's system says so (a recharge at the hall); now when left out. */
  occurredAt?: Date;
}

const rowOf = (entry: SystemEntry) => ({ ...entry, actorId: entry.actorId ?? null, actorName: entry.actorName ?? null, occurredAt: entry.occurredAt ?? new Date() });

/**
 * A timeline entry written by the system, not by a person in a request: a message delivered
 * by a job, after a scoped request decided to send it. No scope is checked here — the caller
 * holds a customer it was given by one — so only background work calls this.
 */
export async function recordSystemInteraction(tx: Db, entry: SystemEntry) {
  const [row] = await tx.insert(interactions).values(rowOf(entry)).returning({ id: interactions.id });
  return row.id;
}

/**
 * Many entries in one statement (a channel's batch of transactions), on the same terms as
 * recordSystemInteraction: column arrays through unnest, since building a VALUES list of a hundred
 * rows costs more than the insert itself.
 */
export async function recordSystemInteractions(tx: Db, entries: SystemEntry[]) {
  if (!entries.length) return;
  const written = entries.map(rowOf);
  const column = <T>(of: (row: (typeof written)[number]) => T) => sql.param(written.map(of));
  await tx.execute(sql`insert into interactions (customer_id, occurred_at, kind, channel, type, actor_id, actor_name, summary, payload)
    select * from unnest(${column((r) => r.customerId)}::uuid[], ${column((r) => r.occurredAt.toISOString())}::timestamptz[], ${column((r) => r.kind)}::text[],
      ${column((r) => r.channel)}::text[], ${column((r) => r.type)}::text[], ${column((r) => r.actorId)}::uuid[], ${column((r) => r.actorName)}::text[],
      ${column((r) => r.summary)}::text[], ${column((r) => JSON.stringify(r.payload))}::jsonb[])`);
}
