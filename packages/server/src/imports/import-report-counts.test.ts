import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { csvText, idNumberFor, uploadRequest } from './test-uploads.ts';

let t: TestApp;
let am: Client;

interface Report {
  import: { id: string; totalRows: number; validRows: number; invalidRows: number; duplicateRows: number };
  errorCount: number; duplicateCount: number; warningCount: number; mergedCount: number;
  errors: { row: number }[]; duplicates: { row: number }[]; warnings: { row: number }[];
}

const upload = async (rows: string[][], fields: Record<string, string> = {}) => {
  const res = await am(await uploadRequest('/api/v1/imports', { name: '客户.csv', bytes: Buffer.from(csvText(rows)) }, { dryRun: 'true', ...fields }));
  expect(res.statusCode, res.body.slice(0, 300)).toBe(201);
  return res.json() as Report;
};

/** Every entry of one of a report's lists, page by page. */
async function wholeList(importId: string, list: string, limit = 7) {
  const items: { row: number; message?: string }[] = [];
  let total = -1;
  for (let offset = 0; total < 0 || offset < total; offset += limit) {
    const res = await am({ method: 'GET', url: `/api/v1/imports/${importId}/findings/${list}?offset=${offset}&limit=${limit}` });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const page = res.json();
    total = page.total;
    items.push(...page.items);
    if (!page.items.length) break;
  }
  return { total, items };
}

/** The counts a screen shows, each against the list it counts. */
async function expectCountsAgree(report: Report) {
  const errors = await wholeList(report.import.id, 'errors');
  const duplicates = await wholeList(report.import.id, 'duplicates');
  const warnings = await wholeList(report.import.id, 'warnings');
  expect(errors.items).toHaveLength(report.errorCount);
  expect(errors.total).toBe(report.errorCount);
  expect(new Set(errors.items.map((e) => e.row)).size).toBe(report.import.invalidRows);
  expect(duplicates.items).toHaveLength(report.duplicateCount);
  expect(report.duplicateCount).toBe(report.import.duplicateRows);
  expect(new Set(duplicates.items.map((d) => d.row)).size).toBe(report.import.duplicateRows);
  expect(warnings.items).toHaveLength(report.warningCount);
  expect(report.import.validRows + report.import.invalidRows + report.import.duplicateRows).toBe(report.import.totalRows);
  // The inline lists are the first page of the whole, never another selection.
  expect(report.errors.map((e) => e.row)).toEqual(errors.items.slice(0, report.errors.length).map((e) => e.row));
}

beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  am = await t.as('cs.am1');
});
afterAll(() => t.close());

describe('the counts of an import report', () => {
  it('say 20 duplicates when the same 20-row file is imported again, one per row whatever its identities', async () => {
    const file = [['客户名称', '手机号码', '邮箱', '身份证号'],
      ...Array.from({ length: 20 }, (_, i) => [`重导${i}`, `1390738${String(i).padStart(4, '0')}`, `again${i}@example.cn`, idNumberFor('1980-01-01', 100 + i)])];
    const first = await upload(file, { dryRun: 'false', mode: 'all_or_nothing' });
    expect(first.import).toMatchObject({ validRows: 20 });
    const again = await upload(file);
    expect(again.import).toMatchObject({ totalRows: 20, validRows: 0, duplicateRows: 20 });
    expect(again.duplicateCount).toBe(20);
    await expectCountsAgree(again);
  });

  it('page every list past its first hundred entries, never cutting it short', async () => {
    const file = [['客户名称', '手机号码'], ...Array.from({ length: 130 }, (_, i) => [`坏号${i}`, `12${i}`])];
    const report = await upload(file);
    expect(report.errorCount).toBe(130);
    expect(report.errors).toHaveLength(100);
    const all = await wholeList(report.import.id, 'errors', 50);
    expect(all.items.map((e) => e.row)).toEqual(Array.from({ length: 130 }, (_, i) => i + 2));
    const past = await am({ method: 'GET', url: `/api/v1/imports/${report.import.id}/findings/errors?offset=500` });
    expect(past.json()).toMatchObject({ total: 130, items: [] });
    expect((await am({ method: 'GET', url: `/api/v1/imports/${report.import.id}/findings/errors?limit=5000` })).statusCode).toBe(400);
    expect((await am({ method: 'GET', url: `/api/v1/imports/${report.import.id}/findings/secrets` })).statusCode).toBe(400);
    const zhuzhou = await t.as('zz.am1');
    expect((await zhuzhou({ method: 'GET', url: `/api/v1/imports/${report.import.id}/findings/errors` })).statusCode).toBe(404);
  });

  it('agree with the lists they count, for any mix of good, bad, blank and duplicate rows', async () => {
    let n = 0;
    const kinds = fc.constantFrom('good', 'noName', 'badPhone', 'badDate', 'twoErrors', 'sameAsEarlier', 'blank', 'wordInNumber');
    await fc.assert(fc.asyncProperty(fc.array(kinds, { minLength: 1, maxLength: 40 }), async (plan) => {
      n++;
      const rows = [['客户名称', '手机号码', '出生日期', '积分']];
      const phones: string[] = [];
      plan.forEach((kind, i) => {
        const phone = `1390739${String(n * 100 + i).padStart(4, '0')}`.slice(0, 11);
        if (kind !== 'sameAsEarlier') phones.push(phone);
        rows.push(
          kind === 'good' ? [`好${i}`, phone, '1990-01-01', String(i)]
            : kind === 'noName' ? ['', phone, '', '1']
              : kind === 'badPhone' ? [`坏${i}`, '12345', '', '2']
                : kind === 'badDate' ? [`日${i}`, phone, '1990-02-30', '3']
                  : kind === 'twoErrors' ? ['', '999', '', '4']
                    : kind === 'sameAsEarlier' ? [`重${i}`, phones[0] ?? phone, '', '5']
                      : kind === 'blank' ? ['', '', '', '']
                        : [`词${i}`, phone, '', '很多'],
        );
      });
      if (plan.every((k) => k === 'blank')) return;
      await expectCountsAgree(await upload(rows));
    }), { numRuns: 12, seed: 15 });
  });
});
