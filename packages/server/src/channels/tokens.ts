import { eq } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import { digest } from '../platform/auth/secrets.ts';
import { unitScope } from '../platform/unit-subtree.ts';
import type { Scope } from '../platform/scope.ts';
import { channels } from './schema.ts';

/** The channel a token names, as intake needs it: who it is, and the units whose customers it may name. */
export interface CallingChannel {
  id: string;
  unitId: string;
  code: string;
  name: string;
  kind: (typeof channels.$inferSelect)['kind'];
  isActive: boolean;
  units: Pick<Scope, 'isWholeOrganisation' | 'unitIds'>;
}

// Every batch names its channel: a lookup by hash and the unit's subtree per batch would be two
// queries per request. A change in this process (switched off, new token) forgets the cache at
// once; another process sees it within the TTL. Keyed by the token's hash, so no token is kept.
const ttlMs = 5_000;
const cache = new Map<string, { channel: CallingChannel | null; until: number }>();
/** Bumped by every forget: a lookup that began before a change does not put the old row back after it. */
let generation = 0;

export async function channelByToken(db: Db, token: string): Promise<CallingChannel | null> {
  const hash = digest(token);
  const now = Date.now();
  const hit = cache.get(hash);
  if (hit && hit.until > now) return hit.channel;
  const asked = generation;
  const [row] = await db.select({ id: channels.id, unitId: channels.unitId, code: channels.code, name: channels.name, kind: channels.kind, isActive: channels.isActive })
    .from(channels).where(eq(channels.tokenHash, hash));
  const channel = row ? { ...row, units: await unitScope(db, row.unitId) } : null;
  if (asked !== generation) return channel;
  // Unknown tokens are remembered too (briefly), so a flood of wrong ones does not reach the store each time.
  if (cache.size > 10_000) cache.clear();
  cache.set(hash, { channel, until: now + ttlMs });
  return channel;
}

export function forgetChannelTokens() {
  generation++;
  cache.clear();
}
