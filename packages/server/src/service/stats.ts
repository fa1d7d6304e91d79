import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { openTicketStatuses, serviceStatsDefaultDays, serviceStatsMaxDays, type ServiceStats, type ServiceStatsFigures, type ServiceStatsGroupBy, type ServiceStatsQuery } from '@xiang/shared';
import type { Db } from '../platform/db/index.ts';
import { rows } from '../platform/db/index.ts';
import { invalid } from '../platform/errors.ts';
import { defineMessages } from '../platform/messages.ts';
import { authorize } from '../platform/policy.ts';
import { withinScope, type Scope } from '../platform/scope.ts';
import { staffNamed, unitsNamed, unitTeams } from '../platform/staff.ts';
import { tickets } from './schema.ts';

type Query = z.infer<typeof ServiceStatsQuery>;
type Group = ServiceStats['groups'][number];

const tell = defineMessages({
  serviceStatsBackwards: { en: 'The period ends ({to}) before it begins ({from}).', zh: '统计期间的结束日期（{to}）早于开始日期（{from}）。' },
  serviceStatsTooLong: { en: 'A period is at most {max} days; {from} to {to} is {days}.', zh: '统计期间最长 {max} 天，{from} 至 {to} 共 {days} 天。' },
});

const dayMs = 86_400_000;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / dayMs;
const dateOf = (day: number) => new Date(day * dayMs).toISOString().slice(0, 10);
/** Today on the operator's calendar (their time zone, not the server's). */
const todayIn = (timeZone: string, at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

/** The days asked for: the last 30 up to today unless told; never backwards, never more than 366. */
export function statsPeriod(query: Pick<Query, 'from' | 'to'>, timeZone: string, now: Date) {
  const to = query.to ?? todayIn(timeZone, now);
  const from = query.from ?? dateOf(dayNumber(to) - (serviceStatsDefaultDays - 1));
  const days = dayNumber(to) - dayNumber(from) + 1;
  if (days < 1) throw invalid(query.to ? 'to' : 'from', tell('serviceStatsBackwards', { from, to }));
  if (days > serviceStatsMaxDays) throw invalid('from', tell('serviceStatsTooLong', { from, to, days, max: serviceStatsMaxDays }));
  return { from, to };
}

// The statuses still worked on, written out (not a parameter) so the partial index of open tickets applies.
const isOpen = sql`${tickets.status} in (${sql.raw(openTicketStatuses.map((s) => `'${s}'`).join(', '))})`;
/** When a ticket stopped being open: resolved, else closed (from the queue, without a resolution); null while open. */
const finishedAt = sql`case when ${isOpen} then null else coalesce(${tickets.resolvedAt}, ${tickets.closedAt}, ${tickets.updatedAt}) end`;

interface FigureRow {
  key: string | null; is_total: boolean; opened: number; backlog: number;
  fr_n: number; fr_median: number | null; fr_p90: number | null; res_n: number; res_median: number | null; res_p90: number | null;
  sla_n: number; sla_met: number; sla_breached: number; fr_met: number; fr_breached: number; res_met: number; res_breached: number;
  rated: number; average: number | null; good: number; s1: number; s2: number; s3: number; s4: number; s5: number;
}

/** A share to three places (12.3 %), null of nothing. */
const shareOf = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 1000 : null);

const figuresOf = (r: FigureRow): ServiceStatsFigures => ({
  opened: r.opened,
  backlog: r.backlog,
  firstResponse: { tickets: r.fr_n, medianMinutes: r.fr_median, p90Minutes: r.fr_p90 },
  resolution: { tickets: r.res_n, medianMinutes: r.res_median, p90Minutes: r.res_p90 },
  sla: {
    tickets: r.sla_n, met: r.sla_met, breached: r.sla_breached, running: r.sla_n - r.sla_met - r.sla_breached,
    metShare: shareOf(r.sla_met, r.sla_n), breachRate: shareOf(r.sla_breached, r.sla_n),
    firstResponseMet: r.fr_met, firstResponseBreached: r.fr_breached, resolutionMet: r.res_met, resolutionBreached: r.res_breached,
  },
  satisfaction: { rated: r.rated, average: r.average, goodShare: shareOf(r.good, r.rated) },
});

const nothing: FigureRow = {
  key: null, is_total: false, opened: 0, backlog: 0, fr_n: 0, fr_median: null, fr_p90: null, res_n: 0, res_median: null, res_p90: null,
  sla_n: 0, sla_met: 0, sla_breached: 0, fr_met: 0, fr_breached: 0, res_met: 0, res_breached: 0, rated: 0, average: null, good: 0, s1: 0, s2: 0, s3: 0, s4: 0, s5: 0,
};

/**
 * 服务统计 — the figures of the tickets opened in the period, within the caller's units, in
 * total and grouped by one dimension; the backlog is what is open now (by day: at each day's end).
 * Times are wall-clock minutes from opening, not business minutes. One snapshot: the three
 * statements read the same tickets.
 */
export async function serviceStats(db: Db, scope: Scope, query: Query, { timeZone }: { timeZone: string }): Promise<ServiceStats> {
  authorize(scope.role, 'ticket.read');
  const asOf = new Date();
  const { from, to } = statsPeriod(query, timeZone, asOf);
  const groupBy = query.groupBy;
  const statements = statsStatements(scope, { ...query, from, to }, timeZone, asOf);
  return db.transaction(async (tx) => {
    const figureRows = await rows<FigureRow>(tx, statements.figures);
    const days = await rows<{ day: string; opened: number; backlog: number | null }>(tx, statements.days);
    const faultCategories = await rows<{ category: string | null; tickets: number }>(tx, statements.faultCategories);

    const total = figureRows.find((r) => r.is_total) ?? nothing;
    const byKey = new Map(figureRows.filter((r) => !r.is_total).map((r) => [r.key, r]));
    const groups = groupBy === 'day'
      ? days.map((d) => ({ ...figuresOf(byKey.get(d.day) ?? nothing), backlog: d.backlog, key: d.day, name: null, nameEn: null }))
      : await named(tx, groupBy, [...byKey.values()].sort((a, b) => b.opened - a.opened || b.backlog - a.backlog || String(a.key).localeCompare(String(b.key))));
    return {
      from, to, timeZone, groupBy, asOf,
      totals: { ...figuresOf(total), satisfactionScores: [total.s1, total.s2, total.s3, total.s4, total.s5].map((tickets, i) => ({ score: i + 1, tickets })) },
      groups, days, faultCategories,
    };
  }, { isolationLevel: 'repeatable read', accessMode: 'read only' });
}

/** The three statements of the figures, as the API runs them (the benchmark runs them raw). */
export function statsStatements(scope: Pick<Scope, 'isWholeOrganisation' | 'unitIds'>, query: Query & { from: string; to: string }, timeZone: string, asOf: Date) {
  const { from, to, groupBy } = query;
  const periodStart = sql`(${from}::date::timestamp at time zone ${timeZone})`;
  const periodEnd = sql`((${to}::date + 1)::timestamp at time zone ${timeZone})`;
  const isInPeriod = sql`(${tickets.createdAt} >= ${periodStart} and ${tickets.createdAt} < ${periodEnd})`;
  // Merged duplicates are left out: the customer's one matter is counted once, on the ticket it went into.
  const seen = and(withinScope(scope, tickets.unitId), isNull(tickets.mergedIntoId),
    query.kind ? eq(tickets.kind, query.kind) : undefined, query.channel ? eq(tickets.channel, query.channel) : undefined)!;
  const now = sql`${asOf.toISOString()}::timestamptz`;
  return {
    figures: figuresStatement({ groupBy, seen, isInPeriod, now, timeZone }),
    days: sql`
      with t as (
        select ${tickets.createdAt} as created_at, ${finishedAt} as finished_at from ${tickets}
        where ${seen} and ${tickets.createdAt} < ${periodEnd} and (${isOpen} or coalesce(${tickets.resolvedAt}, ${tickets.closedAt}, ${tickets.updatedAt}) >= ${periodStart})
      ),
      opened as (select to_char(created_at at time zone ${timeZone}, 'YYYY-MM-DD') as day, count(*) as n from t where created_at >= ${periodStart} group by 1),
      finished as (select to_char(finished_at at time zone ${timeZone}, 'YYYY-MM-DD') as day, count(*) as n from t
        where finished_at >= ${periodStart} and finished_at < ${periodEnd} group by 1),
      open_before as (select count(*) as n from t where created_at < ${periodStart} and (finished_at is null or finished_at >= ${periodStart}))
      -- Open at a day's end: open when the period began, plus every ticket opened since, less every one finished since.
      select to_char(d, 'YYYY-MM-DD') as day, coalesce(o.n, 0)::int as opened,
        case when (d at time zone ${timeZone}) <= ${now}
          then ((select n from open_before) + sum(coalesce(o.n, 0) - coalesce(f.n, 0)) over (order by d))::int end as backlog
      from generate_series(${from}::date::timestamp, ${to}::date::timestamp, interval '1 day') d
      left join opened o on o.day = to_char(d, 'YYYY-MM-DD') left join finished f on f.day = to_char(d, 'YYYY-MM-DD')
      order by d`,
    faultCategories: sql`
      select ${tickets.category} as category, count(*)::int as tickets from ${tickets}
      where ${seen} and ${tickets.kind} = 'fault' and ${isInPeriod}
      group by 1 order by 2 desc, 1 nulls last limit 10`,
  };
}

/** What a ticket is grouped by: a unit's, team's or agent's id, a channel, a kind, or the day it was opened. */
function groupKey(groupBy: ServiceStatsGroupBy, isInPeriod: SQL, timeZone: string): SQL {
  switch (groupBy) {
    case 'unit': return sql`${tickets.unitId}::text`;
    case 'team': return sql`teams.team_id::text`;
    case 'agent': return sql`${tickets.assigneeId}::text`;
    case 'channel': return sql`${tickets.channel}`;
    case 'kind': return sql`${tickets.kind}`;
    // Only the period's days: a ticket open now but opened before is in the backlog, not in a day.
    case 'day': return sql`case when ${isInPeriod} then to_char(${tickets.createdAt} at time zone ${timeZone}, 'YYYY-MM-DD') end`;
  }
}

/**
 * One pass over the tickets opened in the period and those open now: every figure of every group,
 * and the totals (the empty grouping set) beside them. A ticket is answered at its first reply (or
 * its resolution, if that came first); a target is breached once the answer or the resolution
 * comes after its due time, or the due time passes while the clock still runs (a ticket waiting on
 * the customer is judged at the moment the clock stopped).
 */
function figuresStatement({ groupBy, seen, isInPeriod, now, timeZone }: { groupBy: ServiceStatsGroupBy; seen: SQL; isInPeriod: SQL; now: SQL; timeZone: string }) {
  const p = (fraction: number, column: string) => sql`round((percentile_cont(${sql.raw(String(fraction))}) within group (order by ${sql.raw(column)}))::numeric, 1)::float8`;
  const score = (n: number) => sql`(count(*) filter (where in_period and satisfaction = ${sql.raw(String(n))}))::int`;
  return sql`
    with t as (
      select ${groupKey(groupBy, isInPeriod, timeZone)} as key, ${isInPeriod} as in_period, ${isOpen} as is_open,
        ${tickets.createdAt} as created_at, coalesce(${tickets.firstRespondedAt}, ${finishedAt}) as answered_at, ${finishedAt} as finished_at,
        ${tickets.slaPolicyId} is not null as has_sla, ${tickets.firstResponseDueAt} as first_response_due_at,
        ${tickets.resolutionDueAt} as resolution_due_at, ${tickets.slaPausedAt} as sla_paused_at, ${tickets.satisfaction} as satisfaction
      from ${tickets} ${groupBy === 'team' ? sql`left join ${unitTeams} teams on teams.unit_id = ${tickets.unitId}` : sql``}
      where ${seen} and (${isInPeriod} or ${isOpen})
    ),
    m as (
      select key, in_period, is_open, satisfaction, in_period and has_sla as has_sla,
        case when in_period then extract(epoch from answered_at - created_at) / 60 end as fr_minutes,
        case when in_period then extract(epoch from finished_at - created_at) / 60 end as res_minutes,
        answered_at <= first_response_due_at as fr_met,
        coalesce(answered_at, ${now}) > first_response_due_at as fr_breached,
        finished_at <= resolution_due_at as res_met,
        coalesce(finished_at, sla_paused_at, ${now}) > resolution_due_at as res_breached
      from t
    )
    select key, grouping(key) = 1 as is_total,
      (count(*) filter (where in_period))::int as opened, (count(*) filter (where is_open))::int as backlog,
      count(fr_minutes)::int as fr_n, ${p(0.5, 'fr_minutes')} as fr_median, ${p(0.9, 'fr_minutes')} as fr_p90,
      count(res_minutes)::int as res_n, ${p(0.5, 'res_minutes')} as res_median, ${p(0.9, 'res_minutes')} as res_p90,
      (count(*) filter (where has_sla))::int as sla_n,
      (count(*) filter (where has_sla and fr_met and res_met))::int as sla_met,
      (count(*) filter (where has_sla and (fr_breached or res_breached)))::int as sla_breached,
      (count(*) filter (where has_sla and fr_met))::int as fr_met, (count(*) filter (where has_sla and fr_breached))::int as fr_breached,
      (count(*) filter (where has_sla and res_met))::int as res_met, (count(*) filter (where has_sla and res_breached))::int as res_breached,
      (count(satisfaction) filter (where in_period))::int as rated, round(avg(satisfaction) filter (where in_period), 2)::float8 as average,
      (count(*) filter (where in_period and satisfaction >= 4))::int as good,
      ${score(1)} as s1, ${score(2)} as s2, ${score(3)} as s3, ${score(4)} as s4, ${score(5)} as s5
    from m group by grouping sets ((key), ())`;
}

/** The groups with the names of their units or agents, from the platform's lookups. */
async function named(db: Db, groupBy: ServiceStatsGroupBy, found: FigureRow[]): Promise<Group[]> {
  const ids = found.map((r) => r.key).filter((k): k is string => k !== null);
  const units = groupBy === 'unit' || groupBy === 'team' ? await unitsNamed(db, ids) : new Map<string, { name: string; nameEn: string | null }>();
  const people = groupBy === 'agent' ? await staffNamed(db, ids) : new Map<string, string>();
  return found.map((r) => {
    const unit = r.key ? units.get(r.key) : undefined;
    return { ...figuresOf(r), key: r.key, name: unit?.name ?? (r.key ? people.get(r.key) : undefined) ?? null, nameEn: unit?.nameEn ?? null };
  });
}
