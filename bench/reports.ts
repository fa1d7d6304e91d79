/**
 * 网站分析报表 at scale: a site's reports (overview, a 4-step funnel, retention, and the tables)
 * over HTTP, one request at a time, beside the same statements run raw through `pg`, in the same
 * run, on the same database. Each report is asked for different periods (and funnels) in turn.
 *
 *   node --import tsx bench/reports.ts [--events 10000000] [--runs 20] [--db xiang_bench_reports] [--port 3261]
 *   CI:  --tiny (20,000 events, 20 runs)
 *   --reuse: the database of an earlier run, as it is (no events written): to measure again after a change.
 *
 * Makes its own PostgreSQL database, registers a site through the API, then writes the events by
 * generate_series over the last 30 days: a visitor for every ten events, sessions of one to seven
 * events (four on average) numbered per visitor as ingest numbers them, a third of the sessions
 * going through plans → add_to_cart → cart → checkout, searches, referrers, campaigns, and 2 % of
 * the events a crawler's. Visitors' rows (first seen, sessions) are made from the events.
 *
 * Events written past ingest leave the site's rollups (`rollups.ts`) to be built again, which the
 * first report does: that time is printed on its own. The overview and retention are also run
 * as they were before the rollups, from the events, as the baseline the rollups are measured by.
 */
import { PgDialect } from 'drizzle-orm/pg-core';
import { sql, type SQL } from 'drizzle-orm';
import { overviewStatements, pageStatement, seriesFromEvents, sourceStatement } from '../packages/server/src/tracking/reports.ts';
import { funnelStatement } from '../packages/server/src/tracking/reports-funnel.ts';
import { retentionStatement } from '../packages/server/src/tracking/reports-retention.ts';
import { instant, peopleIn, type Period } from '../packages/server/src/tracking/reports-period.ts';
import { serverOnDemoDatabase, signIn, stopServer } from './server.ts';
import { hasFlag, option, timeInTurn } from './options.ts';

const isTiny = hasFlag('--tiny');
const eventCount = Number(option('--events', isTiny ? '20000' : '10000000'));
const runs = Number(option('--runs', '20'));
const dbName = option('--db', 'xiang_bench_reports');
const port = Number(option('--port', '3261'));
if (port < 3200 || port > 3299) throw new Error('use a port in 3200–3299');
const isReused = hasFlag('--reuse');
const timeZone = 'Asia/Shanghai';
const sessionCount = Math.round(eventCount / 4);
const visitorCount = Math.max(1, Math.round(eventCount / 10));

const { server, client } = await serverOnDemoDatabase({ dbName, port, customers: 20, reuse: isReused });
const dialect = new PgDialect();
const raw = async (statement: SQL) => { const q = dialect.sqlToQuery(statement); return (await client.query(q.sql, q.params)).rows; };
try {
  const secret = await signIn(server.url, 'admin');
  const headers = { cookie: `xiang_session=${encodeURIComponent(secret)}`, 'content-type': 'application/json' };
  const siteId = isReused
    ? (await client.query<{ id: string }>(`select id from tracking_sites where name = '报表基准站点'`)).rows[0].id
    : (await (await fetch(`${server.url}/api/v1/tracking/sites`, { method: 'POST', headers, body: JSON.stringify({ name: '报表基准站点', allowedOrigins: ['https://shop.example.cn'] }) })).json()).id;
  const started = Date.now();
  if (!isReused) await writeEvents(siteId);
  const { rows: [{ n }] } = await client.query<{ n: number }>('select count(*)::int as n from tracking_events where site_id = $1', [siteId]);
  console.log(`PostgreSQL, ${n.toLocaleString('en')} events, ${visitorCount.toLocaleString('en')} visitors ${isReused ? 'reused' : `written in ${((Date.now() - started) / 1000).toFixed(0)} s`}; ${runs} sequential requests each, ms`);
  const building = Date.now();
  const first = await fetch(`${server.url}/api/v1/tracking/sites/${siteId}/reports/overview`, { headers });
  if (first.status !== 200) throw new Error(`first overview: ${first.status} ${await first.text()}`);
  console.log(`first report, rollups built from the events: ${((Date.now() - building) / 1000).toFixed(1)} s`);

  const today = new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());
  const dayBefore = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
  /** Periods asked in turn: the last 30, 28, 21, 14 and 7 days, ending today or a day or two before. */
  const periods = [[29, 0], [27, 0], [29, 1], [20, 0], [13, 0], [29, 2], [6, 0], [27, 1]].map(([from, to]) => ({ from: dayBefore(from), to: dayBefore(to) }));
  const bounds = new Map<string, Period>();
  for (const p of periods) {
    const { rows: [b] } = await client.query<{ start: Date; end: Date }>(`select ($1::date::timestamp at time zone $3) as start, (($2::date + 1)::timestamp at time zone $3) as "end"`, [p.from, p.to, timeZone]);
    bounds.set(`${p.from}/${p.to}`, { ...p, timeZone, days: (Date.parse(p.to) - Date.parse(p.from)) / 86_400_000 + 1, start: b.start, end: b.end });
  }
  const funnels = [
    [{ kind: 'page', pattern: '/plans/*' }, { kind: 'event', name: 'add_to_cart' }, { kind: 'page', pattern: '/cart' }, { kind: 'page', pattern: '/checkout' }],
    [{ kind: 'page', pattern: '/' }, { kind: 'page', pattern: '/plans/*' }, { kind: 'page', pattern: '/cart' }, { kind: 'page', pattern: '/checkout' }],
    [{ kind: 'page', pattern: '/plans' }, { kind: 'page', pattern: '/plans/*' }, { kind: 'event', name: 'add_to_cart' }, { kind: 'event', name: 'pay' }],
  ] as const;

  /** A case with no API is a baseline: statements the API no longer runs, timed raw only. */
  type Case = { name: string; api?: (i: number) => Promise<Response>; raw: (i: number) => Promise<unknown> };
  const period = (i: number) => periods[i % periods.length];
  const bound = (i: number) => bounds.get(`${period(i).from}/${period(i).to}`)!;
  const get = (path: string) => fetch(`${server.url}/api/v1/tracking/sites/${siteId}/reports/${path}`, { headers });
  const cases: Case[] = [
    { name: 'overview', api: (i) => get(`overview?from=${period(i).from}&to=${period(i).to}`),
      raw: async (i) => { const s = overviewStatements(siteId, bound(i)); await raw(s.totals); await raw(s.series); } },
    { name: 'overview from events', raw: async (i) => { const s = overviewFromEvents(siteId, bound(i)); await raw(s.totals); await raw(s.series); } },
    { name: 'funnel 4 steps in a session', api: (i) => fetch(`${server.url}/api/v1/tracking/sites/${siteId}/reports/funnel`, { method: 'POST', headers, body: JSON.stringify({ ...period(i), steps: funnels[i % funnels.length] }) }),
      raw: (i) => raw(funnelStatement(siteId, bound(i), { ...period(i), steps: [...funnels[i % funnels.length]], within: 'session', days: 7 })) },
    { name: 'funnel 4 steps within 7 days', api: (i) => fetch(`${server.url}/api/v1/tracking/sites/${siteId}/reports/funnel`, { method: 'POST', headers, body: JSON.stringify({ ...period(i), steps: funnels[i % funnels.length], within: 'days', days: 7 }) }),
      raw: (i) => raw(funnelStatement(siteId, bound(i), { ...period(i), steps: [...funnels[i % funnels.length]], within: 'days', days: 7 })) },
    { name: 'retention by week', api: (i) => get(`retention?from=${period(i).from}&to=${period(i).to}&by=week`), raw: (i) => raw(retentionStatement(siteId, bound(i), 'week')) },
    { name: 'retention by week from events', raw: (i) => raw(retentionFromEvents(siteId, bound(i), 'week')) },
    { name: 'top pages', api: (i) => get(`pages?from=${period(i).from}&to=${period(i).to}`), raw: (i) => raw(pageStatement(siteId, bound(i), 'top', 10)) },
    { name: 'entry pages', api: (i) => get(`pages?kind=entry&from=${period(i).from}&to=${period(i).to}`), raw: (i) => raw(pageStatement(siteId, bound(i), 'entry', 10)) },
    { name: 'sources', api: (i) => get(`sources?from=${period(i).from}&to=${period(i).to}`), raw: (i) => raw(sourceStatement(siteId, bound(i))) },
  ];
  const only = option('--only');
  for (const c of cases.filter((c) => !only || only.split(',').some((o) => c.name.startsWith(o)))) {
    let j = 0;
    const direct = await timeInTurn(runs, () => c.raw(j++), { warmUp: 1 });
    const rawFigures = `raw p50 ${direct.p50.toFixed(0).padStart(6)} p95 ${direct.p95.toFixed(0).padStart(6)}`;
    if (!c.api) {
      console.log(`${c.name.padEnd(32)} ${' '.repeat(26)} | ${rawFigures}`);
      continue;
    }
    const ask = c.api;
    let i = 0;
    const api = await timeInTurn(runs, async () => {
      const res = await ask(i++);
      if (res.status !== 200) throw new Error(`${c.name}: ${res.status} ${await res.text()}`);
      await res.json();
    }, { warmUp: 1 });
    console.log(`${c.name.padEnd(32)} API p50 ${api.p50.toFixed(0).padStart(6)} p95 ${api.p95.toFixed(0).padStart(6)} | ${rawFigures} | API/raw p50 ${(api.p50 / direct.p50).toFixed(2)}`);
  }
} finally {
  await client.end();
  await stopServer(server.child);
}

/**
 * The events, a million sessions at a time, and the visitors' rows from them. The month before
 * this one gets its partition first (the server makes this month's and the next ones'), with the
 * demo shop's events of that month moved out of DEFAULT into it.
 */
async function writeEvents(siteId: string) {
  // The demo shop's events of that month are already in DEFAULT: moved into the new partition before it is attached.
  await client.query(`do $$ declare m date := date_trunc('month', now() at time zone 'UTC')::date - interval '1 month';
    name text := 'tracking_events_' || to_char(m, 'YYYY_MM'); low timestamptz := m::timestamp at time zone 'UTC';
    high timestamptz := (m + interval '1 month')::timestamp at time zone 'UTC'; begin
    if to_regclass(name) is null then
      execute format('create table %I (like tracking_events including defaults)', name);
      execute format('with moved as (delete from tracking_events_default where occurred_at >= %L and occurred_at < %L returning *) insert into %I select * from moved', low, high, name);
      execute format('alter table tracking_events attach partition %I for values from (%L) to (%L)', name, low, high);
    end if; end $$`);
  // Each session: its visitor, its start in the last 30 days, its length (1–7 events), whether it buys.
  await client.query(`create temporary table bench_sessions as
    select s, 1 + (hashint4(s) & 2147483647) % $1::int as visitor, now() - interval '30 days' + ((hashint4(s * 7) & 2147483647) % 2592000) * interval '1 second' as started,
      1 + s % 7 as events, s % 3 = 0 as buys, (hashint4(s * 13) & 2147483647) % 100 as dice
    from generate_series(1, $2::int) s`, [visitorCount, sessionCount]);
  await client.query(`alter table bench_sessions add column number int`);
  await client.query(`update bench_sessions b set number = r.n from (select s, row_number() over (partition by visitor order by started) as n from bench_sessions) r where r.s = b.s`);
  const pages = `array['/', '/plans', '/plans/5g-128', '/plans/5g-199', '/plans/fiber-300m', '/broadband', '/iptv', '/help', '/account', '/stores']`;
  for (let from = 1; from <= sessionCount; from += 1_000_000) {
    await client.query(`insert into tracking_events (site_id, event_id, occurred_at, received_at, visitor_id, session_number, type, url, referrer, name, query, utm_source, utm_medium, utm_campaign, is_bot)
      select $1, 'b' || b.s || '-' || k, at, at, 'visitor-' || b.visitor, b.number, kind,
        'https://shop.example.cn' || path || case when kind = 'pageview' and path = '/search' then '?q=' || q else '' end,
        case when k = 1 then (array[null, null, 'https://www.baidu.com/s?wd=5g', 'https://weibo.com/xiang', 'https://shop.example.cn/', 'https://www.sogou.com/'])[1 + b.dice % 6] end,
        case when kind = 'custom' then name end, case when path = '/search' then q end,
        case when k = 1 and b.dice < 10 then 'wechat' end, case when k = 1 and b.dice < 10 then 'social' end, case when k = 1 and b.dice < 10 then 'winter-' || (b.dice % 3) end,
        b.dice >= 98
      from bench_sessions b
      cross join lateral generate_series(1, b.events) k
      cross join lateral (select b.started + (k - 1) * interval '70 seconds' as at,
        case when b.buys and k = 3 then 'custom' when b.buys and k = 6 then 'custom' else 'pageview' end as kind,
        case when b.buys and k = 3 then 'add_to_cart' when b.buys and k = 6 then 'pay' end as name,
        case when b.buys and k = 1 then '/' when b.buys and k = 2 then '/plans/5g-' || (128 + b.dice % 2 * 71)
          when b.buys and k = 3 then '/plans/5g-128' when b.buys and k = 4 then '/cart' when b.buys and k >= 5 then '/checkout'
          when b.dice % 10 = 1 and k = 2 then '/search' else (${pages})[1 + (hashint4(b.s * 31 + k) & 2147483647) % 10] end as path,
        (array['5g套餐', '宽带', 'iptv', '流量包', '携号转网'])[1 + (b.s + k) % 5] as q) e
      where b.s >= $2 and b.s < $3`, [siteId, from, from + 1_000_000]);
    console.log(`  sessions ${Math.min(sessionCount, from + 999_999).toLocaleString('en')} of ${sessionCount.toLocaleString('en')} written`);
  }
  await client.query(`insert into tracking_visitors (site_id, visitor_id, first_seen_at, last_seen_at, sessions)
    select $1, 'visitor-' || visitor, min(started), max(started + (events - 1) * interval '70 seconds'), count(*) from bench_sessions where dice < 98 group by visitor`, [siteId]);
  await client.query('analyze tracking_events; analyze tracking_visitors');
}

/** The overview as it was counted from the events before the rollups: the baseline. */
function overviewFromEvents(siteId: string, period: Period) {
  return {
    totals: sql`
      with s as materialized (
        select e.visitor_id, count(*) as events, extract(epoch from max(e.occurred_at) - min(e.occurred_at)) as seconds
        from tracking_events e where ${peopleIn(siteId, period)} and e.session_number is not null
        group by e.visitor_id, e.session_number)
      select (select count(*) from tracking_events e where ${peopleIn(siteId, period)} and e.type = 'pageview')::int as "pageViews",
        (select count(*) from (select visitor_id from s group by visitor_id) v)::int as visitors, count(*)::int as sessions,
        (count(*) filter (where events = 1))::int as bounces, avg(seconds)::float8 as "averageSessionSeconds"
      from s`,
    series: seriesFromEvents(siteId, period, 'day'),
  };
}

/** Retention as it was counted from the visitors and events before the rollups: the baseline. */
function retentionFromEvents(siteId: string, period: Period, by: 'day' | 'week') {
  const bucket = (at: string) => sql`date_trunc(${by}, ${sql.raw(at)} at time zone ${period.timeZone})::date`;
  return sql`
    with c as (
      select v.visitor_id, ${bucket('v.first_seen_at')} as cohort from tracking_visitors v
      where v.site_id = ${siteId} and v.first_seen_at >= ${instant(period.start)} and v.first_seen_at < ${instant(period.end)}),
    back as (
      select distinct e.visitor_id, ${bucket('e.occurred_at')} as bucket from tracking_events e
      where ${peopleIn(siteId, period)} and e.visitor_id is not null)
    select to_char(c.cohort, 'YYYY-MM-DD') as cohort, null::int as "offset", count(*)::int as visitors from c group by c.cohort
    union all
    select to_char(c.cohort, 'YYYY-MM-DD'), ((b.bucket - c.cohort) / ${sql.raw(by === 'day' ? '1' : '7')})::int, count(*)::int
    from c join back b on b.visitor_id = c.visitor_id and b.bucket > c.cohort
    group by 1, 2`;
}
