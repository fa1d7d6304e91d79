import { eq } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import { trackingSites } from './schema.ts';

/** What ingest needs to know of a site, looked up by the key the script sends. */
export interface CollectingSite {
  id: string;
  unitId: string;
  name: string;
  /** Signs `xiang.identify`; kept in this process's memory only, like the rest of the row. */
  identitySecret: string;
  allowedOrigins: readonly string[];
  consentMode: 'none' | 'required';
  searchParam: string;
  isActive: boolean;
}

// Every batch names its site: looking it up once per batch would be a query per request. A
// change in this process forgets the cache at once; another process sees it within the TTL (so a
// rotated identity secret may still be taken there for those few seconds).
const ttlMs = 5_000;
const cache = new Map<string, { site: CollectingSite | null; until: number }>();

export async function siteByKey(db: Db, key: string): Promise<CollectingSite | null> {
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && hit.until > now) return hit.site;
  const [site] = await db.select({ id: trackingSites.id, unitId: trackingSites.unitId, name: trackingSites.name, identitySecret: trackingSites.identitySecret, allowedOrigins: trackingSites.allowedOrigins, consentMode: trackingSites.consentMode, searchParam: trackingSites.searchParam, isActive: trackingSites.isActive })
    .from(trackingSites).where(eq(trackingSites.siteKey, key));
  // Unknown keys are remembered too (briefly), so a flood of wrong keys does not reach the store each time.
  if (cache.size > 10_000) cache.clear();
  cache.set(key, { site: site ?? null, until: now + ttlMs });
  return site ?? null;
}

export function forgetSiteKeys() {
  cache.clear();
}
