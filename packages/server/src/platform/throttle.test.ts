import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { afterFailure, noFailures, secondsToWait, sourceAddress, waitAfter, type Count, type ThrottleRule } from './throttle.ts';
import { guessesFromAddress, guessesFromSource, guessesOfAccount } from './auth/password-guesses.ts';

const rules = [guessesFromSource, guessesFromAddress, guessesOfAccount];

/**
 * One address guessing one account as fast as it is let through, pausing `pauses[i]` seconds
 * more before guess i: the counts after every guess.
 */
function guessFromOneAddress(pauses: number[]) {
  let at = 0;
  let counts: Count[] = rules.map(() => noFailures);
  const history: { at: number; counts: Count[] }[] = [];
  for (const pause of pauses) {
    at += pause;
    const wait = Math.max(...counts.map((c) => secondsToWait(c, new Date(at * 1000))));
    at += wait;
    counts = counts.map((c, i) => afterFailure(rules[i], c, new Date(at * 1000)));
    history.push({ at, counts });
  }
  return history;
}

describe('throttling by a growing delay', () => {
  it('never makes anyone wait longer than the cap, and waits never shrink as failures grow', () => {
    fc.assert(fc.property(
      fc.record({ free: fc.integer({ min: 0, max: 50 }), firstWait: fc.integer({ min: 1, max: 120 }), growth: fc.constantFrom('doubling' as const, 'linear' as const), maxWait: fc.integer({ min: 1, max: 86_400 }) }),
      fc.double({ min: 0, max: 10_000, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }),
      (shape, failures, more) => {
        const rule: ThrottleRule = { name: 't', forgivenPerHour: 1, isClearedBySuccess: false, ...shape };
        expect(waitAfter(rule, failures)).toBeLessThanOrEqual(rule.maxWait);
        expect(waitAfter(rule, failures + more)).toBeGreaterThanOrEqual(waitAfter(rule, failures));
        if (Math.ceil(failures) <= rule.free) expect(waitAfter(rule, failures)).toBe(0);
      },
    ));
  });

  it('lets one address guess an account only a few times an hour, and never makes the account wait for anyone else', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 4 * 3600 })), { minLength: 1, maxLength: 400 }), (pauses) => {
      const history = guessFromOneAddress(pauses);
      for (const { counts } of history) expect(waitAfter(guessesOfAccount, counts[2].failures)).toBe(0);
      // However it spaces its guesses, no hour holds more than the first hour of guessing flat out.
      for (const { at } of history) expect(history.filter((h) => h.at >= at && h.at < at + 3600).length).toBeLessThanOrEqual(21);
    }), { numRuns: 200 });
  });

  it('gives a guesser flat out about 21 guesses in the first hour and 6 an hour after', () => {
    const history = guessFromOneAddress(Array(400).fill(0));
    expect(history.filter((h) => h.at < 3600)).toHaveLength(21);
    const day = history.filter((h) => h.at >= 24 * 3600 && h.at < 48 * 3600).length;
    expect(day).toBeGreaterThanOrEqual(6 * 24 - 2);
    expect(day).toBeLessThanOrEqual(6 * 24 + 2);
  });

  it('forgives old failures: a week later mistakes no longer count', () => {
    let count = noFailures;
    for (let i = 0; i < 12; i++) count = afterFailure(guessesFromSource, count, new Date(0));
    expect(secondsToWait(count, new Date(1000))).toBeGreaterThan(0);
    expect(afterFailure(guessesFromSource, count, new Date(7 * 86_400_000)).failures).toBe(1);
  });

  it('counts an IPv6 client by its /64 and an IPv4-mapped address as IPv4', () => {
    expect(sourceAddress('203.0.113.7')).toBe('203.0.113.7');
    expect(sourceAddress('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(sourceAddress('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(sourceAddress('2001:db8:1:2::1')).toBe(sourceAddress('2001:db8:1:2:ffff::9'));
    expect(sourceAddress('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(sourceAddress('::1')).toBe('0:0:0:0::/64');
  });
});
