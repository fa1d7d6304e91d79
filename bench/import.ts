/**
 * The customer-import benchmark (数据导入): a 100,000-row messy CSV through the HTTP API —
 * dry run, then commit (valid_only) — on the embedded PGlite and on PostgreSQL, against two raw
 * baselines into the same indexed tables (customers, identities, subscriptions), straight through
 * the driver: the rows the commit wrote, again by COPY (on PostgreSQL pg-copy-streams, on PGlite
 * COPY FROM '/dev/blob'), and clean synthetic rows in the same proportions by multi-row INSERT.
 *
 *   node --import tsx bench/import.ts [--rows 100000] [--runs 3] [--only pglite|postgres] [--existing 2000] [--save file.csv]
 *
 * Each run uses a fresh database per measurement (PGlite in a temporary directory, as the server
 * runs it; on PostgreSQL a scratch database created and dropped on 127.0.0.1:5432), the demo
 * organisation and 2,000 demo customers (--existing), so the duplicate check has something to
 * find. Prints rows/s, the medians of the runs and the commit's ratio to each baseline.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { sql } from 'drizzle-orm';
import { rows, type Database } from '../packages/server/src/platform/db/index.ts';
import { freshDatabase } from '../packages/server/src/test/harness.ts';
import { readConfig } from '../packages/server/src/platform/config.ts';
import { buildApp } from '../packages/server/src/app.ts';
import { DEMO_PASSWORD, seedOrganisation } from '../packages/server/src/demo/organisation.ts';
import { seedCustomers } from '../packages/server/src/demo/customers.ts';
import { seededRandom } from '../packages/server/src/demo/random.ts';
import { idNumberCheck, nameGrams } from '../packages/server/src/customers/identity-values.ts';
import { nameSortKey } from '../packages/server/src/customers/name-sort.ts';
import { copyRows, copyTargetOf, textArray, type CopyValue } from '../packages/server/src/platform/db/copy.ts';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const rowCount = Number(opt('--rows', '100000'));
const runs = Number(opt('--runs', '3'));
const only = opt('--only', '');
const existingCustomers = Number(opt('--existing', '2000'));
const serverUrl = 'postgres://postgres@127.0.0.1:5432/postgres';

const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐'.split('');
const given = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰'.split('');
const products = ['MOB-58', 'MOB-89', 'MOB-129', 'BB-300M', 'IPTV-4K'];

/** A customer file as other systems export it: every phone, date and gender format, a few bad and duplicate rows. */
function messyCsv(count: number, existingPhones: string[]) {
  const r = seededRandom(42);
  const lines = ['客户名称,手机号码,邮箱,身份证号,性别,出生日期,地址,客户类型,等级,标签,产品编码,业务号码,开通日期,会员卡等级'];
  for (let i = 0; i < count; i++) {
    const digits = `139${String(10_000_000 + i).slice(-8)}`;
    const phoneForms = [digits, `+86 ${digits.slice(0, 3)} ${digits.slice(3, 7)} ${digits.slice(7)}`, `0086-${digits.slice(0, 3)}-${digits.slice(3, 7)}-${digits.slice(7)}`,
      digits.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))];
    let phone = r.pick(phoneForms);
    if (r.chance(0.005)) phone = r.pick(existingPhones); // already a customer
    else if (i > 10 && r.chance(0.005)) phone = `139${String(10_000_000 + i - 7).slice(-8)}`; // twice in the file
    const y = r.int(1950, 2004), m = r.int(1, 12), d = r.int(1, 28);
    const p2 = (n: number) => String(n).padStart(2, '0');
    let birth = r.pick([`${y}-${p2(m)}-${p2(d)}`, `${y}/${m}/${d}`, `${y}.${p2(m)}.${p2(d)}`, `${y}${p2(m)}${p2(d)}`, `${y}年${m}月${d}日`,
      String(Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000))]);
    if (r.chance(0.01)) birth = `${y}-02-30`; // bad
    const first17 = `430104${y}${p2(m)}${p2(d)}${String(i % 1000).padStart(3, '0')}`;
    const email = r.chance(0.3) ? `User${i}@Example.CN` : '';
    const product = r.chance(0.6) ? r.pick(products) : '';
    // A mobile plan's service number is the phone number itself; broadband and IPTV have accounts.
    const serviceNumber = !product ? '' : product.startsWith('MOB') ? phone : `CS${10_000_000 + i}`;
    lines.push([
      `${r.pick(surnames)}${r.pick(given)}${r.chance(0.6) ? r.pick(given) : ''}`, r.chance(0.005) ? '12345' : phone, email, first17 + idNumberCheck(first17),
      r.pick(['男', '女', 'M', 'F', '']), birth, `湖南省长沙市岳麓区麓山南路${r.int(1, 999)}号`, r.chance(0.1) ? '企业' : '个人', r.chance(0.05) ? '重要' : '普通',
      r.chance(0.2) ? '5G;高价值' : '', product, serviceNumber, product ? '2024/5/31' : '', r.pick(['金卡', '银卡', '']),
    ].join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

/** A multipart body with the file in the field "file". */
async function multipart(bytes: Buffer, fields: Record<string, string>) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(bytes)]), 'customers.csv');
  const request = new Request('http://bench.local', { method: 'POST', body: form });
  return { headers: { 'content-type': request.headers.get('content-type')! }, payload: Buffer.from(await request.arrayBuffer()) };
}

/** A new database for one run: the embedded store in a data directory (as the server runs it), or a scratch database. */
async function freshDatabaseFor(store: 'pglite' | 'postgres'): Promise<Database & { dir?: string }> {
  if (store === 'postgres') return freshDatabase({ serverUrl });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiang-bench-import-'));
  return { ...(await freshDatabase({ serverUrl: null, dataDir: dir })), dir };
}

async function prepare(store: 'pglite' | 'postgres') {
  const t0 = performance.now();
  const database = await freshDatabaseFor(store);
  const org = await seedOrganisation(database.db);
  await seedCustomers(database.db, org, existingCustomers);
  if (process.env.BENCH_VERBOSE) console.log(`  prepared ${store} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return { database, org };
}

/** Dry run + commit through the HTTP API; returns seconds for each. */
async function apiRun(store: 'pglite' | 'postgres', run: number, file: Buffer) {
  const { database } = await prepare(store);
  const dataDir = (database as { dir?: string }).dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'xiang-bench-import-'));
  const app = await buildApp({ ...readConfig({}), dataDir, logLevel: 'silent', maxUploadBytes: 100 * 1024 * 1024 }, database);
  await app.ready();
  const signIn = await app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { username: 'cs.am1', password: DEMO_PASSWORD } });
  const cookie = String(signIn.headers['set-cookie']).split(';')[0];
  const body = await multipart(file, { dryRun: 'true' });
  let t0 = performance.now();
  const check = await app.inject({ method: 'POST', url: '/api/v1/imports', headers: { ...body.headers, cookie }, payload: body.payload });
  const dryRun = (performance.now() - t0) / 1000;
  if (check.statusCode !== 201) throw new Error(`dry run: ${check.statusCode} ${check.body.slice(0, 300)}`);
  const report = check.json();
  t0 = performance.now();
  const commit = await app.inject({ method: 'POST', url: `/api/v1/imports/${report.import.id}/commit`, headers: { cookie }, payload: { mode: 'valid_only' } });
  const commitSeconds = (performance.now() - t0) / 1000;
  if (commit.statusCode !== 200) throw new Error(`commit: ${commit.statusCode} ${commit.body.slice(0, 300)}`);
  const counts = commit.json().import;
  const written = await writtenByImport(database.db, report.import.id);
  await app.close();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  return { dryRun, commit: commitSeconds, counts, written };
}

/**
 * What the commit wrote, row for row, with the units, owner and products named by their codes
 * (another database has other ids): the raw COPY writes exactly these rows again.
 */
async function writtenByImport(db: Database['db'], importId: string) {
  const customers = await rows<Record<string, unknown>>(db, sql`
    select c.id, c.number, c.kind, c.name, c.name_grams, c.name_sort, c.tier, u.code as unit, o.username as owner, c.gender, c.birth_date::text as birth_date,
           c.customer_since::text as customer_since, c.industry, c.address, c.note, c.tags, c.attributes::text as attributes, c.import_id
    from customers c join org_units u on u.id = c.unit_id left join users o on o.id = c.owner_id where c.import_id = ${importId}`);
  const identities = await rows<Record<string, unknown>>(db, sql`
    select i.customer_id, i.kind, i.value, i.is_primary, i.source from identities i join customers c on c.id = i.customer_id where c.import_id = ${importId}`);
  const subscriptions = await rows<Record<string, unknown>>(db, sql`
    select s.customer_id, p.code as product, s.service_number, s.start_date::text as start_date, s.monthly_fee_fen
    from subscriptions s join products p on p.id = s.product_id join customers c on c.id = s.customer_id where c.import_id = ${importId}`);
  return { customers, identities, subscriptions };
}
type Written = Awaited<ReturnType<typeof writtenByImport>>;

/** The same customers, already clean, for the baselines: phone / ID-number / e-mail identities and services in the file's proportions. */
function cleanCustomers(count: number) {
  const r = seededRandom(7);
  return Array.from({ length: count }, (_, i) => {
    const name = `${r.pick(surnames)}${r.pick(given)}${r.pick(given)}`;
    return {
      id: crypto.randomUUID(), name, grams: nameGrams(name), sort: nameSortKey(name, 'individual'), phone: `+86139${String(10_000_000 + i).slice(-8)}`,
      idNumber: `43${String(i).padStart(15, '0')}X`, email: r.chance(0.3) ? `baseline${i}@example.cn` : null,
      service: r.chance(0.6) ? `CS${10_000_000 + i}` : null,
    };
  });
}
type CleanCustomer = ReturnType<typeof cleanCustomers>[number];

/**
 * A floor: the same customers written straight through the driver with multi-row
 * INSERT … VALUES (1,000 rows a statement) in one transaction. No parsing, no validation, no
 * duplicate check, no HTTP.
 */
async function insertBaseline(tx: Database['db'], clean: CleanCustomer[], unitId: string, productId: string) {
  for (let i = 0; i < clean.length; i += 1_000) {
    const chunk = clean.slice(i, i + 1_000);
    await tx.execute(sql`insert into customers (id, number, kind, name, name_grams, name_sort, tier, unit_id, gender, birth_date, address, tags, attributes) values ${sql.join(chunk.map((c) =>
      sql`(${c.id}, 'C' || nextval('customer_number_seq'), 'individual', ${c.name}, ${sql.param(c.grams)}::text[], ${c.sort}, 'regular', ${unitId}, 'male', '1990-01-01', '湖南省长沙市岳麓区麓山南路1号', '{}'::text[], '{"会员卡等级":"金卡"}'::jsonb)`), sql`, `)}`);
    const identities = chunk.flatMap((c) => [
      sql`(${c.id}, 'phone', ${c.phone}, true, 'import')`, sql`(${c.id}, 'id_number', ${c.idNumber}, false, 'import')`,
      ...(c.email ? [sql`(${c.id}, 'email', ${c.email}, false, 'import')`] : []),
    ]);
    await tx.execute(sql`insert into identities (customer_id, kind, value, is_primary, source) values ${sql.join(identities, sql`, `)}`);
    const services = chunk.filter((c) => c.service).map((c) => sql`(${c.id}, ${productId}, ${c.service}, '2024-05-31', 5800)`);
    if (services.length) await tx.execute(sql`insert into subscriptions (customer_id, product_id, service_number, start_date, monthly_fee_fen) values ${sql.join(services, sql`, `)}`);
  }
}

/**
 * The floor of the floor: the rows the commit wrote, written again by COPY, one per table, on a
 * fresh database with the same indexes. On PostgreSQL as the commit streams them
 * (pg-copy-streams, CSV); on PGlite COPY FROM '/dev/blob' with each table's CSV as one blob.
 */
async function copyBaseline(tx: Database['db'], written: Written) {
  const ids = async (query: ReturnType<typeof sql>) => new Map((await rows<{ code: string; id: string }>(tx, query)).map((r) => [r.code, r.id]));
  const units = await ids(sql`select code, id from org_units`);
  const users = await ids(sql`select username as code, id from users`);
  const products = await ids(sql`select code, id from products`);
  const c = written.customers, i = written.identities, s = written.subscriptions;
  const tables: [string, string[], CopyValue[][]][] = [
    ['customers', ['id', 'number', 'kind', 'name', 'name_grams', 'name_sort', 'tier', 'unit_id', 'owner_id', 'gender', 'birth_date', 'customer_since', 'industry', 'address', 'note', 'tags', 'attributes', 'import_id'],
      c.map((r) => [r.id, r.number, r.kind, r.name, textArray(r.name_grams as string[]), r.name_sort, r.tier, units.get(r.unit as string)!, r.owner ? users.get(r.owner as string)! : null,
        r.gender, r.birth_date, r.customer_since, r.industry, r.address, r.note, textArray(r.tags as string[]), r.attributes, r.import_id] as CopyValue[])],
    ['identities', ['customer_id', 'kind', 'value', 'is_primary', 'source'], i.map((r) => [r.customer_id, r.kind, r.value, r.is_primary, r.source] as CopyValue[])],
    ['subscriptions', ['customer_id', 'product_id', 'service_number', 'start_date', 'monthly_fee_fen'],
      s.map((r) => [r.customer_id, products.get(r.product as string)!, r.service_number, r.start_date, r.monthly_fee_fen] as CopyValue[])],
  ];
  const target = copyTargetOf(tx)!;
  const t0 = performance.now();
  for (const [table, columns, values] of tables) await copyRows(target, table, columns, values);
  return (performance.now() - t0) / 1000;
}

/** The raw INSERT baseline on a fresh database; returns seconds. */
async function insertBaselineRun(store: 'pglite' | 'postgres', count: number) {
  const { database, org } = await prepare(store);
  const unitId = org.networks[0].teams[1].id;
  const [product] = await rows<{ id: string }>(database.db, sql`select id from products where code = 'MOB-58'`);
  const clean = cleanCustomers(count);
  const t0 = performance.now();
  await database.db.transaction((tx) => insertBaseline(tx, clean, unitId, product.id));
  const seconds = (performance.now() - t0) / 1000;
  await checkAndClose(database, count);
  return seconds;
}

/** The raw COPY baseline of the commit's own rows on a fresh database; returns seconds (the id lookups before it not counted). */
async function copyBaselineRun(store: 'pglite' | 'postgres', written: Written) {
  const { database } = await prepare(store);
  const seconds = await database.db.transaction((tx) => copyBaseline(tx, written));
  await checkAndClose(database, written.customers.length);
  return seconds;
}

async function checkAndClose(database: Database & { dir?: string }, count: number) {
  const [{ n }] = await rows<{ n: number }>(database.db, sql`select count(*)::int as n from customers`);
  if (n < count) throw new Error('baseline wrote too few rows');
  await database.close();
  if (database.dir) fs.rmSync(database.dir, { recursive: true, force: true });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const probe = await prepare('pglite');
const existingPhones = (await rows<{ value: string }>(probe.database.db, sql`select value from identities where kind = 'phone' limit 500`)).map((x) => x.value);
await probe.database.close();
fs.rmSync((probe.database as { dir: string }).dir, { recursive: true, force: true });
const csv = messyCsv(rowCount, existingPhones);
const file = iconv.encode(csv, 'gbk');
console.log(`file: ${rowCount} rows, ${(file.length / 1024 / 1024).toFixed(1)} MB GBK CSV`);
// --save <path>: write the generated file for a look (or a profile) and stop.
if (opt('--save', '')) {
  fs.writeFileSync(opt('--save', ''), file);
  process.exit(0);
}

const perSecond = (n: number, seconds: number) => `${Math.round(n / seconds)} rows/s`;
for (const store of ['pglite', 'postgres'] as const) {
  if (only && only !== store) continue;
  const dry: number[] = [], commit: number[] = [], inserted: number[] = [], copied: number[] = [];
  let counts: Record<string, number> = {};
  for (let run = 1; run <= runs; run++) {
    const api = await apiRun(store, run, file);
    counts = api.counts;
    const created = api.counts.createdCustomers;
    const insert = await insertBaselineRun(store, created);
    const copy = await copyBaselineRun(store, api.written);
    dry.push(api.dryRun); commit.push(api.commit); inserted.push(insert); copied.push(copy);
    console.log(`${store} run ${run}: dry run ${api.dryRun.toFixed(2)} s (${perSecond(rowCount, api.dryRun)}), commit ${api.commit.toFixed(2)} s (${perSecond(rowCount, api.commit)}), `
      + `raw INSERT ${insert.toFixed(2)} s (${perSecond(created, insert)}), raw COPY ${copy.toFixed(2)} s (${perSecond(created, copy)})`);
  }
  const m = { dry: median(dry), commit: median(commit), insert: median(inserted), copy: median(copied) };
  console.log(`${store} median of ${runs}: dry run ${m.dry.toFixed(2)} s = ${perSecond(rowCount, m.dry)}; commit ${m.commit.toFixed(2)} s = ${perSecond(rowCount, m.commit)}; `
    + `raw INSERT ${m.insert.toFixed(2)} s; raw COPY ${m.copy.toFixed(2)} s; commit ÷ raw COPY ${(m.commit / m.copy).toFixed(2)}×, commit ÷ raw INSERT ${(m.commit / m.insert).toFixed(2)}×; `
    + `rows: ${counts.totalRows} total, ${counts.validRows} valid, ${counts.invalidRows} invalid, ${counts.duplicateRows} duplicate, ${counts.createdCustomers} customers created`);
}
