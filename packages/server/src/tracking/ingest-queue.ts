/**
 * 合并提交 (group commit) — batches that arrive together are written in one transaction, so a
 * commit (an fsync on the store) is paid once for all of them instead of once each. Each caller
 * awaits the flush its item went into and is answered only after that flush committed.
 *
 * A flush starts at once when none is running (the items that arrived in the same turn of the
 * event loop go with it); while one runs, the next gathers items until it is full or the oldest
 * has waited `waitMs`, up to `maxFlushes` at a time. One bad item must not fail its neighbours:
 * when a flush fails, its items are written again one by one, and only the item that fails alone
 * is refused.
 */
export interface GroupCommitOptions<I, R> {
  /** Writes the items in one transaction and gives one result per item, in order. */
  write: (items: I[]) => Promise<R[]>;
  /** Items per flush at most (the statement's size stays bounded). */
  maxItems: number;
  /** How long an item may wait for a running flush before a second one starts beside it. */
  waitMs: number;
  /** Flushes running at once (each holds a connection of the pool). */
  maxFlushes: number;
}

interface Waiting<I, R> {
  item: I;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export function groupCommit<I, R>({ write, maxItems, waitMs, maxFlushes }: GroupCommitOptions<I, R>) {
  const queue: Waiting<I, R>[] = [];
  let running = 0;
  let timer: NodeJS.Timeout | null = null;
  let scheduled = false;

  async function flush(group: Waiting<I, R>[]) {
    running++;
    try {
      const results = await write(group.map((w) => w.item));
      group.forEach((w, i) => w.resolve(results[i]));
    } catch (error) {
      if (group.length === 1) group[0].reject(error);
      else {
        for (const waiting of group) {
          try {
            waiting.resolve((await write([waiting.item]))[0]);
          } catch (alone) {
            waiting.reject(alone);
          }
        }
      }
    } finally {
      running--;
      pump();
    }
  }

  function pump() {
    while (queue.length && running < maxFlushes) {
      // Beside a running flush, a second one starts only when it is worth a commit of its own.
      if (running > 0 && queue.length < maxItems) {
        timer ??= setTimeout(() => { timer = null; pump(); }, waitMs);
        return;
      }
      if (timer) { clearTimeout(timer); timer = null; }
      void flush(queue.splice(0, maxItems));
    }
  }

  return {
    /** Resolves with the item's result once the flush that holds it has committed. */
    add(item: I): Promise<R> {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (queue.length >= maxItems) pump();
        else if (!scheduled) {
          // Requests parsed in the same turn of the event loop join one flush.
          scheduled = true;
          setImmediate(() => { scheduled = false; pump(); });
        }
      });
    },
    /** Items waiting for a flush and flushes running: for tests and the shutdown. */
    get pending() { return queue.length + running; },
  };
}
