import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { csvText, uploadRequest } from './test-uploads.ts';

let t: TestApp;
let am: Client; // Changsha account manager

const upload = async (bytes: Buffer, name: string, fields: Record<string, string | object> = {}, language = 'en') => {
  const request = await uploadRequest('/api/v1/imports', { name, bytes }, { dryRun: 'true', ...fields });
  return am({ ...request, headers: { ...request.headers, 'accept-language': language } });
};

/** A workbook of one sheet, rows as given ([] is a row nobody wrote in). */
async function workbook(rows: (string | number | Date | null)[][]) {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('客户清单');
  rows.forEach((cells, i) => { if (cells.length) sheet.getRow(i + 1).values = cells; });
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** What an office export of a province's customers looks like: a title, a note and a blank row above the header, a sum below. */
const officeExport = [
  ['湖南省分公司 客户清单'], //                                            1 title
  ['导出时间：2024-06-01 08:00　导出人：省公司'], //                           2 note
  [], //                                                                     3 blank
  ['序号', '客户名称', '手机号码', '性别', '备注'], //                           4 header
  [1, '曾一', '13907350001', '男', ''], //                                   5
  [2, '曾二', '13907350002', '女', ''], //                                   6
  [], //                                                                     7 blank
  [3, '曾三', '13907350003', '', '老客户'], //                                8
  ['合计', '', '', '', '3 户'], //                                            9 a sum
  ['', '', '', '', ''], //                                                   10 blank (written as empty cells)
];

beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  am = await t.as('cs.am1');
});
afterAll(() => t.close());

describe('the header row of an import file', () => {
  it('is found below the title, note and blank rows of an XLSX; blank and sum rows are skipped and counted, not customers', async () => {
    const res = await upload(await workbook(officeExport), '客户清单.xlsx');
    expect(res.statusCode, res.body.slice(0, 500)).toBe(201);
    const report = res.json();
    expect(report.headerRow).toBe(4);
    expect(report.columns.map((c: { column: string }) => c.column)).toEqual(['序号', '客户名称', '手机号码', '性别', '备注']);
    expect(report.columns.map((c: { field: string }) => c.field)).toEqual(['attribute', 'name', 'phone', 'gender', 'note']);
    expect(report.import).toMatchObject({ totalRows: 3, validRows: 3, invalidRows: 0 });
    expect(report.errors).toEqual([]);
    expect(report.skipped).toEqual({ blankRows: 2, summaryRows: [9] });
  });

  it('is found below a title line of a CSV, whatever its delimiter', async () => {
    for (const [name, text] of [
      ['comma', `客户清单（2024年6月）\r\n\r\n${csvText([['客户名称', '手机号码'], ['彭一', '13907350011'], ['总计', '1']])}`],
      ['tab', '客户清单（2024年6月）\n客户名称\t手机号码\n彭二\t13907350012\n'],
    ]) {
      const report = (await upload(Buffer.from(text), '客户.csv')).json();
      expect(report.headerRow, name).toBe(name === 'comma' ? 3 : 2);
      expect(report.columns.map((c: { field: string }) => c.field), name).toEqual(['name', 'phone']);
      expect(report.import, name).toMatchObject({ totalRows: 1, validRows: 1 });
    }
  });

  it('can be chosen (headerRow), and the commit reads the file from the row chosen', async () => {
    // No known column names: the widest of the first rows is taken, and the user picks another.
    const file = await workbook([['Report'], ['Region', 'Count'], ['客户名称', '手机号码'], ['邓一', '13907350021'], ['邓二', '13907350022']]);
    const guessed = (await upload(file, 'report.xlsx')).json();
    expect(guessed.headerRow).toBe(3);
    const chosen = (await upload(file, 'report.xlsx', { headerRow: '2' })).json();
    expect(chosen.headerRow).toBe(2);
    expect(chosen.columns.map((c: { column: string }) => c.column)).toEqual(['Region', 'Count']);
    const right = (await upload(file, 'report.xlsx', { headerRow: '3' })).json();
    expect(right.import).toMatchObject({ totalRows: 2, validRows: 2 });
    const commit = await am({ method: 'POST', url: `/api/v1/imports/${right.import.id}/commit`, payload: { mode: 'all_or_nothing' } });
    expect(commit.statusCode, commit.body.slice(0, 300)).toBe(200);
    expect(commit.json()).toMatchObject({ headerRow: 3, import: { createdCustomers: 2 } });
    const again = (await am({ method: 'GET', url: `/api/v1/imports/${right.import.id}` })).json();
    expect(again.headerRow).toBe(3);
  });

  it('refuses a chosen header row that is blank or past the end, naming headerRow', async () => {
    const file = await workbook(officeExport);
    for (const headerRow of ['3', '99', '0', 'x']) {
      const res = await upload(file, '客户清单.xlsx', { headerRow }, 'zh-CN');
      expect(res.statusCode, headerRow).toBe(400);
      expect(res.json().field, headerRow).toBe('headerRow');
      expect(res.json().detail, headerRow).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('tells a row wider than its header in words that fit the file: no commas to quote in an XLSX', async () => {
    const xlsx = (await upload(await workbook([['客户名称', '手机号码'], ['宽一', '13907350031', '多余']]), 'wide.xlsx')).json();
    expect(xlsx.errors).toEqual([expect.objectContaining({ row: 2, field: 'row', message: expect.not.stringMatching(/comma|quote/) })]);
    const xlsxZh = (await upload(await workbook([['客户名称', '手机号码'], ['宽二', '13907350032', '多余']]), 'wide.xlsx', {}, 'zh-CN')).json();
    expect(xlsxZh.errors[0].message).not.toMatch(/逗号|引号/);
    const csv = (await upload(Buffer.from('客户名称,手机号码\n宽三,13907350033,多余\n'), 'wide.csv')).json();
    expect(csv.errors[0].message).toMatch(/comma/);
  });
});
