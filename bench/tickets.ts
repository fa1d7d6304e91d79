/**
 * The ticket queue (工单队列) at scale: `GET /tickets?status=…` over HTTP, one request at a
 * time, beside the same keyset query run raw through the same driver (`pg`), in the same run,
 * on the same database. The raw query is the list's own statement (unit scope, status, newest
 * first, one more row than the page); API/raw is what HTTP, the session lookup, zod, drizzle,
 * the customer names and JSON add.
 *
 *   node --import tsx bench/tickets.ts [--tickets 100000] [--runs 200] [--db xiang_bench_tickets] [--port 3240]
 *   CI:  --tiny (2,000 tickets, 20 runs)
 *
 * Makes its own PostgreSQL database (dropped and made again), lets the server load a few demo
 * customers, then writes the tickets by SQL spread over them, statuses and two years.
 *
 * Then the SLA clock (服务时限): every open ticket given due times, and one pass of the sweep
 * (service/sla.ts) timed when nothing is due, and when `--due` tickets (default 1,000) fall due
 * at once and each gets its alert task; beside the raw statement that finds the due tickets,
 * and beside a raw scan that checks every open ticket's due times (what a pass without the
 * index would read).
 */
import pg from 'pg';
import { openDatabase } from '../packages/server/src/platform/db/index.ts';
import { sweepSla } from '../packages/server/src/service/sla.ts';
import { signIn, startServer, stopServer, waitForHealth } from './server.ts';
import { hasFlag, option } from './options.ts';

const isTiny = hasFlag('--tiny');
const ticketCount = Number(option('--tickets', isTiny ? '2000' : '100000'));
const runs = Number(option('--runs', isTiny ? '20' : '200'));
const dbName = option('--db', 'xiang_bench_tickets');
const port = Number(option('--port', '3240'));
const dueCount = Number(option('--due', isTiny ? '50' : '1000'));
if (port < 3200 || port > 3299) throw new Error('use a port in 3200–3299');
const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
await admin.connect();
await admin.query(`drop database if exists ${dbName} with (force)`);
await admin.query(`create database ${dbName}`);
await admin.end();
const databaseUrl = `postgres://postgres@127.0.0.1:5432/${dbName}`;

const customersWanted = 400;
const server = startServer({ port, databaseUrl, env: { DEMO: '1', DEMO_CUSTOMERS: String(customersWanted) }, stdio: 'ignore' });
const client = new pg.Client({ connectionString: databaseUrl });
try {
  await waitForHealth(server.url, server.child);
  await client.connect();
  for (let i = 0; ; i++) {
    const { rows } = await client.query<{ n: number }>('select count(*)::int as n from customers');
    if (rows[0].n >= customersWanted) break;
    if (i > 1200) throw new Error('demo customers did not load');
    await new Promise((r) => setTimeout(r, 100));
  }
  const started = Date.now();
  await client.query(`insert into tickets (unit_id, customer_id, kind, title, priority, channel, status, created_by_id, created_at, updated_at)
    select c.unit_id, c.id, (array['fault','complaint','inquiry'])[1 + g % 3], '工单 ' || g,
      (array['low','normal','high','urgent'])[1 + g % 4], 'hotline',
      (array['new','assigned','in_progress','waiting_on_customer','resolved','closed','closed','closed'])[1 + (g / 7) % 8],
      (select id from users where username = 'admin'), now() - (g % 730) * interval '1 day' - (g % 86400) * interval '1 second', now()
    from generate_series(1, $1::int) g
    join lateral (select id, unit_id from customers order by id offset (g % ${customersWanted}) limit 1) c on true`, [ticketCount]);
  await client.query('analyze tickets');
  console.log(`PostgreSQL, ${ticketCount.toLocaleString('en')} tickets written in ${((Date.now() - started) / 1000).toFixed(1)} s; ${runs} sequential requests each, ms`);

  const percentile = (ms: number[], p: number) => [...ms].sort((a, b) => a - b)[Math.min(ms.length - 1, Math.floor(ms.length * p))];
  const time = async (what: () => Promise<unknown>) => {
    for (let i = 0; i < 5; i++) await what();
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await what();
      ms.push(performance.now() - t0);
    }
    return { p50: percentile(ms, 0.5), p99: percentile(ms, 0.99) };
  };

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
      console.log(`${username.padEnd(7)} status=${status.padEnd(12)} API p50 ${api.p50.toFixed(2)} p99 ${api.p99.toFixed(2)} | raw p50 ${raw.p50.toFixed(2)} p99 ${raw.p99.toFixed(2)} | API/raw p50 ${(api.p50 / raw.p50).toFixed(1)}`);
    }
  }

  // The server's own sweep runs each minute: stopped, so the pass timed here is the only one.
  await stopServer(server.child);
  // 服务时限: open tickets get due times a day or more ahead (an urgent one's 4 h around the clock
  // from a moment spread over the coming week), `dueCount` of them already past their first response.
  await client.query(`update tickets set sla_policy_id = (select id from sla_policies where priority = 'urgent' and customer_tier is null),
      first_response_due_at = now() + (1 + (hashtext(id::text) & 1023)) * interval '10 minutes', resolution_warn_at = now() + interval '8 days',
      resolution_due_at = now() + interval '9 days', resolution_escalate_at = now() + interval '10 days'
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
