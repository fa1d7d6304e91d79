import { eq } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import { trackingSites } from './schema.ts';

/** What ingest needs to know of a site, looked up by the key the script sends. */
export interface CollectingSite {
  id: string;
  unitId: string;
  name: string;
  allowedOrigins: readonly string[];
  consentMode: 'none' | 'required';
  searchParam: string;
  isActive: boolean;
}

// Every batch names its site: looking it up once per batch would be a query per request. A
// change in this process forgets the cache at once; another process sees a change of origins,
// consent or switching off within the TTL. The identity secret is not cached at all
// (`currentIdentitySecret`), so a rotated one is refused at once in every process.
const ttlMs = 5_000;
const cache = new Map<string, { site: CollectingSite | null; until: number }>();
/** Bumped by every forget: a lookup that began before a change does not put the old row back after it. */
let generation = 0;

export async function siteByKey(db: Db, key: string): Promise<CollectingSite | null> {
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && hit.until > now) return hit.site;
  const asked = generation;
  const [site] = await db.select({ id: trackingSites.id, unitId: trackingSites.unitId, name: trackingSites.name, allowedOrigins: trackingSites.allowedOrigins, consentMode: trackingSites.consentMode, searchParam: trackingSites.searchParam, isActive: trackingSites.isActive })
    .from(trackingSites).where(eq(trackingSites.siteKey, key));
  if (asked !== generation) return site ?? null;
  // Unknown keys are remembered too (briefly), so a flood of wrong keys does not reach the store each time.
  if (cache.size > 10_000) cache.clear();
  cache.set(key, { site: site ?? null, until: now + ttlMs });
  return site ?? null;
}

/**
 * 身份密钥 — the site's secret as the store has it now: read for each batch that carries an identity
 * (one lookup by primary key), so a signature of a rotated secret is never taken, here or in another process.
 */
export async function currentIdentitySecret(db: Db, siteId: string): Promise<string> {
  const [site] = await db.select({ identitySecret: trackingSites.identitySecret }).from(trackingSites).where(eq(trackingSites.id, siteId));
  // A site deleted between the two reads signs nothing: no HMAC matches a fresh random key.
  return site?.identitySecret ?? crypto.randomUUID();
}

export function forgetSiteKeys() {
  generation++;
  cache.clear();
}
