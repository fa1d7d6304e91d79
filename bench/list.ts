/**
 * The customer list at scale: a name-sorted page (pinyin order, from the (name_sort, id) index)
 * against a date-sorted one, first and fiftieth page, as the province (whole organisation) and
 * as an account manager's unit; what the total costs beside a page; and what the phone column
 * and its masking add to a page. The service functions the routes call, on the database
 * directly, so the figures are the list's own and not HTTP's.
 *
 *   PostgreSQL:  node --import tsx bench/list.ts --pg [--db xiang_bench] [--runs 21]
 *   PGlite:      node --import tsx bench/list.ts --pglite /tmp/xiang-bench-pglite
 *   CI:          --tiny (3 runs, page 5 instead of 50)
 *
 * Load the database first with bench/generate.ts (1,000,000 customers for the figures in
 * RESULTS.md). "before" is the list as it was: ORDER BY name in code-point order, no index.
 */
import path from 'node:path';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { openDatabase } from '../packages/server/src/platform/db/index.ts';
import { rows } from '../packages/server/src/platform/db/index.ts';
import { withinScope, type Scope } from '../packages/server/src/platform/scope.ts';
import { countCustomers, listCustomers } from '../packages/server/src/customers/search.ts';
import { customers } from '../packages/server/src/customers/schema.ts';
import { selectCustomers } from '../packages/server/src/customers/service.ts';
import { maskPhone } from '../packages/server/src/customers/masking.ts';
import { CustomerListQuery } from '../packages/shared/src/index.ts';
import { hasFlag, median, option } from './options.ts';
import { installModules } from '../packages/server/src/modules.ts';

// The services are called here without an app: the modules tell the policy what each role may do.
installModules();

const isTiny = hasFlag('--tiny');
const pgliteDir = option('--pglite');
const dbName = option('--db', 'xiang_bench');
const runs = Number(option('--runs', isTiny ? '3' : '21'));
const farPage = isTiny ? 5 : 50;
const users = option('--users', 'admin,cs.am1').split(',');

const database = pgliteDir
  ? await openDatabase({ dataDir: path.resolve(pgliteDir) })
  : await openDatabase({ databaseUrl: `postgres://postgres@127.0.0.1:5432/${dbName}` });
const db = database.db;

async function scopeOf(username: string): Promise<Scope> {
  const [row] = await rows<Scope>(db, sql`select u.id as "userId", u.display_name as "userName", u.role, u.unit_id as "unitId",
      o.parent_id is null as "isWholeOrganisation", array(select c.id::text from org_units c where c.path like o.path || '%') as "unitIds"
    from users u join org_units o on o.id = u.unit_id where u.username = ${username}`);
  if (!row) throw new Error(`no user ${username}: load the database with bench/generate.ts`);
  return row;
}

/** Median milliseconds of `runs` calls, after three warm-up calls. */
async function timed(what: () => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await what();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await what();
    ms.push(performance.now() - started);
  }
  return median(ms);
}

const query = (extra: Record<string, string>) => CustomerListQuery.parse({ limit: '20', ...extra });

/** The cursor of page n of a sort, walked the way the console walks it. */
async function cursorOfPage(scope: Scope, sort: string, page: number) {
  let cursor: string | undefined;
  for (let i = 1; i < page; i++) cursor = (await listCustomers(db, scope, query({ sort, ...(cursor ? { cursor } : {}) }))).nextCursor ?? undefined;
  return cursor;
}

const results: Record<string, unknown>[] = [];
const [{ n: total }] = await rows<{ n: number }>(db, sql`select count(*)::int as n from customers`);
console.log(`${pgliteDir ? 'PGlite' : 'PostgreSQL'}, ${total.toLocaleString('en')} customers, median of ${runs} runs, ms`);

for (const username of users) {
  const scope = await scopeOf(username);
  const row: Record<string, unknown> = { user: username };
  for (const sort of ['-createdAt', 'name', '-name']) {
    row[`${sort} p1`] = await timed(() => listCustomers(db, scope, query({ sort })));
    const cursor = await cursorOfPage(scope, sort, farPage);
    row[`${sort} p${farPage}`] = await timed(() => listCustomers(db, scope, query({ sort, ...(cursor ? { cursor } : {}) })));
  }
  const ratio = (a: string, b: string) => Number(((row[a] as number) / (row[b] as number)).toFixed(2));
  row[`name/date p1`] = ratio('name p1', '-createdAt p1');
  row[`name/date p${farPage}`] = ratio(`name p${farPage}`, `-createdAt p${farPage}`);
  // The list as it was before the pinyin key: code-point order on the name itself, no index to read it from.
  const active = and(withinScope(scope, customers.unitId), eq(customers.status, 'active'));
  row['before: name p1'] = await timed(() => selectCustomers(db).where(active).orderBy(asc(customers.name), asc(customers.id)).limit(21));
  // The page without its phone column and masking: what the phone lookup and the masking add.
  const plainPage = () => selectCustomers(db).where(active).orderBy(desc(customers.createdAt), desc(customers.id)).limit(21);
  row['plain page p1'] = await timed(plainPage);
  row['list/plain p1'] = ratio('-createdAt p1', 'plain page p1');
  const phones = (await listCustomers(db, scope, query({}))).items.map((c) => c.phone).filter(Boolean) as string[];
  const e164 = phones.map((p) => `+86${p.replace(/\*/g, '0')}`);
  const started = performance.now();
  for (let i = 0; i < 1000; i++) for (const p of e164) maskPhone(p);
  row['masking a page, ms'] = Number(((performance.now() - started) / 1000).toFixed(4));
  row['count'] = await timed(() => countCustomers(db, scope, query({})));
  row['count/page p1'] = ratio('count', '-createdAt p1');
  row['count answer'] = await countCustomers(db, scope, query({}));
  row['count, key accounts'] = await timed(() => countCustomers(db, scope, query({ tier: 'key' })));
  results.push(row);
}

for (const row of results) {
  console.log(Object.entries(row).map(([k, v]) => `${k}: ${typeof v === 'number' ? Number(v.toFixed(2)) : JSON.stringify(v)}`).join('\n  '));
}
await database.close();
