import { minuteWindows } from '../platform/rate-window.ts';

/**
 * Ingest's flood guard: batches per site and per client address each minute (platform/rate-window.ts).
 * The counts are this process's: with N server processes behind a balancer, one address or site
 * may send up to N times the limit before every process refuses it (less when the balancer keeps
 * an address on one process). A shared count would cost a round trip to the store per batch, more
 * than ingest's own write now that batches share a commit; the platform's throttle (throttle.ts)
 * counts failures in the store, which suits sign-in's few attempts, not tens of thousands of
 * successes a second. Set the limits per process accordingly (the limit divided by N).
 */
export const collectRates = {
  batchesPerMinutePerAddress: Number(process.env.COLLECT_BATCHES_PER_MINUTE_PER_ADDRESS ?? 600),
  batchesPerMinutePerSite: Number(process.env.COLLECT_BATCHES_PER_MINUTE_PER_SITE ?? 60_000),
};

const windows = minuteWindows();

/** Counts one batch against its address and its site; 429 when either is over its limit this minute. */
export function takeBatch(siteId: string, address: string, now = Date.now()) {
  windows.take(`a\u0000${address}`, collectRates.batchesPerMinutePerAddress, now);
  windows.take(`s\u0000${siteId}`, collectRates.batchesPerMinutePerSite, now);
}

/** Tests start each case with clean counts. */
export const forgetRates = () => windows.forget();
