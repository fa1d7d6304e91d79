import { z } from 'zod';
import { CalendarDate } from './time.ts';

/**
 * 网站分析报表 — what a site's visitors did in a period of calendar days (in the operator's time
 * zone): page views, visitors, sessions, where they came from, where they entered and left, what
 * they searched, how far they went through a funnel, whether they came back, and which pages they
 * went to next. People only: a crawler's events are never counted.
 */

/** At most 400 days: a year beside the same weeks of the year before, and no more. */
export const reportMaxDays = 400;
/** The period when none is asked for: the last 7 days, today included. */
export const reportDefaultDays = 7;

export const ReportPeriod = z.strictObject({
  /** The first day, in the operator's time zone; 6 days before `to` when left out. */
  from: CalendarDate.optional(),
  /** The last day, included; today when left out. */
  to: CalendarDate.optional(),
});
export type ReportPeriod = z.infer<typeof ReportPeriod>;

const count = z.number().int();
/** A share from 0 to 1, to three places; null when there is nothing to divide by. */
const share = z.number().nullable();

const PeriodAnswer = { from: CalendarDate, to: CalendarDate, timeZone: z.string() };

export const ReportOverview = z.object({
  ...PeriodAnswer,
  pageViews: count,
  visitors: count,
  sessions: count,
  /** 跳出率 — sessions of one event only, of all sessions. */
  bounceRate: share,
  /** From a session's first event to its last, in seconds, averaged; null without sessions. */
  averageSessionSeconds: z.number().nullable(),
  /** By hour when the period is one day, else by day; every bucket of the period, empty ones as zero. */
  interval: z.enum(['hour', 'day']),
  series: z.array(z.object({ bucket: z.string(), pageViews: count, visitors: count, sessions: count })),
});
export type ReportOverview = z.infer<typeof ReportOverview>;

export const ReportLimit = z.coerce.number().int().min(1).max(100).default(10);

export const PageReportQuery = ReportPeriod.extend({
  /** top: every page view; entry: the first page of each session; exit: the last. */
  kind: z.enum(['top', 'entry', 'exit']).default('top'),
  limit: ReportLimit,
});
export const PageReport = z.object({
  ...PeriodAnswer,
  kind: z.enum(['top', 'entry', 'exit']),
  /** Pages by path (the address without origin, query or fragment). */
  items: z.array(z.object({ path: z.string(), pageViews: count, sessions: count, visitors: count })),
});
export type PageReport = z.infer<typeof PageReport>;

export const ListReportQuery = ReportPeriod.extend({ limit: ReportLimit });

/** 来源 — the referring host of each session's first event; null is direct (no referrer, or the site itself). */
export const SourceReport = z.object({
  ...PeriodAnswer,
  sessions: count,
  items: z.array(z.object({ host: z.string().nullable(), sessions: count, visitors: count })),
});
export type SourceReport = z.infer<typeof SourceReport>;

/** 推广活动 — the UTM tags of each session's first event; sessions without any tag are left out. */
export const CampaignReport = z.object({
  ...PeriodAnswer,
  items: z.array(z.object({ source: z.string().nullable(), medium: z.string().nullable(), campaign: z.string().nullable(), sessions: count, visitors: count })),
});
export type CampaignReport = z.infer<typeof CampaignReport>;

/** 站内搜索 — the queries visitors searched, as they were stored. */
export const SearchReport = z.object({
  ...PeriodAnswer,
  items: z.array(z.object({ query: z.string(), searches: count, visitors: count })),
});
export type SearchReport = z.infer<typeof SearchReport>;

/**
 * A funnel's step: a page view whose path matches the pattern (`*` stands for any characters,
 * `/plans/*`), or a custom event by its name.
 */
export const FunnelStep = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('page'), pattern: z.string().trim().min(1).max(500).regex(/^\//, 'A page pattern is a path that starts with /, such as /cart or /plans/*.') }),
  z.strictObject({ kind: z.literal('event'), name: z.string().trim().min(1).max(200) }),
]);
export type FunnelStep = z.infer<typeof FunnelStep>;

export const funnelMaxWindowDays = 90;

export const FunnelQuery = ReportPeriod.extend({
  steps: z.array(FunnelStep).min(2, 'A funnel has at least 2 steps.').max(8, 'A funnel has at most 8 steps.'),
  /**
   * session: every step in one session, in order. days: in order, the last within `days` days of
   * the visitor's first step 1 in the period.
   */
  within: z.enum(['session', 'days']).default('session'),
  days: z.number().int().min(1).max(funnelMaxWindowDays).default(7),
});
export type FunnelQuery = z.input<typeof FunnelQuery>;

export const FunnelReport = z.object({
  ...PeriodAnswer,
  within: z.enum(['session', 'days']),
  days: z.number().int().nullable(),
  /** Visitors who reached each step in order; `dropOff` is those of the step before who did not. */
  steps: z.array(z.object({ step: FunnelStep, visitors: count, dropOff: count, conversion: share })),
});
export type FunnelReport = z.infer<typeof FunnelReport>;

export const RetentionQuery = ReportPeriod.extend({
  /** Cohorts by the day or the (Monday-started) week of the visitor's first visit. */
  by: z.enum(['day', 'week']).default('week'),
});
export const RetentionReport = z.object({
  ...PeriodAnswer,
  by: z.enum(['day', 'week']),
  /**
   * 留存 — the visitors first seen in each day or week of the period, and how many of them came
   * back in each following one (offset 1, 2, …) up to the period's end.
   */
  cohorts: z.array(z.object({ start: CalendarDate, visitors: count, returned: z.array(count) })),
});
export type RetentionReport = z.infer<typeof RetentionReport>;

export const PathQuery = ReportPeriod.extend({
  /** The page (a path) whose next pages are asked; without it, the commonest runs of three pages. */
  page: z.string().trim().min(1).max(500).regex(/^\//, 'A page is a path that starts with /.').optional(),
  limit: ReportLimit,
});
export const PathReport = z.object({
  ...PeriodAnswer,
  page: z.string().nullable(),
  /** With a page: [page, next] (next null when the session ended there); without: three pages in a row. */
  items: z.array(z.object({ pages: z.array(z.string().nullable()), times: count, sessions: count })),
});
export type PathReport = z.infer<typeof PathReport>;
