/**
 * The tracker's outbox: events wait here until a batch is acknowledged. Kept apart from the
 * browser glue (tracker.ts) so its rules — batch size, timer, backoff, ids kept across retries,
 * what survives a reload — run and are tested in Node.
 */
export interface QueuedEvent {
  id: string;
  at: number;
  [field: string]: unknown;
}

/** How a batch went: stored (or refused for good: retrying cannot help), or to be tried again. */
export type Outcome = 'done' | 'retry';

export interface QueueOptions {
  /** Sends one batch; `isLeaving` when the page is going away (sendBeacon / keepalive). */
  send(events: QueuedEvent[], isLeaving: boolean): Promise<Outcome>;
  /** Where waiting events survive a reload or a closed tab (localStorage), when the visitor allows it. */
  keep?(events: QueuedEvent[]): void;
  isOnline?(): boolean;
  now?(): number;
  batchSize?: number;
  flushMs?: number;
  firstRetryMs?: number;
  maxRetryMs?: number;
  /** Events older than this are given up (the server forgets ids after a month). */
  maxAgeMs?: number;
  /** At most this many wait; the oldest go first when more come. */
  maxWaiting?: number;
  random?(): number;
}

export function createQueue(o: QueueOptions, restored: QueuedEvent[] = []) {
  const now = o.now ?? Date.now;
  const batchSize = o.batchSize ?? 20;
  const flushMs = o.flushMs ?? 1000;
  const firstRetryMs = o.firstRetryMs ?? 2000;
  const maxRetryMs = o.maxRetryMs ?? 60_000;
  const maxAgeMs = o.maxAgeMs ?? 7 * 86_400_000;
  const maxWaiting = o.maxWaiting ?? 500;
  const random = o.random ?? Math.random;
  let waiting: QueuedEvent[] = restored.slice(-maxWaiting);
  let sending: QueuedEvent[] | null = null;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const keep = () => o.keep?.(waiting);
  const schedule = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => void flush(false), ms);
  };

  async function flush(isLeaving: boolean): Promise<void> {
    clearTimeout(timer);
    const oldest = now() - maxAgeMs;
    waiting = waiting.filter((e) => e.at > oldest);
    if (!waiting.length) return keep();
    if (o.isOnline && !o.isOnline()) return;
    if (isLeaving) {
      // The page is going: everything goes now, batch by batch; what the browser took is done.
      const leaving = waiting;
      const unsent: QueuedEvent[] = [];
      waiting = [];
      for (let i = 0; i < leaving.length; i += batchSize) {
        const batch = leaving.slice(i, i + batchSize);
        if ((await o.send(batch, true).catch(() => 'retry')) !== 'done') unsent.push(...batch);
      }
      waiting = unsent.concat(waiting);
      return keep();
    }
    if (sending) return;
    const batch = waiting.slice(0, batchSize);
    sending = batch;
    let outcome: Outcome;
    try {
      outcome = await o.send(batch, false);
    } catch {
      outcome = 'retry';
    }
    sending = null;
    if (outcome === 'done') {
      failures = 0;
      waiting = waiting.filter((e) => !batch.includes(e));
      keep();
      if (waiting.length) schedule(waiting.length >= batchSize ? 0 : flushMs);
      return;
    }
    // Offline or a busy server: the same events (same ids) again later, waiting longer each time.
    failures++;
    const backoff = Math.min(maxRetryMs, firstRetryMs * 2 ** (failures - 1));
    schedule(backoff / 2 + random() * backoff / 2);
  }

  return {
    add(event: QueuedEvent) {
      waiting.push(event);
      if (waiting.length > maxWaiting) waiting = waiting.slice(-maxWaiting);
      keep();
      if (!sending && !failures) schedule(waiting.length >= batchSize ? 0 : flushMs);
    },
    flush,
    /** The network is back: try at once instead of waiting out the backoff. */
    retryNow() {
      failures = 0;
      return flush(false);
    },
    waiting: () => waiting.slice(),
    isSending: () => sending !== null,
  };
}
