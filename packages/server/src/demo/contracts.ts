import type { Db } from '../platform/db/index.ts';
import { slaPolicies } from '../service/schema.ts';
import { seededRandom } from './random.ts';

/** What a key account's contract (服务合同) promises beyond the key tier's terms: faster answers on urgent and high faults. */
const contractTerms = [
  { name: '服务合同 紧急', priority: 'urgent', firstResponseMinutes: 10, nextResponseMinutes: 10, resolutionMinutes: 90, clock: 'around_the_clock' },
  { name: '服务合同 高', priority: 'high', firstResponseMinutes: 20, nextResponseMinutes: 30, resolutionMinutes: 240, clock: 'around_the_clock' },
] as const;

/**
 * A few key accounts of each batch have a service contract, so the 360° page and their tickets'
 * due times show one. From a seed of their own (the batch's customers and tickets stay the same);
 * a batch loaded again adds nothing twice (the policies' unique reach).
 */
export async function seedDemoContracts(db: Db, batch: { id: string; tier: string }[], seed: number) {
  const r = seededRandom(seed ^ 0x5e7c0de);
  const chosen = batch.filter((c) => c.tier === 'key' && r.chance(0.2));
  if (!chosen.length) return;
  await db.insert(slaPolicies).values(chosen.flatMap((c) => contractTerms.map((term) => ({ ...term, customerId: c.id })))).onConflictDoNothing();
}
