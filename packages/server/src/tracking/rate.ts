import { tooManyAttempts } from '../platform/throttle.ts';

/**
 * Ingest's flood guard: batches counted per site and per client address in fixed one-minute
 * windows, in this process's memory. The platform's throttle (platform/throttle.ts) counts
 * failures in the store, which suits sign-in; here every batch is a success and a round trip to
 * count it would cost more than storing it. Its answer is the same: 429 with Retry-After.
 * Several processes behind a balancer each allow the limit (the limit is per process).
 */
export const collectRates = {
  batchesPerMinutePerAddress: Number(process.env.COLLECT_BATCHES_PER_MINUTE_PER_ADDRESS ?? 600),
  batchesPerMinutePerSite: Number(process.env.COLLECT_BATCHES_PER_MINUTE_PER_SITE ?? 60_000),
};

const windowMs = 60_000;
const counts = new Map<string, { windowStart: number; batches: number }>();

function take(key: string, limit: number, now: number) {
  let count = counts.get(key);
  if (!count || now - count.windowStart >= windowMs) {
    if (counts.size > 100_000) counts.clear();
    count = { windowStart: now, batches: 0 };
    counts.set(key, count);
  }
  if (count.batches >= limit) throw tooManyAttempts(Math.max(1, Math.ceil((count.windowStart + windowMs - now) / 1000)));
  count.batches++;
}

/** Counts one batch against its address and its site; 429 when either is over its limit this minute. */
export function takeBatch(siteId: string, address: string, now = Date.now()) {
  take(`a\u0000${address}`, collectRates.batchesPerMinutePerAddress, now);
  take(`s\u0000${siteId}`, collectRates.batchesPerMinutePerSite, now);
}

/** Tests start each case with clean counts. */
export function forgetRates() {
  counts.clear();
}
