/**
 * 工作日历 — business time for SLA clocks: working hours on working days, in the operator's
 * time zone. A working day is a weekday that is not a public holiday, or a weekend day made a
 * working day (调休, the make-up days around a holiday). The clock of a policy that runs around
 * the clock counts every minute instead.
 */
export interface WorkingCalendar {
  timeZone: string;
  /** Minutes after local midnight the working day opens and closes (09:00 → 540). */
  opensAt: number;
  closesAt: number;
  /** ISO weekdays that are working days when nothing else is said (1 = Monday … 7 = Sunday). */
  weekdays: ReadonlySet<number>;
  /** Local dates (YYYY-MM-DD) that are days off, and weekend dates that are working days. */
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<string>;
}

export type Clock = 'business' | 'around_the_clock';

const minuteMs = 60_000;
const dayMs = 86_400_000;
// Far enough for any target; a calendar with no working day at all must not loop for ever.
const maxDays = 3_700;

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsIn(timeZone: string, at: number) {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, format);
  }
  const p = Object.fromEntries(format.formatToParts(at).map((x) => [x.type, x.value]));
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day), h: Number(p.hour), min: Number(p.minute), s: Number(p.second) };
}

/** The zone's offset from UTC at an instant, in ms (Shanghai: +8 h). */
function offsetAt(timeZone: string, at: number): number {
  const p = partsIn(timeZone, at);
  return Date.UTC(p.y, p.m - 1, p.d, p.h, p.min, p.s) - Math.floor(at / 1000) * 1000;
}

/** The instant a local wall time happens (the zone's offset read at that time). */
function instantOf(timeZone: string, localMidnightUtc: number, minutes: number): number {
  const wall = localMidnightUtc + minutes * minuteMs;
  const guess = wall - offsetAt(timeZone, wall);
  return wall - offsetAt(timeZone, guess);
}

/** A local day as midnight of the same date in UTC, which makes stepping and naming days plain arithmetic. */
function localDay(timeZone: string, at: number): number {
  const p = partsIn(timeZone, at);
  return Date.UTC(p.y, p.m - 1, p.d);
}

const isoDate = (day: number) => new Date(day).toISOString().slice(0, 10);
const isoWeekday = (day: number) => ((new Date(day).getUTCDay() + 6) % 7) + 1;

export function isWorkingDay(calendar: WorkingCalendar, date: string): boolean {
  if (calendar.workdays.has(date)) return true;
  if (calendar.holidays.has(date)) return false;
  return calendar.weekdays.has(isoWeekday(Date.parse(`${date}T00:00:00Z`)));
}

/** The working hours of each day from the one holding `from`, as instants, in order. */
function* windows(calendar: WorkingCalendar, from: number): Generator<[number, number]> {
  let day = localDay(calendar.timeZone, from);
  for (let i = 0; i < maxDays; i++, day += dayMs) {
    if (!isWorkingDay(calendar, isoDate(day))) continue;
    yield [instantOf(calendar.timeZone, day, calendar.opensAt), instantOf(calendar.timeZone, day, calendar.closesAt)];
  }
  throw new Error('The working calendar has no working hours in the next ten years');
}

/** The instant `minutes` of business time after `start` (a start outside hours counts from the next opening). */
export function addBusinessMinutes(calendar: WorkingCalendar, clock: Clock, start: Date, minutes: number): Date {
  if (clock === 'around_the_clock') return new Date(start.getTime() + minutes * minuteMs);
  let left = minutes * minuteMs;
  const from = start.getTime();
  for (const [open, close] of windows(calendar, from)) {
    if (close <= from) continue;
    const begin = Math.max(open, from);
    if (begin + left <= close) return new Date(begin + left);
    left -= close - begin;
  }
  throw new Error('unreachable');
}

/** Business minutes between two instants (0 when `to` is not after `from`). */
export function businessMinutesBetween(calendar: WorkingCalendar, clock: Clock, from: Date, to: Date): number {
  const a = from.getTime();
  const b = to.getTime();
  if (b <= a) return 0;
  if (clock === 'around_the_clock') return (b - a) / minuteMs;
  let total = 0;
  for (const [open, close] of windows(calendar, a)) {
    if (open >= b) break;
    total += Math.max(0, Math.min(close, b) - Math.max(open, a));
  }
  return total / minuteMs;
}
