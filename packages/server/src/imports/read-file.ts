import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
// exceljs costs 0.4 s to load: it is loaded when the first workbook arrives, not at start.
import type ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { invalid, Problem } from '../platform/errors.ts';
import { tell } from './messages.ts';
import { checkWorkbookZip, maxWorkbookCells } from './xlsx-bounds.ts';

/** Past this a file is a migration project, not an upload; split it. */
export const maxImportRows = 200_000;

/** One row as the spreadsheet numbers it (the header is row 1), cells as text. */
export interface SourceRow {
  row: number;
  cells: string[];
}

export interface SourceFile {
  format: 'csv' | 'xlsx';
  encoding: string;
  /**
   * Every row (blank ones too, as empty cells), in batches (one async step per thousand rows, not
   * per row); throws a Problem when the file cannot be read.
   */
  batches: AsyncGenerator<SourceRow[]>;
}

/** Opens an uploaded customer file: XLSX by its bytes, anything else as delimited text. */
export function openSourceFile(bytes: Buffer): SourceFile {
  if (bytes.length === 0) throw invalid('file', { key: 'fileEmpty' });
  if (bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    return { format: 'xlsx', encoding: 'utf-8', batches: limited(xlsxRows(bytes)) };
  }
  if (bytes.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw invalid('file', tell('oldExcel'));
  }
  const { text, encoding } = decodeText(bytes);
  // Anywhere in the file, not only its first 8 KB: no column can hold a NUL, and the commit reads every row again.
  const nul = text.indexOf('\u0000');
  if (nul >= 0) throw invalid('file', tell('fileHasNul', { line: text.slice(0, nul).split('\n').length }));
  return { format: 'csv', encoding, batches: limited(csvRows(text)) };
}

/**
 * Chinese Excel saves CSV in GBK unless told otherwise, other tools in UTF-8 with or without
 * a BOM. Bytes that are valid UTF-8 are read as UTF-8; anything else as GB18030 (a superset of GBK).
 */
export function decodeText(bytes: Buffer): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: bytes.toString('utf8', 3), encoding: 'utf-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: iconv.decode(bytes.subarray(2), 'utf-16le'), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: iconv.decode(bytes.subarray(2), 'utf-16be'), encoding: 'utf-16be' };
  if (bytes.subarray(0, 8192).includes(0)) throw invalid('file', tell('notCsvOrXlsx'));
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(bytes, 'gb18030'), encoding: 'gb18030' };
  }
}

async function* limited(batches: AsyncGenerator<SourceRow[]>): AsyncGenerator<SourceRow[]> {
  let count = 0;
  for await (const rows of batches) {
    count += rows.filter((row) => row.cells.some((c) => c.trim() !== '')).length;
    // The header is not a customer.
    if (count > maxImportRows + 1) {
      throw invalid('file', tell('tooManyRows', { max: maxImportRows.toLocaleString('en') }));
    }
    if (rows.length) yield rows;
  }
}

/**
 * Tab-separated text is what Excel's "Unicode text" gives; semicolons come from European locales.
 * Judged on the widest of the first lines, as a title line above the header has no delimiter.
 */
function guessDelimiter(text: string): string {
  const firstLines = text.slice(0, 64 * 1024).split(/\r?\n/).slice(0, 30);
  const counts = [',', '\t', ';', '|'].map((d) => [d, Math.max(...firstLines.map((line) => line.split(d).length))] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

/** Slices of text into the streaming parser, the records of each slice out as one batch. */
async function* csvRows(text: string): AsyncGenerator<SourceRow[]> {
  // Blank lines are kept (as one empty cell) so that counting records counts lines.
  const parser = parse({ delimiter: guessDelimiter(text), relax_column_count: true, skip_empty_lines: false });
  let records: string[][] = [];
  let failure: unknown = null;
  parser.on('data', (record: string[]) => records.push(record));
  // A malformed file stops the parser: no 'drain' or 'end' comes after that, only this.
  const failed = new Promise<void>((resolve) => parser.once('error', (error) => { failure = error; resolve(); }));
  const ended = new Promise<void>((resolve) => parser.once('end', resolve));
  let line = 1;
  const take = () => {
    if (failure) {
      const error = failure as CsvError & { lines?: number };
      throw error instanceof CsvError ? invalid('file', tell('csvMalformed', { line: error.lines ?? line, reason: error.message })) : error;
    }
    const batch = records.map((cells) => {
      const row = { row: line, cells };
      // A quoted cell may span lines; the next row starts after them.
      line += 1;
      for (const cell of cells) if (cell.includes('\n')) line += cell.split('\n').length - 1;
      return row;
    });
    records = [];
    return batch;
  };
  const sliceLength = 256 * 1024;
  for (let i = 0; i < text.length && !failure; i += sliceLength) {
    if (!parser.write(text.slice(i, i + sliceLength))) await Promise.race([new Promise((resolve) => parser.once('drain', resolve)), failed]);
    await new Promise((resolve) => setImmediate(resolve));
    yield take();
  }
  if (!failure) parser.end();
  await Promise.race([ended, failed]);
  yield take();
}

async function* xlsxRows(bytes: Buffer): AsyncGenerator<SourceRow[]> {
  // Before a byte of it is parsed: a workbook that inflates past the bound is refused (zip bombs).
  const workbook = await checkWorkbookZip(bytes);
  let cells = 0;
  const { default: excel } = await import('exceljs');
  const reader = new excel.stream.xlsx.WorkbookReader(Readable.from([workbook]), {
    sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'emit',
  });
  try {
    // The first sheet is the data; the others are usually notes or lookups.
    for await (const worksheet of reader) {
      let batch: SourceRow[] = [];
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as ExcelJS.CellValue[];
        cells += values.length;
        if (cells > maxWorkbookCells) throw new Problem(413, 'Content Too Large', tell('workbookTooManyCells', { max: maxWorkbookCells.toLocaleString('en') }), { field: 'file' });
        batch.push({ row: row.number, cells: Array.from(values.slice(1), cellText) });
        if (batch.length === 1000) { yield batch; batch = []; }
      }
      yield batch;
      return;
    }
  } catch (error) {
    if (error instanceof Problem) throw error;
    throw invalid('file', tell('xlsxUnreadable', { reason: (error as Error).message }));
  }
}

/** A cell as the text a person sees; a date cell as its ISO date. */
export function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('formula' in value || 'sharedFormula' in value) {
      const result = (value as { result?: ExcelJS.CellValue }).result;
      return result === undefined ? `=${(value as { formula?: string }).formula ?? ''}` : cellText(result);
    }
    if ('text' in value) return String(value.text);
    if ('error' in value) return String(value.error);
    return '';
  }
  return String(value);
}
