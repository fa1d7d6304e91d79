/**
 * Loads a Xiang CRM database at benchmark scale, fast: the demo organisation and catalogue go in
 * through the server's own code, then customers, identities, contacts, services, bills and the
 * interaction timeline are generated inside the database with `INSERT … SELECT generate_series`
 * (no rows cross the wire). Secondary indexes and foreign keys of the big tables are dropped
 * for the load and recreated from their exact definitions afterwards, then checked against
 * what the migrations made.
 *
 *   PostgreSQL:  node --import tsx bench/generate.ts --pg [--customers 1000000] [--db xiang_bench]
 *   PGlite:      node --import tsx bench/generate.ts --pglite /tmp/xiang-bench-pglite [--customers 100000]
 *
 * Shape per customer (same on both stores): 12 % enterprises, a third in Changsha; every
 * customer has a phone identity, individuals an ID-card number, 30 % an e-mail; ≈2 services;
 * 1–19 interactions (≈10 on average); six monthly bills per customer with services.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../packages/server/src/platform/db/index.ts';
import { seedOrganisation } from '../packages/server/src/demo/organisation.ts';
import { interactionTemplates, seedCustomers } from '../packages/server/src/demo/customers.ts';
import { enterpriseTrades, enterpriseWords, givenNameChars, localNetworks, streets, surnames } from '../packages/server/src/demo/hunan.ts';
import { isChineseIdNumber, nameGrams } from '../packages/server/src/customers/identity-values.ts';
import { nameSortKey } from '../packages/server/src/customers/name-sort.ts';
import { normalizePhone } from '../packages/shared/src/phone.ts';

const args = process.argv.slice(2);
const opt = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const pgliteDir = opt('--pglite');
const dbName = opt('--db') ?? 'xiang_bench';
if (!/^xiang_bench\w*$/.test(dbName)) throw new Error('Benchmark databases are named xiang_bench*');
const count = Number(opt('--customers') ?? (pgliteDir ? 100_000 : 1_000_000));
const adminUrl = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const benchUrl = adminUrl.replace(/\/[^/]*$/, `/${dbName}`);

const t0 = Date.now();
const log = (msg: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${msg}`);

/** A SQL literal; our lists are fixed strings without quotes, but quote properly anyway. */
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const arr = (list: readonly string[]) => `array[${list.map(lit).join(',')}]::text[]`;

// The demo's interaction templates, with the customer's name where the demo puts it.
const templates = Object.entries(interactionTemplates).flatMap(([kind, list]) =>
  list.map((t) => ({ kind, channel: t.channel, type: t.type, summary: t.summary('{name}') })));
const mobilePrefixes = ['133', '153', '173', '177', '180', '181', '189', '199'];
const bigTables = ['customers', 'identities', 'contacts', 'subscriptions', 'bills', 'interactions'];

type Exec = (text: string) => Promise<Record<string, unknown>[]>;

async function main() {
  let database: Database;
  let exec: Exec;
  let closeExec = async () => {};
  if (pgliteDir) {
    if (fs.existsSync(pgliteDir)) fs.rmSync(pgliteDir, { recursive: true, force: true });
    database = await openDatabase({ dataDir: path.resolve(pgliteDir) });
    // PGlite is one connection: the drizzle handle is the session.
    exec = async (text) => ((await database.db.execute(sql.raw(text))) as unknown as { rows: Record<string, unknown>[] }).rows;
  } else {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.query(`create database ${dbName}`);
    await admin.end();
    database = await openDatabase({ databaseUrl: benchUrl });
    // One dedicated session for the generation: SET and setseed must stick.
    const client = new pg.Client({ connectionString: benchUrl });
    await client.connect();
    exec = async (text) => (await client.query(text)).rows;
    closeExec = () => client.end();
  }
  log(`migrated ${pgliteDir ? `PGlite in ${pgliteDir}` : benchUrl}; loading ${count.toLocaleString('en')} customers`);

  const org = await seedOrganisation(database.db);
  await seedCustomers(database.db, org, 0); // the product catalogue, exactly as the demo makes it
  log('demo organisation and products loaded');

  if (!pgliteDir) {
    await exec(`set synchronous_commit = off`);
    await exec(`set maintenance_work_mem = '1GB'`);
    await exec(`set work_mem = '256MB'`);
    await exec(`set max_parallel_maintenance_workers = 2`);
  }
  await exec(`select setseed(0.20261126)`);

  // What the migrations made, to drop for the load and recreate exactly.
  const tableList = bigTables.map(lit).join(',');
  const { indexes, fks } = await secondarySchema(exec, tableList);
  for (const fk of fks) await exec(`alter table "${fk.tbl}" drop constraint "${fk.name}"`);
  for (const ix of indexes) await exec(`drop index "${ix.name}"`);
  log(`dropped ${indexes.length} secondary indexes and ${fks.length} foreign keys for the load`);

  await exec(`
    create or replace function bench_name_grams(t text) returns text[] language sql immutable as $$
      select array_agg(g order by o) from (
        select g, min(o) as o from (
          select substr(s, i, n) as g, n * 1000 + i as o
          from (select lower(regexp_replace(normalize(t, NFKC), '\\s+', '', 'g')) as s) x,
               generate_series(1, 3) n, generate_series(1, greatest(char_length(s) - n + 1, 0)) i
        ) a group by g
      ) b $$`);
  await exec(`
    create or replace function bench_id_check(f text) returns text language sql immutable as $$
      select substr('10X98765432', (sum(w * substr(f, i::int, 1)::int) % 11)::int + 1, 1)
      from unnest(array[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2]) with ordinality as x(w, i) $$`);

  // The organisation as a lookup table: network index → its two teams and their owners.
  await exec(`drop table if exists bench_net`);
  await exec(`create unlogged table bench_net (idx int primary key, name text, code text, area text, districts text[],
    key_unit uuid, key_owners uuid[], pub_unit uuid, pub_owners uuid[])`);
  await exec(`insert into bench_net values ${org.networks.map((n, i) => `(${i}, ${lit(n.name)}, ${lit(n.code)}, ${lit(n.areaCode)}, ${arr(n.districts)},
    ${lit(n.teams[0].id)}, array[${n.teams[0].owners.map((o) => lit(o.id)).join(',')}]::uuid[], ${lit(n.teams[1].id)}, array[${n.teams[1].owners.map((o) => lit(o.id)).join(',')}]::uuid[])`).join(',')}`);
  if (org.networks.map((n) => n.name).join() !== localNetworks.map((n) => n.name).join()) throw new Error('unexpected network order');

  // Every random draw of a customer, made once, so the tables agree with each other.
  await exec(`drop table if exists bench_gen`);
  await exec(`
    create unlogged table bench_gen as
    select d.*,
      case when d.is_ent then nt.name || (${arr(enterpriseWords)})[1 + d.ew] || (${arr(enterpriseTrades.map((t) => t.word))})[1 + d.et] || '有限公司'
           else (${arr(surnames)})[1 + d.si] || (${arr(givenNameChars)})[1 + d.g1] || case when d.r_g2 < 0.6 then (${arr(givenNameChars)})[1 + d.g2] else '' end
      end as name,
      case when d.is_ent or d.r_key < 0.05 then nt.key_unit else nt.pub_unit end as unit_id,
      case when d.is_ent or d.r_key < 0.05 then nt.key_owners[1 + floor(d.r_owner * array_length(nt.key_owners, 1))::int]
           else nt.pub_owners[1 + floor(d.r_owner * array_length(nt.pub_owners, 1))::int] end as owner_id,
      '湖南省' || nt.name || '市' || nt.districts[1 + floor(d.r_dist * array_length(nt.districts, 1))::int]
        || (${arr(streets)})[1 + d.street] || d.house || '号' as address,
      nt.code as net_code, nt.area as area_code
    from (
      select n, gen_random_uuid() as id,
        case when random() < 0.33 then 0 else floor(random() * 14)::int end as net,
        random() < 0.12 as is_ent, random() as r_key, random() as r_owner, random() as r_tier, random() as r_tag,
        random() as r_gender, random() as r_g2, random() as r_dist, random() as r_email,
        floor(random() * ${surnames.length})::int as si, floor(random() * ${givenNameChars.length})::int as g1,
        floor(random() * ${givenNameChars.length})::int as g2, floor(random() * ${enterpriseWords.length})::int as ew,
        floor(random() * ${enterpriseTrades.length})::int as et, floor(random() * ${streets.length})::int as street,
        1 + floor(random() * 999)::int as house,
        now() - (1 + floor(random() * 1095)) * interval '1 day' - random() * interval '1 day' as created_at,
        make_date(1950 + floor(random() * 55)::int, 1 + floor(random() * 12)::int, 1 + floor(random() * 28)::int) as birth,
        1 + floor(random() * 19)::int as icnt,
        random() as r_bb, random() as r_iptv, random() as r_vas
      from generate_series(0, ${count - 1}) n
      offset 0
    ) d join bench_net nt on nt.idx = d.net`);
  log('drew the customers');

  // The pinyin sort key is the server's own function, so each distinct name is keyed here, once.
  const distinctNames = await exec(`select distinct name, is_ent from bench_gen`) as { name: string; is_ent: boolean }[];
  await exec(`drop table if exists bench_keys`);
  await exec(`create unlogged table bench_keys (name text, is_ent boolean, key text)`);
  for (let i = 0; i < distinctNames.length; i += 5_000) {
    const keys = distinctNames.slice(i, i + 5_000).map((r) => ({ n: r.name, e: r.is_ent, k: nameSortKey(r.name, r.is_ent ? 'enterprise' : 'individual') }));
    await exec(`insert into bench_keys select n, e, k from json_to_recordset(${lit(JSON.stringify(keys))}::json) as r(n text, e boolean, k text)`);
  }
  await exec(`alter table bench_gen add column name_sort text`);
  await exec(`update bench_gen g set name_sort = k.key from bench_keys k where k.name = g.name and k.is_ent = g.is_ent`);
  log(`pinyin sort keys for ${distinctNames.length.toLocaleString('en')} distinct names`);

  await exec(`
    insert into customers (id, number, kind, name, name_grams, name_sort, tier, unit_id, owner_id, gender, birth_date, industry, address, tags, attributes, created_at, updated_at)
    select id, 'C' || (10000001 + n), case when is_ent then 'enterprise' else 'individual' end, name, bench_name_grams(name), name_sort,
      case when (is_ent and r_tier < 0.6) or r_tier > 0.97 then 'key' else 'regular' end,
      unit_id, owner_id,
      case when is_ent then null when r_gender < 0.5 then 'male' else 'female' end,
      case when is_ent then null else birth end,
      case when is_ent then (${arr(enterpriseTrades.map((t) => t.industry))})[1 + et] else null end,
      address,
      case when r_tag < 0.2 then array[(${arr(['5G', '宽带', '家庭', '高价值', '潜在流失', '学生'])})[1 + floor(r_tag * 30)::int]] else '{}'::text[] end,
      case when is_ent then jsonb_build_object('employees', 10 + floor(r_owner * 4990)::int) else '{}'::jsonb end,
      created_at, created_at
    from bench_gen order by n`);
  await exec(`select setval('customer_number_seq', ${10_000_000 + count + 1})`);
  log('customers');

  await exec(`
    insert into identities (customer_id, kind, value, is_primary, source, created_at)
    select id, 'phone', '+86' || (${arr(mobilePrefixes)})[1 + n % 8] || lpad((((n / 8)::bigint * 7919) % 100000000)::text, 8, '0'), true, 'demo', created_at
    from bench_gen
    union all
    select id, 'id_number', f || bench_id_check(f), false, 'demo', created_at
    from (select id, created_at, '43' || lpad((n / 1000)::text, 4, '0') || to_char(birth, 'YYYYMMDD') || lpad((n % 1000)::text, 3, '0') as f
          from bench_gen where not is_ent) x
    union all
    select id, 'email', 'user' || n || '@example.cn', false, 'demo', created_at from bench_gen where r_email < 0.3`);
  log('identities');

  await exec(`
    insert into contacts (customer_id, name, title, phone, is_decision_maker)
    select g.id, (${arr(surnames)})[1 + floor(random() * ${surnames.length})::int] || (${arr(givenNameChars)})[1 + floor(random() * ${givenNameChars.length})::int],
      case when c = 1 then '总经理' else (${arr(['IT 主管', '行政经理', '财务'])})[1 + floor(random() * 3)::int] end,
      '+86' || (${arr(mobilePrefixes)})[1 + floor(random() * 8)::int] || lpad(floor(random() * 100000000)::text, 8, '0'), c = 1
    from bench_gen g cross join lateral generate_series(1, 1 + (g.n % 3)) c where g.is_ent`);
  log('contacts');

  // Services: individuals a mobile line, half broadband, a quarter IPTV, 15 % a value-added
  // service; enterprises broadband, mobile and a fixed line (≈2 per customer overall).
  await exec(`drop table if exists bench_prod`);
  await exec(`create unlogged table bench_prod as select category, array_agg(id order by code) as ids, array_agg(monthly_fee_fen order by code) as fees from products group by category`);
  await exec(`
    insert into subscriptions (customer_id, product_id, service_number, status, start_date, end_date, monthly_fee_fen, created_at)
    select s.customer_id, p.ids[1 + floor(s.pick * array_length(p.ids, 1))::int], s.service_number,
      case when s.r < 0.08 then 'terminated' when s.r < 0.11 then 'suspended' else 'active' end,
      least(s.start, now())::date, case when s.r < 0.08 then (now() - (1 + floor(s.r * 3700)) * interval '1 day')::date end,
      p.fees[1 + floor(s.pick * array_length(p.ids, 1))::int], s.created_at
    from (
      select g.id as customer_id, c.category, g.created_at,
        random() as pick, random() as r,
        g.created_at + c.ord * floor(random() * 200) * interval '1 day' as start,
        case c.category
          when 'mobile' then case when c.ord = 0 then '+86' || (${arr(mobilePrefixes)})[1 + g.n % 8] || lpad((((g.n / 8)::bigint * 7919) % 100000000)::text, 8, '0')
                               else '+86' || (${arr(mobilePrefixes)})[1 + g.n % 8] || lpad((((g.n / 8)::bigint * 7919) % 10000)::text, 4, '0') || (1000 + floor(random() * 9000))::int end
          when 'fixed_line' then '+86' || g.area_code || (20000000 + floor(random() * 70000000))::int
          else g.net_code || (10000000 + floor(random() * 90000000))::int end as service_number
      from bench_gen g cross join lateral (
        select * from (values ('mobile', 0), ('broadband', 1), ('iptv', 2), ('value_added', 3)) v(category, ord)
          where not g.is_ent and (ord = 0 or (ord = 1 and g.r_bb < 0.5) or (ord = 2 and g.r_iptv < 0.25) or (ord = 3 and g.r_vas < 0.15))
        union all
        select * from (values ('broadband', 0), ('mobile', 1), ('fixed_line', 2)) v(category, ord) where g.is_ent
      ) c
      offset 0
    ) s join bench_prod p on p.category = s.category`);
  log('subscriptions');

  // Six monthly bills per customer with live services; most paid, a few overdue or open.
  await exec(`
    insert into bills (customer_id, period, amount_fen, paid_fen, due_date, status)
    select customer_id, to_char(m, 'YYYY-MM'), amount, case when st = 'paid' then amount else 0 end, due, st
    from (
      select customer_id, m, amount, due,
        case when r < 0.93 or (due > now() - interval '40 days' and r < 0.97) then 'paid'
             when due < now() then 'overdue' else 'open' end as st
      from (
        select s.customer_id, m, s.fee + floor(random() * 3000)::bigint as amount,
          (m + interval '1 month 14 days')::date as due, random() as r
        from (select customer_id, sum(monthly_fee_fen)::bigint as fee, min(start_date) as first_day
              from subscriptions where status <> 'terminated' group by customer_id) s
        cross join generate_series(date_trunc('month', now()) - interval '6 months', date_trunc('month', now()) - interval '1 month', interval '1 month') m
        where m >= date_trunc('month', s.first_day)
        offset 0
      ) b0
      offset 0
    ) b`);
  log('bills');

  await exec(`drop table if exists bench_tpl`);
  await exec(`create unlogged table bench_tpl (kind text, idx int, channel text, type text, summary text)`);
  const kinds = ['descriptive', 'promotional', 'transactional'];
  await exec(`insert into bench_tpl values ${kinds.flatMap((k) => templates.filter((t) => t.kind === k).map((t, i) => `(${lit(k)}, ${i}, ${lit(t.channel)}, ${lit(t.type)}, ${lit(t.summary)})`)).join(',')}`);
  const perKind = kinds.map((k) => templates.filter((t) => t.kind === k).length);
  await exec(`
    insert into interactions (customer_id, occurred_at, kind, channel, type, actor_id, actor_name, summary, payload, created_at)
    select x.id, x.at, t.kind, t.channel, t.type, case when t.channel = 'staff' then x.owner_id end,
      case when t.channel = 'staff' then (select u.display_name from users u where u.id = x.owner_id) end,
      replace(t.summary, '{name}', x.name), '{}'::jsonb, x.at
    from (
      select g.id, g.name, g.owner_id,
        greatest(g.created_at, now() - floor(random() * 366) * interval '1 day' - random() * interval '1 day') as at,
        k.kind, floor(random() * case k.kind when 'descriptive' then ${perKind[0]} when 'promotional' then ${perKind[1]} else ${perKind[2]} end)::int as idx
      from bench_gen g cross join lateral generate_series(1, g.icnt) i
      cross join lateral (select (array['descriptive', 'promotional', 'transactional', 'transactional'])[1 + floor(random() * 4)::int + 0 * i] as kind) k
      offset 0
    ) x join bench_tpl t on t.kind = x.kind and t.idx = x.idx`);
  log('interactions');

  for (const ix of indexes) { await exec(ix.def); log(`index ${ix.name}`); }
  for (const fk of fks) { await exec(`alter table "${fk.tbl}" add constraint "${fk.name}" ${fk.def}`); log(`foreign key ${fk.name}`); }

  for (const t of ['bench_gen', 'bench_net', 'bench_prod', 'bench_tpl', 'bench_keys']) await exec(`drop table if exists ${t}`);
  await exec(`drop function bench_name_grams(text)`);
  await exec(`drop function bench_id_check(text)`);

  // The schema must be what the migrations made: same indexes, same foreign keys.
  const after = await secondarySchema(exec, tableList);
  if (JSON.stringify(after) !== JSON.stringify({ indexes, fks })) {
    throw new Error('The schema after the load differs from the migrated one');
  }
  log('schema checked: indexes and foreign keys as migrated');

  await exec(pgliteDir ? 'vacuum analyze' : 'vacuum (analyze, parallel 2)');
  log('vacuum analyze');

  // Spot checks against the server's own functions.
  const sample = await exec(`select c.name, c.kind, c.name_sort, c.name_grams, (select array_agg(kind || '=' || value) from identities i where i.customer_id = c.id) as ids
    from customers c tablesample bernoulli (${Math.min(100, (2000 / count) * 100)}) limit 1000`) as { name: string; kind: 'individual' | 'enterprise'; name_sort: string; name_grams: string[]; ids: string[] }[];
  let bad = 0;
  for (const row of sample) {
    if (JSON.stringify(row.name_grams) !== JSON.stringify(nameGrams(row.name))) bad++;
    if (row.name_sort !== nameSortKey(row.name, row.kind)) bad++;
    for (const id of row.ids) {
      const [kind, value] = id.split('=');
      if (kind === 'phone' && normalizePhone(value) !== value) bad++;
      if (kind === 'id_number' && !isChineseIdNumber(value)) bad++;
    }
  }
  log(`spot check of ${sample.length} customers: ${bad} mismatches with nameGrams / nameSortKey / normalizePhone / isChineseIdNumber`);
  if (bad) throw new Error('generated values disagree with the server');

  const counts = await exec(`select
    (select count(*) from customers)::int as customers, (select count(*) from identities)::int as identities,
    (select count(*) from contacts)::int as contacts, (select count(*) from subscriptions)::int as subscriptions,
    (select count(*) from bills)::int as bills, (select count(*) from interactions)::int as interactions,
    ${pgliteDir ? `0 as bytes` : `pg_database_size(current_database()) as bytes`}`);
  log(`done: ${JSON.stringify(counts[0])}`);
  await closeExec();
  await database.close();
}

await main();

/** The big tables' secondary indexes and foreign keys, as their definitions: dropped for the load, then compared. */
async function secondarySchema(exec: (text: string) => Promise<unknown[]>, tableList: string) {
  const indexes = await exec(`
    select i.relname as name, pg_get_indexdef(i.oid) as def
    from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
    join pg_namespace n on n.oid = t.relnamespace
    where n.nspname = 'public' and t.relname in (${tableList})
      and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid)
    order by 1`) as { name: string; def: string }[];
  const fks = await exec(`
    select c.conname as name, t.relname as tbl, pg_get_constraintdef(c.oid) as def
    from pg_constraint c join pg_class t on t.oid = c.conrelid join pg_namespace n on n.oid = t.relnamespace
    where n.nspname = 'public' and c.contype = 'f' and t.relname in (${tableList})
    order by 1`) as { name: string; tbl: string; def: string }[];
  return { indexes, fks };
}
