import type { ImportMapping } from '@xiang/shared';
import type { Db } from '../platform/db/index.ts';
import type { BlobStore } from '../platform/blobs.ts';
import { conflict } from '../platform/errors.ts';
import { say, type Language, type Said } from '../platform/messages.ts';
import { tell } from './messages.ts';
import type { Scope } from '../platform/scope.ts';
import { csvCell } from '../customers/export.ts';
import { checkFile } from './check.ts';
import { openSourceFile } from './read-file.ts';
import { splitAtHeader } from './header-row.ts';
import { loadImport } from './service.ts';
import { mergedRowsOf } from './merge.ts';

/**
 * 错误报告 — every row the import cannot take, as it was in the file, with why in front. The
 * two added columns are ignored when the corrected file is uploaded again. Cells are written
 * CSV-injection-safe: a customer's "=cmd|…" stays text when the report is opened in Excel.
 */
export async function importErrorsCsv(db: Db, blobs: BlobStore, scope: Scope, importId: string, language: Language = 'en') {
  const row = await loadImport(db, scope, importId);
  const bytes = await blobs.get(row.fileSha256);
  if (!bytes) throw conflict(tell('fileNoLongerStored'), { field: 'file' });
  const check = await checkFile(db, scope, bytes, { mapping: row.mapping as ImportMapping, headerRow: row.headerRow }, { importId: row.id });
  const problems = new Map<number, string[]>();
  const told = (said: Said) => say(said, language);
  const note = (r: number, message: string) => problems.set(r, [...(problems.get(r) ?? []), message]);
  for (const e of check.errors) note(e.row, e.column ? `${e.column}: ${told(e.said)}` : told(e.said));
  // Once committed, rows merged into existing customers were taken; they are no longer problems.
  const merged = row.status === 'committed' && row.mergedRows > 0 ? await mergedRowsOf(db, row.id) : new Set<number>();
  for (const d of check.duplicates) if (!merged.has(d.row)) note(d.row, told(d.said));
  // Checked before the answer starts, so a 404 is a 404 and not a broken download.
  return { fileName: row.fileName, lines: errorLines(bytes, check.headerRow, check.headerCells, problems) };
}

async function* errorLines(bytes: Buffer, headerRow: number, headerCells: string[], problems: Map<number, string[]>): AsyncGenerator<string> {
  const line = (cells: string[]) => `${cells.map(csvCell).join(',')}\r\n`;
  // UTF-8 with a BOM so Excel shows Chinese correctly.
  yield `\uFEFF${line(['导入错误 (error)', '原行号 (row)', ...headerCells])}`;
  let batch = '';
  const sheet = await splitAtHeader(openSourceFile(bytes).batches, headerRow);
  for await (const rows of sheet.batches) {
    for (const { row: r, cells } of rows) {
      const messages = problems.get(r);
      if (messages) batch += line([messages.join('; '), String(r), ...cells]);
    }
    if (batch.length > 64_000) { yield batch; batch = ''; }
  }
  if (batch) yield batch;
}
