import type { Db } from '../platform/db/index.ts';
import { interactions } from './schema.ts';

/**
 * A timeline entry written by the system, not by a person in a request: a message delivered
 * by a job, after a scoped request decided to send it. No scope is checked here — the caller
 * holds a customer it was given by one — so only background work calls this.
 */
export async function recordSystemInteraction(tx: Db, entry: {
  customerId: string; kind: 'descriptive' | 'promotional' | 'transactional'; channel: string; type: string; summary: string;
  payload: Record<string, unknown>; actorId?: string | null; actorName?: string | null;
}) {
  const [row] = await tx.insert(interactions).values({ ...entry, actorId: entry.actorId ?? null, actorName: entry.actorName ?? null, occurredAt: new Date() })
    .returning({ id: interactions.id });
  return row.id;
}
