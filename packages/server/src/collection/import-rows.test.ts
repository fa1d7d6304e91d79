import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { csvText, uploadRequest } from './test-uploads.ts';

let t: TestApp;
let am: Client; // Changsha account manager

interface Reported { row: number; field: string; column: string | null; message: string }

/** A dry run of a CSV file made of `rows` (the header first): the report as the console gets it. */
const dryRun = async (rows: string[][], fields: Record<string, string | object> = {}, language = 'en') => {
  const request = await uploadRequest('/api/v1/imports', { name: '客户.csv', bytes: Buffer.from(csvText(rows)) }, { dryRun: 'true', ...fields });
  const res = await am({ ...request, headers: { ...request.headers, 'accept-language': language } });
  expect(res.statusCode, res.body.slice(0, 500)).toBe(201);
  return res.json() as { errors: Reported[]; errorCount: number; import: { id: string; validRows: number; invalidRows: number } };
};

beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  am = await t.as('cs.am1');
});
afterAll(() => t.close());

describe('an import row without a name', () => {
  const rows: { name: string; header: string[]; row: string[]; column: string | null; message: RegExp }[] = [
    { name: 'an empty name cell beside a phone', header: ['客户名称', '手机号码'], row: ['', '13907340001'], column: '客户名称', message: /name is empty/ },
    { name: 'a name of spaces only', header: ['客户名称', '手机号码'], row: ['   ', '13907340002'], column: '客户名称', message: /name is empty/ },
    { name: 'a name of full-width spaces only', header: ['姓名', '邮箱'], row: ['\u3000\u3000', 'a@example.cn'], column: '姓名', message: /name is empty/ },
    { name: 'an empty name beside an ID number', header: ['姓名', '身份证号'], row: ['', '11010519491231002X'], column: '姓名', message: /name is empty/ },
    { name: 'a file without a name column', header: ['手机号码', '会员号'], row: ['13907340003', 'M-1'], column: null, message: /no name column/ },
  ];
  for (const { name, header, row, column, message } of rows) {
    it(`is an error saying so, not a customer named after its phone: ${name}`, async () => {
      const report = await dryRun([header, row]);
      expect(report.import).toMatchObject({ validRows: 0, invalidRows: 1 });
      expect(report.errors).toEqual([expect.objectContaining({ row: 2, field: 'name', column, message: expect.stringMatching(message) })]);
    });
  }

  it('tells why in Chinese too', async () => {
    const report = await dryRun([['客户名称', '手机号码'], ['', '13907340004']], {}, 'zh-CN');
    expect(report.errors[0].message).toBe('客户名称为空，每位客户都必须有名称。');
  });
});
