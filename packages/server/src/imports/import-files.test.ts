import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../platform/db/index.ts';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { csvText, uploadRequest } from './test-uploads.ts';

let t: TestApp;
let am: Client;

const upload = async (bytes: Buffer, fields: Record<string, string | object> = {}, name = 'customers.csv') =>
  am(await uploadRequest('/api/v1/imports', { name, bytes }, fields));
const problemOf = (res: { statusCode: number; json(): { field?: string; detail: string } }) =>
  ({ status: res.statusCode, field: res.json().field, detail: res.json().detail });

beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  am = await t.as('cs.am1');
});
afterAll(() => t.close());

describe('customer import files', () => {
  it('reads an XLSX sheet: date cells, serial dates, numbers, rich text and formulas', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('客户');
    sheet.addRow(['Name', 'Mobile', 'E-mail', 'Birthday', 'Gender', 'Source system id']);
    sheet.addRow(['陈一', 13907320001, 'Chen1@Example.com', new Date(Date.UTC(1988, 1, 29)), 'M', 'A-1']);
    sheet.addRow([{ richText: [{ text: '陈' }, { text: '二', font: { bold: true } }] }, '+86 139 0732 0002', '', 33000, 'F', 'A-2']);
    sheet.addRow([]);
    sheet.addRow(['陈三', { formula: '13907320000+3', result: 13907320003 }, '', '2001年1月2日', '', 'A-3']);
    sheet.addRow(['陈四', 'not a phone', '', 'yesterday', '', 'A-4']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const res = await upload(bytes, { dryRun: 'false', mode: 'valid_only' }, '客户.xlsx');
    expect(res.statusCode, res.body).toBe(201);
    const report = res.json();
    expect(report).toMatchObject({ format: 'xlsx', errorCount: 2 });
    expect(report.import).toMatchObject({ totalRows: 4, validRows: 3, invalidRows: 1, createdCustomers: 3 });
    expect(report.errors.map((e: { row: number; field: string }) => `${e.row}:${e.field}`)).toEqual(['6:phone', '6:birthDate']);
    const list = (await am({ method: 'GET', url: `/api/v1/customers?q=${encodeURIComponent('陈')}` })).json().items;
    const byName = Object.fromEntries(list.map((c: { name: string }) => [c.name, c]));
    expect(byName['陈一']).toMatchObject({ birthDate: '1988-02-29', gender: 'male', attributes: { 'Source system id': 'A-1' } });
    expect(byName['陈二']).toMatchObject({ birthDate: '1990-05-07', gender: 'female' });
    expect(byName['陈三'].birthDate).toBe('2001-01-02');
  });

  it('reads UTF-8 with or without a byte-order mark, and tab-separated text', async () => {
    const text = csvText([['姓名', '手机'], ['甲', '13907330001']]);
    const withBom = (await upload(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).json();
    expect(withBom).toMatchObject({ encoding: 'utf-8', columns: [{ column: '姓名', field: 'name' }, { column: '手机', field: 'phone' }] });
    const withoutBom = (await upload(Buffer.from(text))).json();
    expect(withoutBom.import.validRows).toBe(1);
    const tabbed = (await upload(Buffer.from('姓名\t手机\n乙\t139 0733 0002\n'))).json();
    expect(tabbed.columns.map((c: { field: string }) => c.field)).toEqual(['name', 'phone']);
    expect(tabbed.import.validRows).toBe(1);
  });

  it('takes the client\'s column mapping over the guess, and refuses a mapping naming a column the file lacks', async () => {
    const file = Buffer.from(csvText([['客户', '号码', '杂项'], ['丙', '13907330003', 'x']]));
    const res = await upload(file, { mapping: { 客户: 'name', 号码: 'phone', 杂项: 'ignore' } });
    expect(res.json().columns.map((c: { field: string }) => c.field)).toEqual(['name', 'phone', 'ignore']);
    expect(problemOf(await upload(file, { mapping: { 手机: 'phone' } }))).toMatchObject({ status: 400, field: 'mapping.手机' });
    expect(problemOf(await upload(file, { mapping: '{not json' }))).toMatchObject({ status: 400, field: 'mapping' });
    expect(problemOf(await upload(file, { mapping: { 客户: 'shoe_size' } }))).toMatchObject({ status: 400, field: expect.stringMatching(/^mapping/) });
  });

  it('refuses files it cannot take, with a problem naming the file', async () => {
    expect(problemOf(await upload(Buffer.alloc(0)))).toMatchObject({ status: 400, field: 'file', detail: expect.stringContaining('empty') });
    expect(problemOf(await upload(Buffer.from('姓名,手机\r\n\r\n')))).toMatchObject({ status: 400, field: 'file', detail: expect.stringContaining('no customer rows') });
    expect(problemOf(await upload(Buffer.from('姓名,手机\n"丁,13907330004\n戊,13907330005\n')))).toMatchObject({ status: 400, field: 'file', detail: expect.stringContaining('malformed') });
    const lateQuote = Buffer.from(`姓名,手机\n${'己,13907330006\n'.repeat(60_000)}"庚,13907330007\n${'辛,13907330008\n'.repeat(1_000)}`);
    expect(problemOf(await upload(lateQuote))).toMatchObject({ status: 400, field: 'file', detail: expect.stringContaining('malformed') });
    expect(problemOf(await upload(Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), Buffer.alloc(600)]), {}, 'old.xls'))).toMatchObject({ status: 400, field: 'file', detail: expect.stringContaining('.xls') });
    expect(problemOf(await upload(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]), {}, 'broken.xlsx'))).toMatchObject({ status: 400, field: 'file' });
    expect(problemOf(await upload(Buffer.from([1, 2, 0, 0, 7, 8])))).toMatchObject({ status: 400, field: 'file' });

    const tooLarge = Buffer.alloc(5 * 1024 * 1024 + 1, 'a');
    expect(problemOf(await upload(tooLarge))).toMatchObject({ status: 413, field: 'file' });

    const tooManyRows = Buffer.from(`姓名\n${'某\n'.repeat(200_001)}`);
    expect(problemOf(await upload(tooManyRows))).toMatchObject({ status: 400, field: 'file', detail: expect.stringContaining('200,000') });

    const noFile = await am(await uploadRequest('/api/v1/imports', null, { dryRun: 'true' }));
    expect(problemOf(noFile)).toMatchObject({ status: 400, field: 'file' });
    const notMultipart = await am({ method: 'POST', url: '/api/v1/imports', payload: { file: 'x' } });
    expect(problemOf(notMultipart)).toMatchObject({ status: 400, field: 'file' });
  });

  it('imports the IBM telco churn file (7,043 rows, English headers) with customerID as the member id', async () => {
    // Kept in the repository with its notice (test-data/README.md), so a fresh clone tests it too.
    const sample = readFileSync(path.resolve(import.meta.dirname, '../../test-data/ibm-telco-customer-churn.csv'));
    // The sample has no names; a name is required, so each customer is named for the test as 客户 + its id.
    const bytes = Buffer.from(sample.toString('utf8').split(/\r?\n/).map((line, i) => (!line ? line : i === 0 ? `name,${line}` : `客户 ${line.split(',')[0]},${line}`)).join('\n'));
    const headers = bytes.toString('utf8').split(/\r?\n/)[0].split(',');
    const mapping = Object.fromEntries(headers.map((h) => [h, h === 'customerID' ? 'member_id' : h === 'name' ? 'name' : 'attribute']));
    const res = await upload(bytes, { mapping, dryRun: 'false', mode: 'all_or_nothing' }, 'ibm-telco-customer-churn.csv');
    expect(res.statusCode, res.body.slice(0, 500)).toBe(201);
    expect(res.json().import).toMatchObject({ totalRows: 7043, validRows: 7043, invalidRows: 0, duplicateRows: 0, createdCustomers: 7043 });

    const [first] = await rows<{ name: string; attributes: Record<string, string>; value: string; number: string }>(t.database.db, sql`
      select c.name, c.attributes, c.number, i.value from customers c join identities i on i.customer_id = c.id
      where i.kind = 'member_id' and i.value = '7590-VHVEG'`);
    expect(first).toMatchObject({ name: '客户 7590-VHVEG', attributes: { gender: 'Female', MonthlyCharges: '29.85', TotalCharges: '29.85', Churn: 'No' } });
    expect(first.number).toMatch(/^C\d+$/);
    // TotalCharges is blank for 11 new customers: the attribute is left out, not stored as "".
    const [{ n }] = await rows<{ n: number }>(t.database.db, sql`
      select count(*)::int as n from customers where import_id = ${res.json().import.id} and not attributes ? 'TotalCharges'`);
    expect(n).toBe(11);

    // The same file again: every row is now a duplicate of a customer the caller can see.
    const again = (await upload(bytes, { mapping })).json();
    expect(again.import).toMatchObject({ validRows: 0, duplicateRows: 7043 });
    expect(again.duplicates[0].existingCustomerId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
