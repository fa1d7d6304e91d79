import ExcelJS from 'exceljs';
import fc from 'fast-check';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSourceFile, type SourceRow } from './read-file.ts';
import { deflated, zipOf, type Part } from './test-zip.ts';

/** A workbook of two sheets (customers first, a lookup after), with shared strings, a date and a number. */
async function workbookParts(): Promise<Part[]> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('客户').addRows([
    ['客户名称', '手机号码', '开户日期', '积分'],
    ['周一', '13907391001', new Date(Date.UTC(2024, 5, 1)), 120],
    ['周二', '13907391002', null, 0],
    ['周一', '13907391003', new Date(Date.UTC(2023, 0, 31)), 7.5],
  ]);
  book.addWorksheet('说明').addRows([['这张表不是客户'], ['周三', '13907391009']]);
  const zip = await JSZip.loadAsync(Buffer.from(await book.xlsx.writeBuffer()));
  const names = Object.keys(zip.files).filter((n) => !zip.files[n].dir);
  return Promise.all(names.map(async (name) => deflated(name, await zip.files[name].async('nodebuffer'))));
}

async function rowsOf(bytes: Buffer): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const batch of openSourceFile(bytes).batches) rows.push(...batch);
  return rows;
}

describe('a workbook whose zip holds its parts in any order', () => {
  let parts: Part[];
  let expected: SourceRow[];
  beforeAll(async () => {
    parts = await workbookParts();
    // The order exceljs writes (the workbook last) is one of those tried below; the sorted one is Excel's habit.
    expected = await rowsOf(zipOf([...parts].sort((a, b) => a.name.localeCompare(b.name))));
  });

  it('reads the first sheet, and only it, the same way', async () => {
    expect(expected.map((r) => r.cells.slice(0, 2))).toEqual([
      ['客户名称', '手机号码'], ['周一', '13907391001'], ['周二', '13907391002'], ['周一', '13907391003'],
    ]);
    expect(expected[1].cells[2]).toBe('2024-06-01');
  });

  it('gives the same rows for every order of its parts', async () => {
    // Shuffled by name, so that a failure prints the order that failed and not the bytes.
    const byName = new Map(parts.map((p) => [p.name, p]));
    await fc.assert(fc.asyncProperty(fc.shuffledSubarray([...byName.keys()], { minLength: parts.length }), async (names) => {
      expect(await rowsOf(zipOf(names.map((n) => byName.get(n)!)))).toEqual(expected);
    }), { numRuns: 60 });
  });

  it('gives the same rows when the parts come as exceljs wrote them', async () => {
    expect(await rowsOf(zipOf(parts))).toEqual(expected);
  });
});
