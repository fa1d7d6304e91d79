import { tooManyAttempts } from './throttle.ts';

/**
 * Requests counted per key in fixed one-minute windows, in this process's memory: a flood guard
 * for open routes where every request is a success (the tracker's ingest, the public help
 * articles). The platform's throttle (throttle.ts) counts failures in the store, which suits
 * sign-in; here a round trip to count would cost more than the answer. Its refusal is the same:
 * 429 with Retry-After. Several processes behind a balancer each allow the limit.
 */
export function minuteWindows() {
  const windowMs = 60_000;
  const counts = new Map<string, { windowStart: number; n: number }>();
  return {
    /** Counts one request against the key; 429 when the key is over its limit this minute. */
    take(key: string, limit: number, now = Date.now()) {
      let count = counts.get(key);
      if (!count || now - count.windowStart >= windowMs) {
        // A bound on memory: a flood of distinct keys forgets them all rather than growing without end.
        if (counts.size > 100_000) counts.clear();
        count = { windowStart: now, n: 0 };
        counts.set(key, count);
      }
      if (count.n >= limit) throw tooManyAttempts(Math.max(1, Math.ceil((count.windowStart + windowMs - now) / 1000)));
      count.n++;
    },
    /** Tests start each case with clean counts. */
    forget() { counts.clear(); },
  };
}
