import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
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
    expect(res.body.startsWith('\uFEFFcustomer_number,name')).toBe(true);
    expect(res.body).toContain(`"'=HYPERLINK(""http://evil.example"",""点我"")"`);
    expect(res.body).toContain('+8613307319999');
    const lines = res.body.trim().split('\r\n').slice(1);
    expect(lines.every((line) => line.includes(',key,'))).toBe(true);
  });

  it('quotes separators and prefixes every formula trigger, but leaves plain numbers alone', () => {
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('+8613800000000')).toBe('+8613800000000');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('\tcmd')).toBe("'\tcmd");
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
