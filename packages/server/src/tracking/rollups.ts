import { reportMaxDays } from '@xiang/shared';

/**
 * 报表汇总 — what a flush of events adds to the reports' rollups (tables in `schema.ts`), worked out
 * from what the visitors' rows already say: the days each visitor was seen on, and the current
 * session's first event and count. Pure, so a property test can hold it against the rollups built
 * from the events (`rollup-build.ts`).
 */

/** A calendar day in the operator's zone, as days since 1970-01-01. */
export type Day = number;

const dayMs = 86_400_000;
const slotMs = 900_000;

/**
 * The day of an instant in the zone. The zone's offset is asked once per quarter hour of time
 * (every zone changes its offset on one), since asking Intl for every event would cost ingest more
 * than the rest of the rollup.
 */
export function dayCounter(timeZone: string): (at: number) => Day {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  });
  const offsets = new Map<number, number>();
  return (at) => {
    const slot = Math.floor(at / slotMs);
    let offset = offsets.get(slot);
    if (offset === undefined) {
      const part = Object.fromEntries(format.formatToParts(slot * slotMs).map((p) => [p.type, Number(p.value)]));
      offset = Date.UTC(part.year, part.month - 1, part.day, part.hour, part.minute) - slot * slotMs;
      if (offsets.size > 4096) offsets.clear();
      offsets.set(slot, offset);
    }
    return Math.floor((at + offset) / dayMs);
  };
}

/** The Monday of a day's week (1970-01-01 was a Thursday), as `date_trunc('week')` counts weeks. */
export const mondayOf = (day: Day): Day => day - ((((day + 3) % 7) + 7) % 7);
export const isoDay = (day: Day) => new Date(day * dayMs).toISOString().slice(0, 10);

/**
 * A gap this long or longer reaches past the first day of any period a report may ask for, so it
 * is kept as 0, with "never seen before".
 */
const gapBeyondAnyPeriod = reportMaxDays;

export interface SessionState { start: number; last: number; events: number }
interface DayFigures { pageViews: number; sessions: number; bounces: number; sessionMs: number }

/** The changes to the rollups of one flush, by site; add to it, then read its rows. */
export class RollupChanges {
  readonly days = new Map<string, DayFigures>();
  readonly visitors = new Map<string, number>();
  readonly retention = new Map<string, number>();

  constructor(private readonly dayOf: (at: number) => Day) {}

  pageView(siteId: string, at: number) {
    this.figures(siteId, this.dayOf(at)).pageViews++;
  }

  /** A session counts, whole, on the day it began: its length and whether it bounced too. */
  session(siteId: string, session: SessionState, sign: 1 | -1) {
    const figures = this.figures(siteId, this.dayOf(session.start));
    figures.sessions += sign;
    if (session.events === 1) figures.bounces += sign;
    figures.sessionMs += sign * (session.last - session.start);
  }

  /** A visitor seen on new days: its old days' cells taken away and its new days' added (most cancel out). */
  visitorDays(siteId: string, before: readonly Day[], after: readonly Day[]) {
    this.cellsOf(siteId, before, -1);
    this.cellsOf(siteId, after, 1);
  }

  private cellsOf(siteId: string, days: readonly Day[], sign: 1 | -1) {
    if (!days.length) return;
    const cohort = days[0];
    let previous: Day | undefined;
    let week: Day | undefined;
    for (const day of days) {
      const gap = previous === undefined || day - previous >= gapBeyondAnyPeriod ? 0 : day - previous;
      bump(this.visitors, `${siteId}|${day}|${gap}`, sign);
      bump(this.retention, `${siteId}|day|${cohort}|${day}|${day}`, sign);
      if (mondayOf(day) !== week) {
        week = mondayOf(day);
        bump(this.retention, `${siteId}|week|${cohort}|${week}|${day}`, sign);
      }
      previous = day;
    }
  }

  private figures(siteId: string, day: Day) {
    const key = `${siteId}|${day}`;
    let figures = this.days.get(key);
    if (!figures) this.days.set(key, (figures = { pageViews: 0, sessions: 0, bounces: 0, sessionMs: 0 }));
    return figures;
  }

  /** The rows to add, in key order (so two flushes lock shared rows in the same order), none that adds nothing. */
  rows() {
    const sorted = <T>(map: Map<string, T>) => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return {
      days: sorted(this.days).filter(([, f]) => f.pageViews || f.sessions || f.bounces || f.sessionMs)
        .map(([key, f]) => { const [siteId, day] = key.split('|'); return { siteId, day: isoDay(Number(day)), ...f }; }),
      visitors: sorted(this.visitors).filter(([, n]) => n)
        .map(([key, visitors]) => { const [siteId, day, gap] = key.split('|'); return { siteId, day: isoDay(Number(day)), gap: Number(gap), visitors }; }),
      retention: sorted(this.retention).filter(([, n]) => n)
        .map(([key, visitors]) => {
          const [siteId, by, cohort, bucket, firstDay] = key.split('|');
          return { siteId, by, cohort: isoDay(Number(cohort)), bucket: isoDay(Number(bucket)), firstDay: isoDay(Number(firstDay)), visitors };
        }),
    };
  }
}

function bump(map: Map<string, number>, key: string, by: number) {
  map.set(key, (map.get(key) ?? 0) + by);
}

/** The sorted union of a visitor's days and the days of its new events; the same array when nothing is new. */
export function withDays(days: readonly Day[], seen: Iterable<Day>): readonly Day[] {
  const known = new Set(days);
  const fresh = [...new Set(seen)].filter((d) => !known.has(d));
  return fresh.length ? [...days, ...fresh].sort((a, b) => a - b) : days;
}
