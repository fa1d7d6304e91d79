/**
 * The ticket queue (工单队列) at scale: `GET /tickets?status=…` over HTTP, one request at a
 * time, beside the same keyset query run raw through the same driver (`pg`), in the same run,
 * on the same database. The raw query is the list's own statement (unit scope, status, newest
 * first, one more row than the page); API/raw is what HTTP, the session lookup, zod, drizzle,
 * the customer names and JSON add.
 *
 *   node --import tsx bench/tickets.ts [--tickets 100000] [--runs 200] [--db xiang_bench_tickets] [--port 3240]
 *   CI:  --tiny (2,000 tickets, 20 runs)
 *   --reuse: the database of an earlier run, as it is (no tickets written): to measure again after a change.
 *
 * Makes its own PostgreSQL database (dropped and made again), lets the server load a few demo
 * customers, then writes the tickets by SQL spread over them, statuses and two years.
 *
 * Then the SLA clock (服务时限): every open ticket given due times, and one pass of the sweep
 * (service/sla.ts) timed when nothing is due, and when `--due` tickets (default 1,000) fall due
 * at once and each gets its alert task; beside the raw statement that finds the due tickets,
 * and beside a raw scan that checks every open ticket's due times (what a pass without the
 * index would read).
 *
 * Then the service archive (服务档案), as cs.am1: one service's history (`subscriptionId`), the
 * search by a service number typed with spaces, and by a word written only in a note on a few
 * tickets, each beside its statement run raw.
 *
 * Then the service statistics (服务统计): `GET /service/stats` for the last 30 days by day and by
 * team, the whole organisation's and one team's, p50/p95, beside its three statements run raw.
 */
import { openDatabase } from '../packages/server/src/platform/db/index.ts';
import { PgDialect } from 'drizzle-orm/pg-core';
import { sweepSla } from '../packages/server/src/service/sla.ts';
import { statsStatements } from '../packages/server/src/service/stats.ts';
import { serverOnDemoDatabase, signIn, stopServer } from './server.ts';
import { hasFlag, option, percentile, timeInTurn } from './options.ts';

const isTiny = hasFlag('--tiny');
const ticketCount = Number(option('--tickets', isTiny ? '2000' : '100000'));
const runs = Number(option('--runs', isTiny ? '20' : '200'));
const dbName = option('--db', 'xiang_bench_tickets');
const port = Number(option('--port', '3240'));
const dueCount = Number(option('--due', isTiny ? '50' : '1000'));
if (port < 3200 || port > 3299) throw new Error('use a port in 3200–3299');
const isReused = hasFlag('--reuse');
const customersWanted = 400;
const { server, client, databaseUrl } = await serverOnDemoDatabase({ dbName, port, customers: customersWanted, reuse: isReused });
try {
  const started = Date.now();
  if (!isReused) await client.query(`insert into tickets (unit_id, customer_id, kind, title, category, priority, channel, status, created_by_id, created_at, updated_at)
    select c.unit_id, c.id, (array['fault','complaint','inquiry'])[1 + g % 3], '工单 ' || g, (array['宽带','信号','IPTV','话费','套餐'])[1 + g % 5],
      (array['low','normal','high','urgent'])[1 + g % 4], (array['hotline','phone','web','chat','store'])[1 + (g / 3) % 5],
      (array['new','assigned','in_progress','waiting_on_customer','resolved','closed','closed','closed'])[1 + (g / 7) % 8],
      (select id from users where username = 'admin'), now() - (g % 730) * interval '1 day' - (g % 86400) * interval '1 second', now()
    from generate_series(1, $1::int) g
    join lateral (select id, unit_id from customers order by id offset (g % ${customersWanted}) limit 1) c on true`, [ticketCount]);
  // 服务统计 reads these: answered minutes to hours after opening, finished a day or two after, most finished ones rated.
  // The tickets still being worked on stay unanswered: the SLA pass below makes some of them due for a first response.
  if (!isReused) await client.query(`update tickets set first_responded_at = created_at + (5 + (hashtext(id::text) & 255)) * interval '1 minute',
      resolved_at = case when status in ('resolved', 'closed') then created_at + (60 + ((hashtext(id::text) >> 8) & 4095)) * interval '1 minute' end,
      closed_at = case when status = 'closed' then created_at + interval '3 days' end,
      satisfaction = case when status in ('resolved', 'closed') and (hashtext(id::text) & 3) <> 0 then (array[1, 2, 3, 4, 4, 5, 5, 5])[1 + ((hashtext(id::text) >> 12) & 7)] end
    where status in ('waiting_on_customer', 'resolved', 'closed')`);
  await client.query('analyze tickets');
  console.log(`PostgreSQL, ${ticketCount.toLocaleString('en')} tickets ${isReused ? 'reused' : 'written'} in ${((Date.now() - started) / 1000).toFixed(1)} s; ${runs} sequential requests each, ms`);

  const time = (what: () => Promise<unknown>) => timeInTurn(runs, what);

  for (const username of ['admin', 'cs.am1']) {
    const secret = await signIn(server.url, username);
    const { rows: [me] } = await client.query<{ units: string[]; whole: boolean }>(`select array(select c.id::text from org_units c where c.path like o.path || '%') as units,
      o.parent_id is null as whole from users u join org_units o on o.id = u.unit_id where u.username = $1`, [username]);
    for (const status of ['new', 'in_progress', 'closed']) {
      const api = await time(async () => {
        const res = await fetch(`${server.url}/api/v1/tickets?status=${status}&limit=20`, { headers: { cookie: `xiang_session=${encodeURIComponent(secret)}` } });
        if (res.status !== 200) throw new Error(`${res.status} ${await res.text()}`);
        await res.json();
      });
      // The list's own statement: the scope's units (none for the whole organisation), the status, newest first.
      const raw = await time(() => client.query(`select t.*, a.display_name, b.display_name from tickets t
        left join users a on a.id = t.assignee_id join users b on b.id = t.created_by_id
        where ${me.whole ? 'true' : 't.unit_id = any($2::uuid[])'} and t.status = $1 order by t.created_at desc, t.id desc limit 21`,
      me.whole ? [status] : [status, me.units]));
      console.log(`${username.padEnd(7)} status=${status.padEnd(12)} API p50 ${api.p50.toFixed(2)} p95 ${api.p95.toFixed(2)} p99 ${api.p99.toFixed(2)} | raw p50 ${raw.p50.toFixed(2)} p95 ${raw.p95.toFixed(2)} p99 ${raw.p99.toFixed(2)} | API/raw p50 ${(api.p50 / raw.p50).toFixed(1)}`);
    }
  }

  // 服务档案: each ticket about one of its customer's services; a note on a third of them, a rare word on a few.
  if (!isReused) await client.query(`update tickets t set subscription_id = (select s.id from subscriptions s where s.customer_id = t.customer_id order by s.id limit 1)`);
  if (!isReused) await client.query(`insert into ticket_messages (ticket_id, kind, body, author_name, created_at)
    select id, 'note', case when hashtext(id::text) % 5000 = 0 then '分光器端口老化，已报装维' else '已电话联系客户，约定上门时间' end, '长沙客户经理一', created_at + interval '1 hour'
    from tickets where hashtext(id::text) % 3 = 0`);
  await client.query('analyze tickets; analyze ticket_messages');
  {
    const secret = await signIn(server.url, 'cs.am1');
    const { rows: [me] } = await client.query<{ units: string[] }>(`select array(select c.id::text from org_units c where c.path like o.path || '%') as units
      from users u join org_units o on o.id = u.unit_id where u.username = 'cs.am1'`);
    // The service with the most tickets in cs.am1's units: the longest history to page.
    const { rows: [busiest] } = await client.query<{ id: string; number: string; n: number }>(`select s.id, s.service_number as number, count(*)::int as n
      from tickets t join subscriptions s on s.id = t.subscription_id where t.unit_id = any($1::uuid[]) group by s.id order by n desc limit 1`, [me.units]);
    const typed = busiest.number.startsWith('+86') ? `${busiest.number.slice(3, 6)} ${busiest.number.slice(6, 10)} ${busiest.number.slice(10)}` : busiest.number;
    const page = (where: string, params: unknown[]) => client.query(`select t.* from tickets t where t.unit_id = any($1::uuid[]) and ${where}
      order by t.created_at desc, t.id desc limit 21`, [me.units, ...params]);
    const words = `(t.title ilike $2 or t.description ilike $2 or exists (select 1 from ticket_messages m where m.ticket_id = t.id and m.body ilike $2))`;
    const cases: [string, string, () => Promise<unknown>][] = [
      [`one service's history (${busiest.n} tickets)`, `subscriptionId=${busiest.id}`, () => page('t.subscription_id = $2', [busiest.id])],
      // A number finds its services first, then their tickets: the same two statements raw.
      [`by service number "${typed}"`, `q=${encodeURIComponent(typed)}`, async () => {
        const { rows: found } = await client.query<{ id: string }>('select id from subscriptions where service_number = any($1::text[])', [[busiest.number]]);
        return page('t.subscription_id = any($2::uuid[])', [found.map((r) => r.id)]);
      }],
      ['by a word in a few notes "分光器"', `q=${encodeURIComponent('分光器')}`, () => page(words, ['%分光器%'])],
    ];
    const archiveRuns = Math.max(10, Math.floor(runs / 10));
    for (const [name, query, rawRead] of cases) {
      let found = 0;
      const timed = (what: () => Promise<unknown>) => timeInTurn(archiveRuns, what, { warmUp: 1 });
      const api = await timed(async () => {
        const res = await fetch(`${server.url}/api/v1/tickets?status=all&limit=20&${query}`, { headers: { cookie: `xiang_session=${encodeURIComponent(secret)}` } });
        if (res.status !== 200) throw new Error(`${res.status} ${await res.text()}`);
        found = (await res.json()).items.length;
      });
      const raw = await timed(rawRead);
      console.log(`archive cs.am1 ${name} (${found} on the page) API p50 ${api.p50.toFixed(1)} p95 ${api.p95.toFixed(1)} | raw p50 ${raw.p50.toFixed(1)} p95 ${raw.p95.toFixed(1)} | API/raw p50 ${(api.p50 / raw.p50).toFixed(2)}`);
    }
  }

  // 服务统计: the last 30 days' figures by day and by team, beside the same three statements run raw.
  const statsRuns = Math.max(10, Math.floor(runs / 10));
  const timeStats = (what: () => Promise<unknown>) => timeInTurn(statsRuns, what, { warmUp: 1 });
  const dialect = new PgDialect();
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const from = new Date(Date.parse(`${today}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
  for (const username of ['admin', 'cs.am1']) {
    const secret = await signIn(server.url, username);
    const { rows: [me] } = await client.query<{ units: string[]; whole: boolean }>(`select array(select c.id::text from org_units c where c.path like o.path || '%') as units,
      o.parent_id is null as whole from users u join org_units o on o.id = u.unit_id where u.username = $1`, [username]);
    for (const groupBy of ['day', 'team'] as const) {
      let opened = 0;
      const api = await timeStats(async () => {
        const res = await fetch(`${server.url}/api/v1/service/stats?from=${from}&to=${today}&groupBy=${groupBy}`, { headers: { cookie: `xiang_session=${encodeURIComponent(secret)}` } });
        if (res.status !== 200) throw new Error(`${res.status} ${await res.text()}`);
        opened = (await res.json()).totals.opened;
      });
      const statements = statsStatements({ isWholeOrganisation: me.whole, unitIds: me.units }, { from, to: today, groupBy }, 'Asia/Shanghai', new Date());
      const raw = await timeStats(async () => {
        for (const statement of Object.values(statements)) { const q = dialect.sqlToQuery(statement); await client.query(q.sql, q.params); }
      });
      console.log(`stats ${username.padEnd(7)} 30 days by ${groupBy.padEnd(4)} (${opened.toLocaleString('en')} opened) API p50 ${api.p50.toFixed(1)} p95 ${api.p95.toFixed(1)} | raw p50 ${raw.p50.toFixed(1)} p95 ${raw.p95.toFixed(1)} | API/raw p50 ${(api.p50 / raw.p50).toFixed(2)}`);
    }
  }

  // The server's own sweep runs each minute: stopped, so the pass timed here is the only one.
  await stopServer(server.child);
  // 服务时限: open tickets get due times a day or more ahead (an urgent one's 4 h around the clock
  // from a moment spread over the coming week), `dueCount` of them already past their first response.
  await client.query(`update tickets set sla_policy_id = (select id from sla_policies where priority = 'urgent' and customer_tier is null and product_id is null and customer_id is null),
      first_response_due_at = now() + (1 + (hashtext(id::text) & 1023)) * interval '10 minutes', resolution_warn_at = now() + interval '8 days',
      resolution_due_at = now() + interval '9 days', resolution_escalate_at = now() + interval '10 days', sla_alerts = '{}'
    where status in ('new', 'assigned', 'in_progress')`);
  await client.query(`update tickets set sla_next_at = least(first_response_due_at, resolution_warn_at) where sla_policy_id is not null and status in ('new', 'assigned', 'in_progress')`);
  await client.query('analyze tickets');
  const { rows: [{ open }] } = await client.query<{ open: number }>(`select count(*)::int as open from tickets where status in ('new', 'assigned', 'in_progress', 'waiting_on_customer')`);
  const database = await openDatabase({ databaseUrl });
  try {
    const sweepRuns = Math.max(5, Math.floor(runs / 10));
    const idle: number[] = [];
    for (let i = 0; i < sweepRuns; i++) { const t0 = performance.now(); await sweepSla(database.db); idle.push(performance.now() - t0); }
    const rawFind = await time(() => client.query(`select * from tickets where sla_next_at <= now() order by sla_next_at limit 500`));
    const rawScan: number[] = [];
    for (let i = 0; i < sweepRuns; i++) {
      const t0 = performance.now();
      await client.query(`select count(*) from tickets where status in ('new', 'assigned', 'in_progress', 'waiting_on_customer') and sla_policy_id is not null
        and (least(first_response_due_at, next_response_due_at, resolution_warn_at, resolution_due_at, resolution_escalate_at) <= now())`);
      rawScan.push(performance.now() - t0);
    }
    await client.query(`update tickets set first_response_due_at = now() - interval '1 minute', sla_next_at = now() - interval '1 minute'
      where id in (select id from tickets where sla_policy_id is not null and status in ('new', 'assigned', 'in_progress') order by id limit $1)`, [dueCount]);
    const t0 = performance.now();
    const sent = await sweepSla(database.db);
    const busy = performance.now() - t0;
    console.log(`SLA pass over ${open.toLocaleString('en')} open tickets: nothing due p50 ${percentile(idle, 0.5).toFixed(2)} ms (raw find p50 ${rawFind.p50.toFixed(2)} ms;`
      + ` raw scan of every open ticket p50 ${percentile(rawScan, 0.5).toFixed(1)} ms) | ${dueCount.toLocaleString('en')} due at once: ${sent} alerts in ${busy.toFixed(0)} ms (${(busy / Math.max(1, sent)).toFixed(2)} ms each)`);
    if (sent !== dueCount) throw new Error(`${sent} alerts sent for ${dueCount} tickets due`);
  } finally {
    await database.close();
  }
} finally {
  await client.end().catch(() => undefined);
  await stopServer(server.child);
}
