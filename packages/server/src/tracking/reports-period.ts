import { sql, type SQL } from 'drizzle-orm';
import { reportDefaultDays, reportMaxDays, type ReportPeriod } from '@xiang/shared';
import { rows, type Db } from '../platform/db/index.ts';
import { invalid } from '../platform/errors.ts';
import { defineMessages } from '../platform/messages.ts';

const tell = defineMessages({
  reportBackwards: { en: 'The period ends ({to}) before it begins ({from}).', zh: '报表期间的结束日期（{to}）早于开始日期（{from}）。' },
  reportTooLong: { en: 'A report covers at most {max} days; {from} to {to} is {days}.', zh: '报表期间最长 {max} 天，{from} 至 {to} 共 {days} 天。' },
});

const dayMs = 86_400_000;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / dayMs;
export const dateOf = (day: number) => new Date(day * dayMs).toISOString().slice(0, 10);
export const daysBetween = (from: string, to: string) => dayNumber(to) - dayNumber(from);
const todayIn = (timeZone: string, at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

/** A report's period: its calendar days and the instants they begin and end at in the operator's zone. */
export interface Period { from: string; to: string; timeZone: string; days: number; start: Date; end: Date }

/** The days asked for: the last 7 up to today unless told; never backwards, never more than 400. */
export function reportDays(query: ReportPeriod, timeZone: string, now: Date) {
  const to = query.to ?? todayIn(timeZone, now);
  const from = query.from ?? dateOf(dayNumber(to) - (reportDefaultDays - 1));
  const days = daysBetween(from, to) + 1;
  if (days < 1) throw invalid(query.to ? 'to' : 'from', tell('reportBackwards', { from, to }));
  if (days > reportMaxDays) throw invalid('from', tell('reportTooLong', { from, to, days, max: reportMaxDays }));
  return { from, to, days };
}

/**
 * The period's bounds as instants, asked of the store once (it knows every zone's history), so the
 * reports' statements compare `occurred_at` with constants and the planner reads only the months'
 * partitions they fall in.
 */
export async function reportPeriod(db: Db, query: ReportPeriod, timeZone: string, now = new Date()): Promise<Period> {
  const { from, to, days } = reportDays(query, timeZone, now);
  const [bounds] = await rows<{ start: Date | string; end: Date | string }>(db, sql`
    select (${from}::date::timestamp at time zone ${timeZone}) as start, ((${to}::date + 1)::timestamp at time zone ${timeZone}) as "end"`);
  return { from, to, timeZone, days, start: new Date(bounds.start), end: new Date(bounds.end) };
}

export const instant = (at: Date) => sql`${at.toISOString()}::timestamptz`;

/** A person's events of the site in the period: crawlers' never count. */
export const peopleIn = (siteId: string, period: Pick<Period, 'start' | 'end'>, alias = 'e'): SQL => {
  const e = sql.raw(alias);
  return sql`${e}.site_id = ${siteId} and not ${e}.is_bot and ${e}.occurred_at >= ${instant(period.start)} and ${e}.occurred_at < ${instant(period.end)}`;
};

/** The address's path: without scheme, host, query or fragment; '/' when nothing is left. */
export const pathOf = (url: SQL) => sql`coalesce(nullif(split_part(split_part(regexp_replace(${url}, '^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*', ''), '?', 1), '#', 1), ''), '/')`;
/** The host of an address, lower case; null when it has none. */
export const hostOf = (url: SQL) => sql`lower(substring(${url} from '^[a-zA-Z][a-zA-Z0-9+.-]*://([^/?#:@]+)'))`;
