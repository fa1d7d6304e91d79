import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createQueue, type Outcome, type QueuedEvent } from './queue.ts';

beforeEach(() => vi.useFakeTimers({ now: new Date('2026-12-02T10:00:00Z') }));
afterEach(() => vi.useRealTimers());

let n = 0;
const event = (): QueuedEvent => ({ id: `event-${++n}`, at: Date.now(), type: 'pageview' });

/** A server the test answers: each batch is recorded, answered by the next outcome given. */
function server(...outcomes: Outcome[]) {
  const batches: { ids: string[]; isLeaving: boolean }[] = [];
  return {
    batches,
    send: async (events: QueuedEvent[], isLeaving: boolean) => {
      batches.push({ ids: events.map((e) => e.id), isLeaving });
      return outcomes.shift() ?? 'done';
    },
  };
}

describe('the tracker\'s outbox', () => {
  it('sends after a short wait, all events of that time in one batch', async () => {
    const s = server();
    const q = createQueue({ send: s.send, flushMs: 1000 });
    q.add(event()); q.add(event()); q.add(event());
    await vi.advanceTimersByTimeAsync(999);
    expect(s.batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(s.batches.map((b) => b.ids.length)).toEqual([3]);
    expect(q.waiting()).toEqual([]);
  });

  it('sends at once when a batch is full, and the rest after', async () => {
    const s = server();
    const q = createQueue({ send: s.send, batchSize: 20 });
    for (let i = 0; i < 25; i++) q.add(event());
    await vi.advanceTimersByTimeAsync(0);
    expect(s.batches.map((b) => b.ids.length)).toEqual([20]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(s.batches.map((b) => b.ids.length)).toEqual([20, 5]);
  });

  it('retries the same events with the same ids, waiting longer each time, until the server takes them', async () => {
    const s = server('retry', 'retry', 'retry', 'done');
    const q = createQueue({ send: s.send, firstRetryMs: 2000, maxRetryMs: 60_000, random: () => 1 });
    const sent = [event(), event()];
    sent.forEach(q.add);
    await vi.advanceTimersByTimeAsync(1000);
    const times = [Date.now()];
    for (const wait of [2000, 4000, 8000]) {
      await vi.advanceTimersByTimeAsync(wait - 1);
      expect(s.batches).toHaveLength(times.length);
      await vi.advanceTimersByTimeAsync(1);
      times.push(Date.now());
    }
    expect(s.batches).toHaveLength(4);
    for (const b of s.batches) expect(b.ids).toEqual(sent.map((e) => e.id));
    expect(q.waiting()).toEqual([]);
  });

  it('counts a network failure (a thrown send) as a retry, never a loss', async () => {
    let calls = 0;
    const q = createQueue({ send: async () => { if (++calls === 1) throw new TypeError('Failed to fetch'); return 'done'; }, firstRetryMs: 100, random: () => 1 });
    q.add(event());
    await vi.advanceTimersByTimeAsync(1000);
    expect(q.waiting()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(calls).toBe(2);
    expect(q.waiting()).toEqual([]);
  });

  it('waits while offline and sends when the network is back', async () => {
    let isOnline = false;
    const s = server();
    const q = createQueue({ send: s.send, isOnline: () => isOnline });
    q.add(event());
    await vi.advanceTimersByTimeAsync(5000);
    expect(s.batches).toEqual([]);
    isOnline = true;
    await q.retryNow();
    expect(s.batches).toHaveLength(1);
  });

  it('hands everything waiting to the browser when the page goes away, and keeps what it could not take', async () => {
    const s = server('done', 'retry');
    const kept: string[][] = [];
    const q = createQueue({ send: s.send, batchSize: 2, keep: (events) => kept.push(events.map((e) => e.id)) });
    const events = [event(), event(), event()];
    events.forEach(q.add);
    await q.flush(true);
    expect(s.batches).toEqual([{ ids: [events[0].id, events[1].id], isLeaving: true }, { ids: [events[2].id], isLeaving: true }]);
    expect(q.waiting().map((e) => e.id)).toEqual([events[2].id]);
    // What stays is in storage for the next page, with its id.
    expect(kept.at(-1)).toEqual([events[2].id]);
  });

  it('sends on the next page what the last one left in storage', async () => {
    const s = server();
    const left = [event(), event()];
    createQueue({ send: s.send }, left).flush(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(s.batches[0].ids).toEqual(left.map((e) => e.id));
  });

  it('gives up events older than a week, and keeps at most the newest 500 waiting', async () => {
    const s = server();
    const old = { ...event(), at: Date.now() - 8 * 86_400_000 };
    const q = createQueue({ send: s.send, maxWaiting: 500 }, [old]);
    for (let i = 0; i < 510; i++) q.add(event());
    expect(q.waiting()).toHaveLength(500);
    await vi.advanceTimersByTimeAsync(0);
    expect(s.batches[0].ids).not.toContain(old.id);
  });
});
