import fs from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { rows } from '../platform/db/index.ts';
import { DEMO_PASSWORD } from '../demo/organisation.ts';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { storedIdentities, storedServices, writtenState } from '../test/written.ts';
import { csvText, uploadRequest } from './test-uploads.ts';
import { sweepStaleReadings } from './kept-check.ts';
import { importsModule } from './module.ts';

let t: TestApp;
let am: Client; // Changsha account manager
let zzAm: Client; // Zhuzhou account manager

const header = ['客户名称', '手机号码', '邮箱', '产品编码', '业务号码'];
/** Three new customers; the phones are numbered by `n` so each test has its own. */
const fileFor = (n: number) => Buffer.from(csvText([
  header,
  ['甲', `1390735${n}001`, `jia${n}@example.cn`, 'MOB-58', `1390735${n}001`],
  ['乙', `1390735${n}002`, '', '', ''],
  ['丙', `1390735${n}003`, '', 'BB-300M', `CS735${n}003`],
]));

const dryRun = async (client: Client, bytes: Buffer) => {
  const res = await client(await uploadRequest('/api/v1/imports', { name: '客户.csv', bytes }, { dryRun: 'true' }));
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};
const customersWithPhone = async (phone: string) =>
  rows<{ id: string; name: string }>(t.database.db, sql`select c.id, c.name from customers c join identities i on i.customer_id = c.id where i.kind = 'phone' and i.value = ${phone}`);
const createCustomer = async (client: Client, name: string, phone: string) => {
  const res = await client({ method: 'POST', url: '/api/v1/customers', payload: { name, identities: [{ kind: 'phone', value: phone }] } });
  expect(res.statusCode, res.body).toBe(201);
};
/**
 * The uploaded file is gone from the store: a commit that still writes the rows wrote what the
 * dry run kept, not a new reading of the file.
 */
const forgetUploadedFile = async (importId: string) => {
  const [{ sha }] = await rows<{ sha: string }>(t.database.db, sql`select file_sha256 as sha from customer_imports where id = ${importId}`);
  if (t.database.kind === 'postgres') await t.database.db.execute(sql`delete from blobs where sha256 = ${sha}`);
  else await fs.rm(path.join(t.app.config.dataDir, 'blobs', sha.slice(0, 2), sha));
};

beforeAll(async () => {
  t = await startTestApp({ customers: 5 });
  am = await t.as('cs.am1');
  zzAm = await t.as('zz.am1');
});
afterAll(() => t.close());

describe('committing an import from its dry run', () => {
  it('writes the rows the dry run read, without reading the file again', async () => {
    const checked = await dryRun(am, fileFor(1));
    await forgetUploadedFile(checked.import.id);
    const res = await am({ method: 'POST', url: `/api/v1/imports/${checked.import.id}/commit`, payload: { mode: 'all_or_nothing' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().import).toMatchObject({ status: 'committed', createdCustomers: 3, validRows: 3, duplicateRows: 0 });
    const [jia] = await customersWithPhone('+8613907351001');
    expect(jia.name).toBe('甲');
    expect(await storedIdentities(t.database.db, jia.id)).toEqual(['email:jia1@example.cn', 'phone:+8613907351001']);
    expect(await storedServices(t.database.db, jia.id)).toHaveLength(1);
  });

  it('refuses a row whose phone another customer took since the dry run, with the finding a dry run now gives, and writes the others', async () => {
    const file = fileFor(2);
    const checked = await dryRun(am, file);
    expect(checked).toMatchObject({ duplicateCount: 0, import: { validRows: 3 } });
    // Someone in another unit takes 乙's phone between the dry run and the commit.
    await createCustomer(zzAm, '株洲抢先', '13907352002');
    const again = await dryRun(am, file);
    expect(again.duplicates).toHaveLength(1);
    const res = await am({ method: 'POST', url: `/api/v1/imports/${checked.import.id}/commit`, payload: { mode: 'valid_only' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().import).toMatchObject({ status: 'committed', createdCustomers: 2, validRows: 2, duplicateRows: 1 });
    expect(res.json().duplicates).toEqual(again.duplicates);
    expect(res.json().duplicates[0]).toMatchObject({ row: 3, field: 'phone', existingCustomerId: null });
    // Nothing of 乙 half-written: the phone is still only the other customer's; 甲 and 丙 are written whole.
    expect((await customersWithPhone('+8613907352002')).map((c) => c.name)).toEqual(['株洲抢先']);
    const [bing] = await customersWithPhone('+8613907352003');
    expect(bing.name).toBe('丙');
    expect(await storedServices(t.database.db, bing.id)).toEqual([`CS7352003 ${new Date().toISOString().slice(0, 10)}`]);
    const findings = (await am({ method: 'GET', url: `/api/v1/imports/${checked.import.id}/findings/duplicates` })).json();
    expect(findings).toMatchObject({ total: 1, items: [{ row: 3, field: 'phone' }] });
  });

  it('in all_or_nothing refuses the whole file when a phone was taken since, with the same finding, and writes nothing', async () => {
    const file = fileFor(3);
    const checked = await dryRun(am, file);
    await createCustomer(am, '抢先客户', '13907353003');
    const again = await dryRun(am, file);
    const before = await writtenState(t.database.db);
    const res = await am({ method: 'POST', url: `/api/v1/imports/${checked.import.id}/commit`, payload: { mode: 'all_or_nothing' } });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json()).toMatchObject({ field: 'file', errorCount: 0, duplicateCount: 1 });
    expect(res.json().duplicates).toEqual(again.duplicates);
    expect(res.json().duplicates[0]).toMatchObject({ row: 4, existingCustomerName: '抢先客户' });
    expect(await writtenState(t.database.db)).toEqual(before);
    expect((await am({ method: 'GET', url: `/api/v1/imports/${checked.import.id}` })).json().import.status).toBe('checked');
  });

  it('commits after a server restart between the dry run and the commit, from what the dry run kept', async () => {
    const checked = await dryRun(am, fileFor(4));
    await forgetUploadedFile(checked.import.id);
    // A new server process on the same database and data directory: nothing carried over in memory.
    const restarted = await buildApp(t.app.config, t.database);
    await restarted.ready();
    try {
      const signIn = await restarted.inject({ method: 'POST', url: '/api/v1/sessions', payload: { username: 'cs.am1', password: DEMO_PASSWORD } });
      const cookie = String(signIn.headers['set-cookie']).split(';')[0];
      const res = await restarted.inject({ method: 'POST', url: `/api/v1/imports/${checked.import.id}/commit`, headers: { cookie }, payload: { mode: 'all_or_nothing' } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().import).toMatchObject({ status: 'committed', createdCustomers: 3 });
    } finally {
      await restarted.close();
    }
    expect((await customersWithPhone('+8613907354002')).map((c) => c.name)).toEqual(['乙']);
  });

  it('writes text exactly as the file has it: quotes, backslashes, braces and line breaks', async () => {
    const odd = ['王"引号"\\反斜杠{括号}', '多行\n备注 \\N, "逗号"', 'a\\b"c{d}'];
    const file = Buffer.from(csvText([['客户名称', '手机号码', '备注', '标签', '会员卡等级'], [odd[0], '13907356001', odd[1], odd[2], '\\N']]));
    const checked = await dryRun(am, file);
    const res = await am({ method: 'POST', url: `/api/v1/imports/${checked.import.id}/commit`, payload: { mode: 'all_or_nothing' } });
    expect(res.statusCode, res.body).toBe(200);
    const [written] = await rows<{ name: string; note: string; tags: string[]; attributes: Record<string, string> }>(t.database.db,
      sql`select c.name, c.note, c.tags, c.attributes from customers c join identities i on i.customer_id = c.id where i.value = '+8613907356001'`);
    expect(written).toEqual({ name: odd[0], note: odd[1], tags: [odd[2]], attributes: { 会员卡等级: '\\N' } });
  });

  it('reads the file again when someone else commits, as they see it', async () => {
    const checked = await dryRun(am, fileFor(5));
    await forgetUploadedFile(checked.import.id);
    const manager = await t.as('cs.manager');
    const res = await manager({ method: 'POST', url: `/api/v1/imports/${checked.import.id}/commit`, payload: { mode: 'all_or_nothing' } });
    // What the dry run kept was read through the importer's eyes; the file itself is needed for another reader.
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().field).toBe('file');
    expect(await customersWithPhone('+8613907355001')).toHaveLength(0);
  });

  it('sweeps the readings of imports checked before today, each hour, and the commit of such an import reads the file again', async () => {
    const old = await dryRun(am, fileFor(8));
    const fresh = await dryRun(am, fileFor(9));
    const kept = async () => (await rows<{ import_id: string }>(t.database.db, sql`select import_id from customer_import_readings`)).map((r) => r.import_id);
    expect(await kept()).toEqual(expect.arrayContaining([old.import.id, fresh.import.id]));
    // Checked just before today began (UTC): a commit could not use its reading today anyway.
    await t.database.db.execute(sql`update customer_imports set created_at = date_trunc('day', now() at time zone 'UTC') at time zone 'UTC' - interval '1 second'
      where id = ${old.import.id}`);
    expect(await sweepStaleReadings(t.database.db)).toBe(1);
    expect(await kept()).not.toContain(old.import.id);
    expect(await kept()).toContain(fresh.import.id);
    const work = importsModule.background!();
    expect(work.schedules).toContainEqual(expect.objectContaining({ queue: 'imports.sweep_readings', cron: '17 * * * *' }));
    expect(work.kinds!.map((k) => k.queue)).toContain('imports.sweep_readings');
    // The swept import still commits, from the file.
    const res = await am({ method: 'POST', url: `/api/v1/imports/${old.import.id}/commit`, payload: { mode: 'all_or_nothing' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(await customersWithPhone('+8613907358001')).toHaveLength(1);
  });
});
