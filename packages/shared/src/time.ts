import { z } from 'zod';

const dateShape = 'Use a date like 2024-05-31.';
const instantShape = 'Use a date like 2024-05-31 or a time like 2024-05-31T09:30:00+08:00.';
const noSuchDay = 'There is no such day: use a real date between 1900-01-01 and 9999-12-31.';
const noSuchTime = 'There is no such time: hours 00–23, minutes and seconds 00–59, offset up to ±14:00.';
const whichZone = 'Say which time zone the time is in: end it with Z (UTC) or an offset such as +08:00.';

// Years outside these are typing mistakes (0000-01-01, 20244-…) and year 0 is no year PostgreSQL keeps.
const firstYear = 1900;
const lastYear = 9999;

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const instantPattern = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Whether a year, month and day name a day of the calendar (2024-02-29 does, 2023-02-29 does not). */
function isCalendarDay(year: number, month: number, day: number): boolean {
  if (year < firstYear || year > lastYear || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * What is wrong with a date the way a person would say it, or null. A date `Date` would roll over
 * (2024-02-30 becoming 1 March) is refused here, before it reaches a filter or the database.
 */
function dateProblem(text: string): string | null {
  const m = datePattern.exec(text);
  if (!m) return dateShape;
  return isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3])) ? null : noSuchDay;
}

function instantProblem(text: string): string | null {
  const m = instantPattern.exec(text);
  if (!m) return instantShape;
  if (!isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]))) return noSuchDay;
  const [hour, minute, second] = [m[4], m[5], m[6]].map((v) => Number(v ?? 0));
  if (hour > 23 || minute > 59 || second > 59) return noSuchTime;
  // A clock time alone would be read in the server process's time zone, which is no one's choice.
  if (m[4] !== undefined && !m[8]) return whichZone;
  const offset = m[8] && m[8] !== 'Z' ? /^[+-](\d{2}):?(\d{2})$/.exec(m[8]) : null;
  if (offset && (Number(offset[1]) > 14 || Number(offset[2]) > 59)) return noSuchTime;
  return null;
}

/** A day of the calendar, YYYY-MM-DD, kept as text (PostgreSQL `date`): a birth date, a service's end. */
export const CalendarDate = z.string({ error: dateShape }).superRefine((text, ctx) => {
  const problem = dateProblem(text);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
}).meta({ format: 'date', example: '2024-05-31' });

/**
 * A point in time from a query string or JSON: ISO 8601 (a date alone is its midnight UTC; a clock
 * time needs its offset), with a message a person can act on. Text only: a number, an impossible
 * date or a time without a zone is refused, never guessed.
 */
export const Instant = z.string({ error: instantShape }).superRefine((text, ctx) => {
  const problem = instantProblem(text.toUpperCase());
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
}).transform((text) => new Date(text.toUpperCase().replace(/([+-]\d{2})(\d{2})$/, '$1:$2')))
  .meta({ format: 'date-time', example: '2024-05-31T09:30:00+08:00' });
