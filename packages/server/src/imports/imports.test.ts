import iconv from 'iconv-lite';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../platform/db/index.ts';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { storedIdentities, storedServices } from '../test/written.ts';
import { csvText, idNumberFor, parseCsvAnswer, uploadRequest } from './test-uploads.ts';

let t: TestApp;
let am: Client; // Changsha account manager (public customers team)
let zzAm: Client; // Zhuzhou account manager
let importId: string;
let visibleExistingId: string;

const header = ['客户名称', '手机号码', '邮箱', '身份证号', '性别', '出生日期', '地址', '客户类型', '等级', '标签', '产品编码', '业务号码', '开通日期', '会员卡等级', '备注'];
const blank = (n: number) => Array<string>(n).fill('');
const zhangId = idNumberFor('1990-05-31', 1);
/** What a customer file from another system looks like: every mess the import must survive. Line numbers on the right. */
const messyRows = [
  header, //                                                                                                   1
  ['张三', '+86 139-0731-0001', 'ZhangSan@Example.COM', zhangId, '男', '1990-05-31', '长沙市岳麓区麓山南路1号', '个人', '普通', '5G；高价值', 'MOB-58', '139 0731 0001', '2024/5/31', '金卡', ''], // 2
  ['李四', '１３９－０７３１－０００２', 'li.si@example.com', '', '女', '1985/5/3', '', '企业', '重要', '', '', '', '', '银卡', ''], // 3
  [''], //                                                                                                     4 blank line
  ['王五', '0086-139-0731-0003', '', '', 'M', '19900101', ...blank(9)], //                                      5
  ['赵六', '139 0731 0004', '', '', 'F', '1992年3月4日', ...blank(9)], //                                       6
  ['钱七', '13907310005', '', '', '', '1993.07.08', ...blank(9)], //                                            7
  ['孙八', '13907310006', '', '', 'female', '33000', ...blank(9)], //                                           8 Excel serial date
  ['周九', '12345', ...blank(13)], //                                                                           9 bad phone
  ['吴十', '13907310010', 'not-an-email', '', 'X', '2024-02-30', ...blank(9)], //                               10 three errors
  ["=cmd|' /C calc'!A0", '=1+2', ...blank(13)], //                                                             11 formulas
  ["Robert'); DROP TABLE customers;--", '13907310012', ...blank(12), "'; select pg_sleep(10) --"], //          12 SQL-looking text
  ['郑十一', '13907310013', ...blank(13), 'extra', 'cells'], //                                                 13 too many columns
  ['冒名', '13907310001', ...blank(13)], //                                                                     14 same phone as row 2
  ['老客户', '13907319999', ...blank(13)], //                                                                   15 an existing customer of ours
  ['外地客户', '13907318888', ...blank(13)], //                                                                 16 an existing customer of another unit
  ['产品错', '13907310017', ...blank(8), 'MOB-XX', '13907310017', '', '', ''], //                               17 unknown product
  ['张三', '+8613907310001', ...blank(8), 'BB-300M', 'CS12345678', '2024.06.01', '', ''], //                    18 another service of row 2
  ['全角邮箱', '13907310019', 'ＷＡＮＧ＠ＥＸＡＭＰＬＥ．ＣＮ', ...blank(12)], //                                      19
];
/** Saved the way Chinese Excel saves CSV: GBK. */
const messyFile = iconv.encode(csvText(messyRows), 'gbk');

const upload = async (client: Client, bytes: Buffer, fields: Record<string, string | object> = {}, name = '客户.csv') =>
  client(await uploadRequest('/api/v1/imports', { name, bytes }, fields));
const customerByPhone = async (phone: string, status = 'active') =>
  (await am({ method: 'GET', url: `/api/v1/customers?status=${status}&q=${encodeURIComponent(phone)}` })).json().items;

beforeAll(async () => {
  t = await startTestApp({ customers: 20 });
  am = await t.as('cs.am1');
  zzAm = await t.as('zz.am1');
  visibleExistingId = (await am({ method: 'POST', url: '/api/v1/customers', payload: { name: '老客户', identities: [{ kind: 'phone', value: '13907319999' }] } })).json().id;
  await zzAm({ method: 'POST', url: '/api/v1/customers', payload: { name: '外地客户', identities: [{ kind: 'phone', value: '13907318888' }] } });
});
afterAll(() => t.close());

describe('customer import', () => {
  it('checks a GBK-encoded CSV with Chinese headers, guessing every column, and writes nothing', async () => {
    const res = await upload(am, messyFile);
    expect(res.statusCode, res.body).toBe(201);
    const report = res.json();
    importId = report.import.id;
    expect(report.encoding).toBe('gb18030');
    expect(report.columns.map((c: { field: string }) => c.field)).toEqual([
      'name', 'phone', 'email', 'id_number', 'gender', 'birthDate', 'address', 'kind', 'tier', 'tags', 'productCode', 'serviceNumber', 'serviceStartDate', 'attribute', 'note',
    ]);
    expect(report.import).toMatchObject({ status: 'checked', totalRows: 17, validRows: 9, invalidRows: 5, duplicateRows: 3, createdCustomers: 0 });
    expect(await customerByPhone('13907310005')).toHaveLength(0);
  });

  it('reports every bad row with its row number, column and reason, never stopping at the first', async () => {
    const { errors, errorCount } = (await am({ method: 'GET', url: `/api/v1/imports/${importId}` })).json();
    expect(errorCount).toBe(7);
    expect(errors.map((e: { row: number; field: string }) => `${e.row}:${e.field}`)).toEqual([
      '9:phone', '10:email', '10:gender', '10:birthDate', '11:phone', '13:row', '17:productCode',
    ]);
    expect(errors[0]).toMatchObject({ column: '手机号码', message: expect.stringContaining('12345') });
    expect(errors.find((e: { field: string }) => e.field === 'birthDate').message).toContain('2024-02-30');
  });

  it('tells every reason in the reader\'s language, the same stored report in Chinese or English', async () => {
    const zh = { 'accept-language': 'zh-CN,zh;q=0.9' };
    const inChinese = (await am({ method: 'GET', url: `/api/v1/imports/${importId}`, headers: zh })).json();
    const byField = (report: { errors: { row: number; field: string; message: string }[] }, row: number, field: string) =>
      report.errors.find((e) => e.row === row && e.field === field)!.message;
    expect(byField(inChinese, 10, 'birthDate')).toBe('“2024-02-30”不是日历上存在的日期。');
    expect(byField(inChinese, 10, 'gender')).toBe('“X”不是性别，请填写“男”或“女”。');
    expect(byField(inChinese, 9, 'phone')).toBe('“12345”不是有效的电话号码。');
    expect(byField(inChinese, 17, 'productCode')).toBe('没有编码为“MOB-XX”的产品。');
    expect(inChinese.duplicates.map((d: { message: string }) => d.message)).toEqual([
      '手机号码 +8613907310001 已出现在本文件第 2 行。', expect.stringMatching(/^手机号码 \+8613907319999 已属于现有客户 C\d+ 老客户，请合并而不是重复导入。$/),
      '手机号码 +8613907318888 已属于其他单位的客户。',
    ]);
    const inEnglish = (await am({ method: 'GET', url: `/api/v1/imports/${importId}` })).json();
    expect(byField(inEnglish, 10, 'birthDate')).toBe('"2024-02-30" is not a day of the calendar.');
    expect(inEnglish.errors[0]).not.toHaveProperty('said');

    const refused = await am({ method: 'POST', url: `/api/v1/imports/${importId}/commit`, headers: zh, payload: { mode: 'all_or_nothing' } });
    expect(refused.json().detail).toBe('有 5 行错误、3 行重复，未导入任何数据。请修正后重试，或只导入有效行。');
    expect(refused.json().errors[0].message).toBe('“12345”不是有效的电话号码。');
    const csv = await am({ method: 'GET', url: `/api/v1/imports/${importId}/errors.csv`, headers: zh });
    expect(parseCsvAnswer(csv.body.slice(1)).find((l) => l[1] === '17')![0]).toBe('产品编码: 没有编码为“MOB-XX”的产品。');
    const headerOnly = await uploadRequest('/api/v1/imports', { name: '空.csv', bytes: Buffer.from('姓名\r\n') }, { dryRun: 'true' });
    const refusedFile = await am({ ...headerOnly, headers: { ...headerOnly.headers, ...zh } });
    expect(refusedFile.statusCode).toBe(400);
    expect(refusedFile.json()).toMatchObject({ field: 'file', detail: '文件只有表头，没有客户数据。' });
  });

  it('lists duplicates within the file and against existing customers, naming only customers the caller may see', async () => {
    const { duplicates } = (await am({ method: 'GET', url: `/api/v1/imports/${importId}` })).json();
    expect(duplicates).toEqual([
      expect.objectContaining({ row: 14, field: 'phone', value: '+8613907310001', duplicateOfRow: 2, existingCustomerId: null }),
      expect.objectContaining({ row: 15, field: 'phone', value: '+8613907319999', duplicateOfRow: null, existingCustomerId: visibleExistingId }),
      expect.objectContaining({ row: 16, field: 'phone', value: '+8613907318888', duplicateOfRow: null, existingCustomerId: null }),
    ]);
    expect(duplicates[2].message).toContain('another unit');
  });

  it('commits all or nothing: one bad row and nothing is written (422 with the report)', async () => {
    const res = await am({ method: 'POST', url: `/api/v1/imports/${importId}/commit`, payload: { mode: 'all_or_nothing' } });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ field: 'file', errorCount: 7, duplicateCount: 3 });
    expect(await customerByPhone('13907310005')).toHaveLength(0);
    expect((await am({ method: 'GET', url: `/api/v1/imports/${importId}` })).json().import.status).toBe('checked');
  });

  it('commits only the valid rows, normalised, with their services, as one audited act', async () => {
    const [{ n: createdAudits }] = await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from audit_log where action = 'customer.created'`);
    const res = await am({ method: 'POST', url: `/api/v1/imports/${importId}/commit`, payload: { mode: 'valid_only' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().import).toMatchObject({ status: 'committed', createdCustomers: 8, validRows: 9 });

    const [zhang] = await customerByPhone('13907310001');
    expect(zhang).toMatchObject({
      name: '张三', kind: 'individual', tier: 'regular', gender: 'male', birthDate: '1990-05-31', address: '长沙市岳麓区麓山南路1号',
      tags: ['5G', '高价值'], attributes: { 会员卡等级: '金卡' }, unitName: '长沙公众客户部', ownerName: '长沙客户经理一',
    });
    expect(await storedIdentities(t.database.db, zhang.id))
      .toEqual(['email:zhangsan@example.com', `id_number:${zhangId}`, 'phone:+8613907310001']);
    expect(await storedServices(t.database.db, zhang.id))
      .toEqual(['+8613907310001 2024-05-31', 'CS12345678 2024-06-01']);

    expect((await customerByPhone('13907310002'))[0]).toMatchObject({ name: '李四', kind: 'enterprise', tier: 'key', gender: 'female', birthDate: '1985-05-03' });
    expect((await customerByPhone('13907310003'))[0]).toMatchObject({ gender: 'male', birthDate: '1990-01-01' });
    expect((await customerByPhone('13907310004'))[0]).toMatchObject({ gender: 'female', birthDate: '1992-03-04' });
    expect((await customerByPhone('13907310005'))[0].birthDate).toBe('1993-07-08');
    expect((await customerByPhone('13907310006'))[0].birthDate).toBe('1990-05-07');
    expect((await customerByPhone('13907310012'))[0]).toMatchObject({ name: "Robert'); DROP TABLE customers;--", note: "'; select pg_sleep(10) --" });
    const [wide] = await customerByPhone('13907310019');
    expect((await am({ method: 'GET', url: `/api/v1/customers/${wide.id}/identities` })).json().items.map((i: { value: string }) => i.value)).toContain('wang@example.cn');
    for (const skipped of ['13907310010', '13907310013', '13907310017']) expect(await customerByPhone(skipped)).toHaveLength(0);

    // One audit row and one event for the file, none per customer.
    const [{ n: createdAuditsAfter }] = await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from audit_log where action = 'customer.created'`);
    expect(createdAuditsAfter).toBe(createdAudits);
    const trail = (await (await t.as('cs.manager'))({ method: 'GET', url: `/api/v1/audit?entity=customer_import&entityId=${importId}` })).json().items;
    expect(trail.map((e: { action: string }) => e.action)).toEqual(['customer.imported', 'customer_import.checked']);
    const events = await rows<{ payload: { createdCustomers: number } }>(t.database.db, sql`select payload from outbox_events where type = 'customer.imported' and entity_id = ${importId}`);
    expect(events).toHaveLength(1);
    expect(events[0].payload.createdCustomers).toBe(8);
    expect((await am({ method: 'POST', url: `/api/v1/imports/${importId}/commit`, payload: { mode: 'valid_only' } })).statusCode).toBe(409);
  });

  it('downloads the error report: the original rows with the reason, safe to open in Excel', async () => {
    const res = await am({ method: 'GET', url: `/api/v1/imports/${importId}/errors.csv` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.body.startsWith('\uFEFF')).toBe(true);
    const [head, ...lines] = parseCsvAnswer(res.body.slice(1));
    expect(head).toEqual(['导入错误 (error)', '原行号 (row)', ...header]);
    // Rows the import took are not reported as duplicates of themselves.
    expect(lines.map((l) => Number(l[1]))).toEqual([9, 10, 11, 13, 14, 15, 16, 17]);
    const formulaRow = lines.find((l) => l[1] === '11')!;
    expect(formulaRow[2]).toBe("'=cmd|' /C calc'!A0");
    expect(formulaRow[3]).toBe("'=1+2");
    for (const cell of lines.flat()) expect(/^[=+\-@\t\r]/.test(cell) && !/^[+-]?\d+$/.test(cell), cell).toBe(false);
    expect(lines.find((l) => l[1] === '10')![0]).toMatch(/邮箱: .*性别: .*出生日期: /);

    // The corrected report uploads again: its two added columns are ignored.
    const again = (await upload(am, Buffer.from(res.body), { dryRun: 'true' })).json();
    expect(again.columns.slice(0, 2).map((c: { field: string }) => c.field)).toEqual(['ignore', 'ignore']);
  });

  it('undoes an import by archiving every customer it created, audited, and only once', async () => {
    const res = await am({ method: 'POST', url: `/api/v1/imports/${importId}/undo` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ archivedCustomers: 8, import: { status: 'undone' } });
    expect(await customerByPhone('13907310001')).toHaveLength(0);
    expect(await customerByPhone('13907310001', 'archived')).toHaveLength(1);
    expect((await customerByPhone('13907319999'))[0].id).toBe(visibleExistingId);
    expect((await am({ method: 'POST', url: `/api/v1/imports/${importId}/undo` })).statusCode).toBe(409);
    const trail = (await (await t.as('cs.manager'))({ method: 'GET', url: `/api/v1/audit?entity=customer_import&entityId=${importId}` })).json().items;
    expect(trail[0]).toMatchObject({ action: 'customer.import_undone', after: { archivedCustomers: 8 } });
  });

  it('imports in one request when it is not a dry run', async () => {
    const file = Buffer.from(csvText([['姓名', '电话'], ['一次导入', '13907330001']]));
    const res = await upload(am, file, { dryRun: 'false', mode: 'all_or_nothing' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().import).toMatchObject({ status: 'committed', createdCustomers: 1 });
    expect(res.json().encoding).toBe('utf-8');
  });

  it('lists imports of the caller\'s units only', async () => {
    const mine = (await am({ method: 'GET', url: '/api/v1/imports' })).json().items.map((i: { id: string }) => i.id);
    expect(mine).toContain(importId);
    expect((await zzAm({ method: 'GET', url: '/api/v1/imports' })).json().items.map((i: { id: string }) => i.id)).not.toContain(importId);
  });

  it('lets only roles that may import do so; another unit\'s import does not exist (404)', async () => {
    for (const username of ['hn.analyst', 'hn.marketing', 'cs.agent']) {
      const client = await t.as(username);
      expect((await upload(client, messyFile)).statusCode, username).toBe(403);
      expect((await client({ method: 'GET', url: '/api/v1/imports' })).statusCode, username).toBe(403);
    }
    for (const [method, url] of [
      ['GET', `/api/v1/imports/${importId}`], ['GET', `/api/v1/imports/${importId}/errors.csv`],
      ['POST', `/api/v1/imports/${importId}/commit`], ['POST', `/api/v1/imports/${importId}/undo`],
    ] as const) {
      expect((await zzAm({ method, url })).statusCode, `${method} ${url}`).toBe(404);
      expect((await t.app.inject({ method, url })).statusCode, `${method} ${url} without a session`).toBe(401);
    }
    const zzUnit = t.org.networks.find((n) => n.code === 'ZZ')!.teams[1].id;
    const res = await upload(am, messyFile, { unitId: zzUnit });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe('unitId');
  });
});
