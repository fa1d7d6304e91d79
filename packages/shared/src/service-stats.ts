import { z } from 'zod';
import { TicketKind } from './service.ts';
import { CalendarDate } from './time.ts';
import { Channel } from './timeline.ts';

/**
 * 服务统计 — the service desk's figures for a period: tickets opened, the backlog, how soon they
 * were answered and resolved, the SLA kept or breached, the customers' ratings and the faults
 * heard most, for the whole of the caller's units and grouped by one dimension.
 */
export const ServiceStatsGroupBy = z.enum(['unit', 'team', 'agent', 'channel', 'kind', 'day']);
export type ServiceStatsGroupBy = z.infer<typeof ServiceStatsGroupBy>;

/** At most a year and a day: a leap year's figures, side by side with nothing more. */
export const serviceStatsMaxDays = 366;
/** The period when none is asked for: the last 30 days, today included. */
export const serviceStatsDefaultDays = 30;

export const ServiceStatsQuery = z.strictObject({
  /** The first day, in the operator's time zone; 30 days before `to` when left out. */
  from: CalendarDate.optional(),
  /** The last day, included; today when left out. */
  to: CalendarDate.optional(),
  groupBy: ServiceStatsGroupBy.default('day'),
  kind: TicketKind.optional(),
  channel: Channel.optional(),
});

const count = z.number().int();
/** A share from 0 to 1, to three places (12.3 %); null when there is nothing to divide by. */
const share = z.number().nullable();

/** Wall-clock minutes from opening (not business minutes): half the tickets took at most the median. */
const Durations = z.object({
  tickets: count,
  medianMinutes: z.number().nullable(),
  p90Minutes: z.number().nullable(),
});

/**
 * The tickets opened in the period that an SLA policy applied to, each in exactly one of three
 * states: met (finished, both targets kept), breached (a target missed: answered or resolved
 * after it was due, or still not past it when it fell due) or running (neither yet).
 */
const Sla = z.object({
  tickets: count,
  met: count,
  breached: count,
  running: count,
  /** met / tickets. */
  metShare: share,
  /** breached / tickets. */
  breachRate: share,
  firstResponseMet: count,
  firstResponseBreached: count,
  resolutionMet: count,
  resolutionBreached: count,
});

/** 满意度 — the ratings (1–5) the customers gave the tickets opened in the period. */
const Satisfaction = z.object({
  rated: count,
  /** To two places. */
  average: z.number().nullable(),
  /** Rated 4 or 5, of those rated. */
  goodShare: share,
});

export const ServiceStatsFigures = z.object({
  /** Tickets opened in the period (merged duplicates left out: the ticket they went into counts). */
  opened: count,
  /** Tickets open now; by day, those open at the day's end (null for a day not begun). */
  backlog: count.nullable(),
  firstResponse: Durations,
  resolution: Durations,
  sla: Sla,
  satisfaction: Satisfaction,
});
export type ServiceStatsFigures = z.infer<typeof ServiceStatsFigures>;

export const ServiceStatsGroup = ServiceStatsFigures.extend({
  /** The unit's, team's or agent's id, the channel, the kind or the day (YYYY-MM-DD); null: no team, or not assigned. */
  key: z.string().nullable(),
  /** The unit's, team's or agent's name; null for the other dimensions. */
  name: z.string().nullable(),
  nameEn: z.string().nullable(),
});

export const ServiceStats = z.object({
  from: z.string(),
  to: z.string(),
  /** The operator's time zone: days begin and end in it. */
  timeZone: z.string(),
  groupBy: ServiceStatsGroupBy,
  /** The moment the figures were taken: what "open now" and "still open past its due time" mean. */
  asOf: z.date(),
  totals: ServiceStatsFigures.extend({
    /** How many ratings of each score, 1 to 5. */
    satisfactionScores: z.array(z.object({ score: count, tickets: count })),
  }),
  groups: z.array(ServiceStatsGroup),
  /** Every day of the period: tickets opened, and the backlog at its end. */
  days: z.array(z.object({ day: z.string(), opened: count, backlog: count.nullable() })),
  /** 故障分类 — the fault reports' categories heard most (top 10); null: no category given. */
  faultCategories: z.array(z.object({ category: z.string().nullable(), tickets: count })),
});
export type ServiceStats = z.infer<typeof ServiceStats>;
