import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstSendableTime } from './quiet-hours.ts';
import { smsParts } from './fields.ts';

const clock = (at: Date, timeZone: string) => {
  const [h, m] = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at).split(':').map(Number);
  return h * 60 + m;
};
const hhmm = fc.integer({ min: 0, max: 24 * 60 - 1 }).map((n) => `${String(Math.floor(n / 60)).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}`);
const minutes = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3));

describe('quiet hours (免打扰)', () => {
  it('send at once outside them, and otherwise at their first minute after, for any span and any instant', () => {
    fc.assert(fc.property(fc.date({ min: new Date('2020-01-01'), max: new Date('2035-12-31'), noInvalidDate: true }), hhmm, hhmm,
      // Zones without summer time: the operator's (China has none) and UTC; a clock that jumps is not modelled.
      fc.constantFrom('Asia/Shanghai', 'Asia/Urumqi', 'UTC'), (at, from, to, timeZone) => {
        const quiet = (d: Date) => {
          const [f, t, n] = [minutes(from), minutes(to), clock(d, timeZone)];
          return f !== t && (f < t ? n >= f && n < t : n >= f || n < t);
        };
        const sendable = firstSendableTime(at, { from, to }, timeZone);
        if (!quiet(at)) { expect(sendable).toEqual(at); return; }
        expect(quiet(sendable)).toBe(false);
        expect(clock(sendable, timeZone)).toBe(minutes(to));
        expect(sendable.getTime()).toBeGreaterThan(at.getTime() - 60_000);
        expect(sendable.getTime() - at.getTime()).toBeLessThanOrEqual(24 * 3600_000);
      }), { numRuns: 500 });
  });

  it('21:00–08:00 in Changsha: a message at 23:30 goes at 08:00 the next morning', () => {
    const at = new Date('2026-12-01T15:30:00Z'); // 23:30 in Asia/Shanghai
    expect(firstSendableTime(at, { from: '21:00', to: '08:00' }, 'Asia/Shanghai').toISOString()).toBe('2026-12-02T00:00:00.000Z');
  });
});

describe('SMS parts', () => {
  it.each([
    ['a'.repeat(160), 1], ['a'.repeat(161), 2], ['您'.repeat(70), 1], ['您'.repeat(71), 2], ['您'.repeat(134), 2], ['您'.repeat(135), 3],
  ])('counts %#', (text, parts) => expect(smsParts(text)).toBe(parts));
});
