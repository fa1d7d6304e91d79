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

/** Many entries in one statement (a channel's batch of transactions), on the same terms as recordSystemInteraction. */
export async function recordSystemInteractions(tx: Db, entries: SystemEntry[]) {
  if (!entries.length) return;
  await tx.insert(interactions).values(entries.map(rowOf));
}
