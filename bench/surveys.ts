/**
 * A survey's results (问卷结果) at scale: `GET /tracking/surveys/{id}/results` over HTTP, one
 * request at a time, beside the same tally statement (surveys-results.ts `tallyStatement`) run raw
 * through `pg` in the same run, on the same database — for all time and for the last 30 days — and
 * the first page of a text question's answers.
 *
 *   node --import tsx bench/surveys.ts [--responses 100000] [--runs 100] [--db xiang_bench_surveys] [--port 3242]
 *   CI:  --tiny (2,000 responses, 10 runs)
 *
 * Makes its own PostgreSQL database (dropped and made again), lets the server load a few demo
 * customers, builds a survey of five questions (single and multiple choice, stars, NPS, text)
 * through the API, and writes the responses inside the database with generate_series, spread over
 * 90 days.
 */
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Question } from '@xiang/shared';
import { tallyStatement } from '../packages/server/src/tracking/surveys-results.ts';
import { serverOnDemoDatabase, signIn, stopServer } from './server.ts';
import { hasFlag, option, timeInTurn } from './options.ts';

const isTiny = hasFlag('--tiny');
const responseCount = Number(option('--responses', isTiny ? '2000' : '100000'));
const runs = Number(option('--runs', isTiny ? '10' : '100'));
const dbName = option('--db', 'xiang_bench_surveys');
const port = Number(option('--port', '3242'));
if (port < 3200 || port > 3299) throw new Error('use a port in 3200–3299');

const options = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `o${i + 1}`, label: `选项 ${i + 1}` }));
const questions = [
  { id: 'q1', kind: 'single', title: '常办业务', isRequired: true, options: options(4) },
  { id: 'q2', kind: 'multiple', title: '用过的渠道', options: options(6) },
  { id: 'q3', kind: 'rating', scale: 'stars', title: '满意度', isRequired: true },
  { id: 'q4', kind: 'rating', scale: 'nps', title: '推荐可能性' },
  { id: 'q5', kind: 'text', title: '建议' },
];

const { server, client } = await serverOnDemoDatabase({ dbName, port, customers: 50 });
try {
  const secret = await signIn(server.url, 'cs.manager');
  const headers = { cookie: `xiang_session=${encodeURIComponent(secret)}`, origin: server.url };
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${server.url}/api/v1${path}`, { method, headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body) });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<T>;
  };
  const site = await call<{ id: string }>('POST', '/tracking/sites', { name: '网上营业厅', allowedOrigins: ['https://shop.example.cn'] });
  const survey = await call<{ id: string; questions: Question[] }>('POST', '/tracking/surveys', { siteId: site.id, title: '营业厅满意度', questions });
  await call('POST', `/tracking/surveys/${survey.id}/open`);

  const started = Date.now();
  // Every answer valid for its question: q2 a non-empty subset of its options, q4 and q5 left out of some responses.
  await client.query(`insert into tracking_survey_responses (survey_id, submission_id, answers, submitted_at)
    select $1, 'bench-' || g, jsonb_strip_nulls(jsonb_build_object(
      'q1', jsonb_build_array('o' || (1 + (g * 7919) % 4)),
      'q2', (select jsonb_agg('o' || o) from generate_series(1, 6) o where (g >> o) % 2 = 1 or o = 1 + g % 6),
      'q3', 1 + (g * 31) % 5,
      'q4', case when g % 4 = 0 then null else to_jsonb((g * 17) % 11) end,
      'q5', case when g % 3 = 0 then to_jsonb('第 ' || g || ' 位客户的建议：营业厅排队太久') else null end)),
      now() - make_interval(secs => (g * 7777) % (90 * 86400))
    from generate_series(1, $2) g`, [survey.id, responseCount]);
  await client.query('vacuum analyze tracking_survey_responses');
  const { rows: [size] } = await client.query<{ total: string }>(`select pg_size_pretty(pg_total_relation_size('tracking_survey_responses')) as total`);
  console.log(`PostgreSQL, ${responseCount.toLocaleString('en')} responses written in ${((Date.now() - started) / 1000).toFixed(1)} s (table ${size.total}); ${runs} sequential requests each, ms`);

  const get = async (path: string) => call<{ responses?: number; items?: unknown[] }>('GET', path);
  const dialect = new PgDialect();
  const raw = (period: ReturnType<typeof sql>) => {
    const query = dialect.sqlToQuery(tallyStatement(survey.id, survey.questions, period));
    return () => client.query(query.sql, query.params);
  };
  const report = (name: string, counted: number | undefined, api: { p50: number; p95: number; p99: number }, rawTimes: { p50: number; p95: number; p99: number }) =>
    console.log(`${name.padEnd(30)} responses ${String(counted).padStart(7)} | API p50 ${api.p50.toFixed(2)} p95 ${api.p95.toFixed(2)} p99 ${api.p99.toFixed(2)}`
      + ` | raw p50 ${rawTimes.p50.toFixed(2)} p95 ${rawTimes.p95.toFixed(2)} | API/raw p50 ${(api.p50 / rawTimes.p50).toFixed(2)}`);

  {
    const counted = (await get(`/tracking/surveys/${survey.id}/results`)).responses;
    const api = await timeInTurn(runs, () => get(`/tracking/surveys/${survey.id}/results`));
    const rawTimes = await timeInTurn(runs, raw(sql``));
    report('results, all time', counted, api, rawTimes);
  }
  {
    const since = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const counted = (await get(`/tracking/surveys/${survey.id}/results?since=${since}`)).responses;
    const api = await timeInTurn(runs, () => get(`/tracking/surveys/${survey.id}/results?since=${since}`));
    const rawTimes = await timeInTurn(runs, raw(sql`and r.submitted_at >= ${since}::timestamptz`));
    report('results, last 30 days', counted, api, rawTimes);
  }
  {
    const api = await timeInTurn(runs, () => get(`/tracking/surveys/${survey.id}/questions/q5/text-answers?limit=20`));
    const rawTimes = await timeInTurn(runs, () => client.query(`select r.id, r.answers->>'q5' as text, r.submitted_at, r.customer_id is not null
      from tracking_survey_responses r where r.survey_id = $1 and r.answers ? 'q5' order by r.submitted_at desc, r.id desc limit 21`, [survey.id]));
    report('text answers, first page', Math.floor(responseCount / 3), api, rawTimes);
  }
} finally {
  await client.end().catch(() => undefined);
  await stopServer(server.child);
}
