import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { sql } from 'drizzle-orm';
import { csvCell } from './export.ts';

let t: TestApp;
let am: Client;
beforeAll(async () => {
  t = await startTestApp({ customers: 30 });
  am = await t.as('cs.am1');
});
afterAll(() => t.close());

describe('export and hostile input', () => {
  it('stores SQL-looking and script-looking text verbatim, and finds it again', async () => {
    const name = "Robert'); DROP TABLE customers;--";
    const res = await am({ method: 'POST', url: '/api/v1/customers', payload: { name, note: '<script>alert(1)</script>' } });
    expect(res.statusCode).toBe(201);
    expect(res.json().name).toBe(name);
    expect(res.json().note).toBe('<script>alert(1)</script>');
    const found = (await am({ method: 'GET', url: `/api/v1/customers?q=${encodeURIComponent("drop table")}` })).json().items;
    expect(found.map((c: { name: string }) => c.name)).toContain(name);
  });

  it('exports the filtered list as CSV with a BOM, and defuses cells Excel would run as formulas', async () => {
    await am({ method: 'POST', url: '/api/v1/customers', payload: { name: '=HYPERLINK("http://evil.example","点我")', tier: 'key', identities: [{ kind: 'phone', value: '13307319999' }] } });
    const res = await am({ method: 'GET', url: '/api/v1/customers/export.csv?tier=key' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.body.startsWith('\uFEFFCustomer number,Name')).toBe(true);
    expect(res.body).toContain(`"'=HYPERLINK(""http://evil.example"",""点我"")"`);
    expect(res.body).toContain(",'+8613307319999,");
    const lines = res.body.trim().split('\r\n').slice(1);
    expect(lines.every((line) => line.includes(',Key account,'))).toBe(true);
  });

  it.each([
    ['@SUM(A1)', "'@SUM(A1)"], ['-2+3', "'-2+3"], ['=1+1', "'=1+1"], ['+8613800000000', "'+8613800000000"],
    ['+86 138 0000 0000 +8613900000000', "'+86 138 0000 0000 +8613900000000"], ['+1+cmd|\' /C calc\'!A0', "'+1+cmd|' /C calc'!A0"],
    ['\tcmd', "'\tcmd"], ['\rcmd', `"'\rcmd"`], ['a,b', '"a,b"'], ['138****5678', '138****5678'], ['张三', '张三'],
  ])('writes the cell %j as %j: every formula trigger, a phone in E.164 included, shows as text', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('writes headings and codes in the reader\'s language and times in the operator\'s zone', async () => {
    const made = (await am({ method: 'POST', url: '/api/v1/customers', payload: { name: '导出语言', kind: 'enterprise', tier: 'key', customerSince: '2019-03-01' } })).json();
    await t.database.db.execute(sql`update customers set created_at = '2026-01-31T17:30:00Z' where id = ${made.id}`);
    const q = `q=${encodeURIComponent('导出语言')}`;
    const zh = (await am({ method: 'GET', url: `/api/v1/customers/export.csv?${q}&lang=zh-CN` })).body.trim().split('\r\n');
    expect(zh[0]).toBe('客户编号,客户名称,客户类型,客户等级,状态,所属单位,客户经理,电话,电子邮箱,入网日期,创建时间（Asia/Shanghai）');
    expect(zh[1]).toBe(`${made.number},导出语言,政企客户,重点客户,正常,长沙公众客户部,长沙客户经理一,,,2019-03-01,2026-02-01 01:30:00`);
    const en = (await am({ method: 'GET', url: `/api/v1/customers/export.csv?${q}`, headers: { 'accept-language': 'en-GB,en;q=0.9' } })).body.trim().split('\r\n');
    expect(en[0]).toBe('Customer number,Name,Kind,Tier,Status,Unit,Account manager,Phones,E-mails,Customer since,Created (Asia/Shanghai)');
    expect(en[1]).toBe(`${made.number},导出语言,Enterprise,Key account,Active,Changsha public customers,长沙客户经理一,,,2019-03-01,2026-02-01 01:30:00`);
    // The request's language when the address names none.
    const byHeader = (await am({ method: 'GET', url: `/api/v1/customers/export.csv?${q}`, headers: { 'accept-language': 'zh-CN,zh;q=0.9' } })).body;
    expect(byHeader.startsWith('\uFEFF客户编号')).toBe(true);
  });

  it('writes times in the configured time zone', async () => {
    const other = await startTestApp({ customers: 0, config: { timeZone: 'Europe/London' } });
    try {
      const client = await other.as('cs.am1');
      const made = (await client({ method: 'POST', url: '/api/v1/customers', payload: { name: '伦敦时间' } })).json();
      await other.database.db.execute(sql`update customers set created_at = '2026-07-01T12:00:00Z' where id = ${made.id}`);
      const csv = (await client({ method: 'GET', url: '/api/v1/customers/export.csv?lang=en' })).body.trim().split('\r\n');
      expect(csv[0].endsWith('Created (Europe/London)')).toBe(true);
      expect(csv[1].endsWith(',2026-07-01 13:00:00')).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('finds a customer by a fragment of the ID number, and by full number with a lower-case x', async () => {
    const res = await am({ method: 'POST', url: '/api/v1/customers', payload: { name: '证件测试', identities: [{ kind: 'id_number', value: '11010519491231002X' }] } });
    expect(res.statusCode, res.body).toBe(201);
    for (const q of ['19491231', '11010519491231002x', '1231002X']) {
      const items = (await am({ method: 'GET', url: `/api/v1/customers?q=${q}` })).json().items;
      expect(items.map((c: { name: string }) => c.name), q).toContain('证件测试');
    }
  });
});
