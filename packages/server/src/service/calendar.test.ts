import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, businessMinutesBetween, isWorkingDay, type WorkingCalendar } from './calendar.ts';

// 2026: the Spring Festival is 15–23 February, with Saturday 14 and Saturday 28 February worked (调休).
const calendar: WorkingCalendar = {
  timeZone: 'Asia/Shanghai', opensAt: 9 * 60, closesAt: 18 * 60, weekdays: new Set([1, 2, 3, 4, 5]),
  holidays: new Set(['2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23']),
  workdays: new Set(['2026-02-14', '2026-02-28']),
};
const at = (local: string) => new Date(`${local}+08:00`);

describe('business time on the working calendar', () => {
  it.each([
    ['within one working day', '2026-02-10T10:00', 60, '2026-02-10T11:00'],
    ['past the close, into the next morning', '2026-02-10T17:30', 60, '2026-02-11T09:30'],
    ['from before opening', '2026-02-10T06:00', 30, '2026-02-10T09:30'],
    ['over an ordinary weekend', '2026-02-06T17:00', 120, '2026-02-09T10:00'],
    ['onto a make-up Saturday (调休), not the Monday after', '2026-02-13T17:00', 120, '2026-02-14T10:00'],
    ['over the whole Spring Festival holiday', '2026-02-14T17:00', 120, '2026-02-24T10:00'],
    ['from inside the holiday', '2026-02-17T11:00', 9 * 60, '2026-02-24T18:00'],
    ['a whole working week', '2026-03-02T09:00', 5 * 9 * 60, '2026-03-06T18:00'],
  ])('adds %s', (_what, start, minutes, due) => {
    expect(addBusinessMinutes(calendar, 'business', at(start), minutes)).toEqual(at(due));
    expect(businessMinutesBetween(calendar, 'business', at(start), at(due))).toBe(minutes);
  });

  it('counts every minute on a clock that runs around the clock', () => {
    expect(addBusinessMinutes(calendar, 'around_the_clock', at('2026-02-17T23:30'), 60)).toEqual(at('2026-02-18T00:30'));
  });

  it('knows holidays, make-up days and weekends', () => {
    expect([isWorkingDay(calendar, '2026-02-14'), isWorkingDay(calendar, '2026-02-16'), isWorkingDay(calendar, '2026-02-07'), isWorkingDay(calendar, '2026-02-09')])
      .toEqual([true, false, false, true]);
  });

  const instant = fc.date({ min: new Date('2025-12-01T00:00:00Z'), max: new Date('2026-04-01T00:00:00Z'), noInvalidDate: true });
  const minutes = fc.integer({ min: 0, max: 20 * 9 * 60 });

  it('counts back exactly what it added, from any start', () => {
    fc.assert(fc.property(instant, minutes, (start, m) => {
      const due = addBusinessMinutes(calendar, 'business', start, m);
      expect(due.getTime()).toBeGreaterThanOrEqual(start.getTime());
      expect(businessMinutesBetween(calendar, 'business', start, due)).toBeCloseTo(m, 6);
    }));
  });

  it('never counts more business time than wall time, and adds up over a split', () => {
    fc.assert(fc.property(instant, instant, instant, (x, y, z) => {
      const [a, b, c] = [x, y, z].sort((p, q) => p.getTime() - q.getTime());
      const whole = businessMinutesBetween(calendar, 'business', a, c);
      expect(whole).toBeLessThanOrEqual((c.getTime() - a.getTime()) / 60_000 + 1e-9);
      expect(whole).toBeCloseTo(businessMinutesBetween(calendar, 'business', a, b) + businessMinutesBetween(calendar, 'business', b, c), 6);
    }));
  });

  it('is monotonic: more minutes never fall due earlier', () => {
    fc.assert(fc.property(instant, minutes, minutes, (start, m, n) => {
      const [few, many] = m <= n ? [m, n] : [n, m];
      expect(addBusinessMinutes(calendar, 'business', start, few).getTime()).toBeLessThanOrEqual(addBusinessMinutes(calendar, 'business', start, many).getTime());
    }));
  });
});
