/**
 * The customer-import benchmark (数据导入): a 100,000-row messy CSV through the HTTP API —
 * dry run, then commit (valid_only) — on the embedded PGlite and on PostgreSQL, against a raw
 * baseline of the same rows, already clean, written with multi-row INSERTs through the driver
 * (pg-copy-streams is not installed, so no COPY baseline).
 *
 *   node --import tsx bench/import.ts [--rows 100000] [--runs 3] [--only pglite|postgres] [--existing 2000] [--save file.csv]
 *
 * Each run uses a fresh database (PGlite in a temporary directory, as the server runs it; on
 * PostgreSQL a scratch database created and dropped on 127.0.0.1:5432), the demo organisation
 * and 2,000 demo customers (--existing), so the duplicate check has something to find. Prints rows/s and
 * the median of the runs.
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
  await app.close();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  return { dryRun, commit: commitSeconds, counts };
}

/**
 * The floor: the same customers, already clean, written straight through the driver with
 * multi-row INSERT … VALUES (1,000 rows a statement) in one transaction — customers, their
 * phone / ID-number / e-mail identities and services in the same proportions as the file.
 * No parsing, no validation, no duplicate check, no HTTP.
 */
async function baselineRun(store: 'pglite' | 'postgres', run: number, count: number) {
  const { database, org } = await prepare(store);
  const unitId = org.networks[0].teams[1].id;
  const [product] = await rows<{ id: string }>(database.db, sql`select id from products where code = 'MOB-58'`);
  const r = seededRandom(7);
  const clean = Array.from({ length: count }, (_, i) => {
    const name = `${r.pick(surnames)}${r.pick(given)}${r.pick(given)}`;
    return {
      id: crypto.randomUUID(), name, grams: nameGrams(name), sort: nameSortKey(name, 'individual'), phone: `+86139${String(10_000_000 + i).slice(-8)}`,
      idNumber: `43${String(i).padStart(15, '0')}X`, email: r.chance(0.3) ? `baseline${i}@example.cn` : null,
      service: r.chance(0.6) ? `CS${10_000_000 + i}` : null,
    };
  });
  const t0 = performance.now();
  await database.db.transaction(async (tx) => {
    for (let i = 0; i < clean.length; i += 1_000) {
      const chunk = clean.slice(i, i + 1_000);
      await tx.execute(sql`insert into customers (id, number, kind, name, name_grams, name_sort, tier, unit_id, gender, birth_date, address, tags, attributes) values ${sql.join(chunk.map((c) =>
        sql`(${c.id}, 'C' || nextval('customer_number_seq'), 'individual', ${c.name}, ${sql.param(c.grams)}::text[], ${c.sort}, 'regular', ${unitId}, 'male', '1990-01-01', '湖南省长沙市岳麓区麓山南路1号', '{}'::text[], '{"会员卡等级":"金卡"}'::jsonb)`), sql`, `)}`);
      const identities = chunk.flatMap((c) => [
        sql`(${c.id}, 'phone', ${c.phone}, true, 'import')`, sql`(${c.id}, 'id_number', ${c.idNumber}, false, 'import')`,
        ...(c.email ? [sql`(${c.id}, 'email', ${c.email}, false, 'import')`] : []),
      ]);
      await tx.execute(sql`insert into identities (customer_id, kind, value, is_primary, source) values ${sql.join(identities, sql`, `)}`);
      const services = chunk.filter((c) => c.service).map((c) => sql`(${c.id}, ${product.id}, ${c.service}, '2024-05-31', 5800)`);
      if (services.length) await tx.execute(sql`insert into subscriptions (customer_id, product_id, service_number, start_date, monthly_fee_fen) values ${sql.join(services, sql`, `)}`);
    }
  });
  const seconds = (performance.now() - t0) / 1000;
  const [{ n }] = await rows<{ n: number }>(database.db, sql`select count(*)::int as n from customers`);
  if (n < count) throw new Error('baseline wrote too few rows');
  await database.close();
  if ((database as { dir?: string }).dir) fs.rmSync((database as { dir: string }).dir, { recursive: true, force: true });
  return seconds;
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

for (const store of ['pglite', 'postgres'] as const) {
  if (only && only !== store) continue;
  const dry: number[] = [], commit: number[] = [], base: number[] = [];
  let counts: Record<string, number> = {};
  for (let run = 1; run <= runs; run++) {
    const api = await apiRun(store, run, file);
    console.log(`${store} run ${run}: API dry run ${api.dryRun.toFixed(2)} s, commit ${api.commit.toFixed(2)} s`);
    counts = api.counts;
    const raw = await baselineRun(store, run, api.counts.createdCustomers);
    dry.push(api.dryRun); commit.push(api.commit); base.push(raw);
    console.log(`${store} run ${run}: dry run ${api.dryRun.toFixed(2)} s (${Math.round(rowCount / api.dryRun)} rows/s), commit ${api.commit.toFixed(2)} s (${Math.round(rowCount / api.commit)} rows/s), raw INSERT ${raw.toFixed(2)} s (${Math.round(api.counts.createdCustomers / raw)} rows/s)`);
  }
  console.log(`${store} median: dry run ${median(dry).toFixed(2)} s = ${Math.round(rowCount / median(dry))} rows/s; commit ${median(commit).toFixed(2)} s = ${Math.round(rowCount / median(commit))} rows/s; `
    + `raw INSERT ${median(base).toFixed(2)} s = ${Math.round(counts.createdCustomers / median(base))} rows/s; `
    + `rows: ${counts.totalRows} total, ${counts.validRows} valid, ${counts.invalidRows} invalid, ${counts.duplicateRows} duplicate, ${counts.createdCustomers} customers created`);
}
