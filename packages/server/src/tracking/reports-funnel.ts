import { sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { FunnelQuery, FunnelReport, FunnelStep } from '@xiang/shared';
import { rows, type Db } from '../platform/db/index.ts';
import type { Scope } from '../platform/scope.ts';
import { instant, pathOf, type Period } from './reports-period.ts';
import { reportContext } from './reports.ts';

type Query = z.output<typeof FunnelQuery>;

/** `*` in a page pattern stands for any characters; every other character is itself. */
export const likeOf = (pattern: string) => pattern.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, '%');

/** Whether an event (of `e`, its path worked out once as `e.path`) is the step. */
const matches = (step: FunnelStep): SQL => step.kind === 'page'
  ? sql`(e.type = 'pageview' and e.path like ${likeOf(step.pattern)} escape '\\')`
  : sql`(e.type = 'custom' and e.name = ${step.name})`;

/**
 * The funnel's statement. Each step is the earliest matching event after the step before, so a
 * visitor's first path through is found in one pass per step over the events that match any step
 * (read once, `m`). Within a session: all steps in one session of the period, the best of the
 * visitor's sessions counting. Within days: from the visitor's first step 1 in the period, every
 * later step no more than `days` days after it (possibly past the period's end).
 */
export function funnelStatement(siteId: string, period: Period, query: Query) {
  const bySession = query.within === 'session';
  const windowEnd = bySession ? period.end : new Date(period.end.getTime() + query.days * 86_400_000);
  const same = bySession ? sql`m.visitor_id = f.visitor_id and m.session_number = f.session_number` : sql`m.visitor_id = f.visitor_id`;
  const partition = bySession ? sql`m.visitor_id, m.session_number` : sql`m.visitor_id`;
  const reached = query.steps.slice(1).map((_, i) => {
    const step = i + 2;
    const within = bySession ? sql`` : sql`and m.at < f.started + ${sql.raw(`interval '${query.days} days'`)}`;
    return sql`, f${sql.raw(String(step))} as (
      select distinct on (${partition}) m.visitor_id, m.session_number, m.at, m.event_id, f.started
      from f${sql.raw(String(step - 1))} f join m on ${same} and m.s${sql.raw(String(step))} and (m.at, m.event_id) > (f.at, f.event_id) ${within}
      order by ${partition}, m.at, m.event_id)`;
  });
  return sql`
    with m as materialized (
      select e.visitor_id, e.session_number, e.occurred_at as at, e.event_id,
        ${sql.join(query.steps.map((step, i) => sql`${matches(step)} as ${sql.raw(`s${i + 1}`)}`), sql`, `)}
      from (
        select e.visitor_id, e.session_number, e.occurred_at, e.event_id, e.type, e.name,
          case when e.type = 'pageview' then ${pathOf(sql`e.url`)} end as path
        from tracking_events e
        where e.site_id = ${siteId} and not e.is_bot and e.visitor_id is not null and e.type in ('pageview', 'custom')
          and e.occurred_at >= ${instant(period.start)} and e.occurred_at < ${instant(windowEnd)}
        -- A fence: the path is worked out once an event, not again for every step that reads it.
        offset 0) e
      where ${sql.join(query.steps.map(matches), sql` or `)}),
    f1 as (
      select distinct on (${partition}) m.visitor_id, m.session_number, m.at, m.event_id, m.at as started
      from m where m.s1 and m.at < ${instant(period.end)}
      order by ${partition}, m.at, m.event_id)
    ${sql.join(reached, sql``)}
    select ${sql.join(query.steps.map((_, i) => sql`(select count(distinct visitor_id) from ${sql.raw(`f${i + 1}`)})::int as ${sql.raw(`r${i + 1}`)}`), sql`, `)}`;
}

/** 漏斗 — how many visitors went through each step in order, and how many of the step before stopped. */
export async function reportFunnel(db: Db, scope: Scope, siteId: string, query: Query, options: { timeZone: string; now?: Date }): Promise<FunnelReport> {
  const { site, period } = await reportContext(db, scope, siteId, query, options);
  const [counts] = await rows<Record<string, number>>(db, funnelStatement(site.id, period, query));
  const reached = query.steps.map((_, i) => counts[`r${i + 1}`]);
  return {
    from: period.from, to: period.to, timeZone: period.timeZone,
    within: query.within, days: query.within === 'days' ? query.days : null,
    steps: query.steps.map((step, i) => ({
      step, visitors: reached[i], dropOff: i ? reached[i - 1] - reached[i] : 0,
      conversion: reached[0] ? Math.round((reached[i] / reached[0]) * 1000) / 1000 : null,
    })),
  };
}
