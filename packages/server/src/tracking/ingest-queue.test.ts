import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupCommit } from './ingest-queue.ts';

/**
 * The queue's promise to each caller, whatever arrives when: its own answer, after a write that
 * held its item committed; a bad item refused alone, its neighbours written. The write here is
 * a transaction's contract (all of a group or none of it), recorded as it commits.
 */
describe('group commit', () => {
  it('answers every caller with its own result, writes each good item exactly once, and refuses only the bad', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.record({ value: fc.integer({ min: -3, max: 1000 }), delay: fc.integer({ min: 0, max: 3 }) }), { minLength: 1, maxLength: 40 }),
      fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 3 }),
      async (arrivals, maxItems, maxFlushes) => {
        const committed: number[] = [];
        let running = 0;
        let mostAtOnce = 0;
        const queue = groupCommit<{ n: number; value: number }, number>({
          maxItems, waitMs: 1, maxFlushes,
          write: async (items) => {
            running++;
            mostAtOnce = Math.max(mostAtOnce, running);
            expect(items.length).toBeLessThanOrEqual(maxItems);
            await new Promise((resolve) => setTimeout(resolve, 1));
            running--;
            // A negative value breaks a constraint: the whole transaction rolls back.
            if (items.some((i) => i.value < 0)) throw new Error(`item ${items.find((i) => i.value < 0)!.n} is bad`);
            committed.push(...items.map((i) => i.n));
            return items.map((i) => i.value * 2);
          },
        });
        const answers = await Promise.all(arrivals.map(async ({ value, delay }, n) => {
          await new Promise((resolve) => setTimeout(resolve, delay));
          return queue.add({ n, value }).then((r) => ({ ok: r }), (e: Error) => ({ refused: e.message }));
        }));
        answers.forEach((answer, n) => {
          if (arrivals[n].value < 0) expect(answer).toEqual({ refused: `item ${n} is bad` });
          else expect(answer).toEqual({ ok: arrivals[n].value * 2 });
        });
        expect(committed.sort((a, b) => a - b)).toEqual(arrivals.flatMap((a, n) => (a.value < 0 ? [] : [n])));
        expect(mostAtOnce).toBeLessThanOrEqual(maxFlushes);
        expect(queue.pending).toBe(0);
      }), { numRuns: 60 });
  });

  it('writes batches that arrive together in one write', async () => {
    const groups: number[] = [];
    const queue = groupCommit<number, number>({ maxItems: 64, waitMs: 2, maxFlushes: 1, write: async (items) => { groups.push(items.length); return items; } });
    await Promise.all(Array.from({ length: 20 }, (_, i) => queue.add(i)));
    expect(groups).toEqual([20]);
  });
});
