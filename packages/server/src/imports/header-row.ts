import { invalid } from '../platform/errors.ts';
import { isKnownHeader } from './columns.ts';
import { tell } from './messages.ts';
import type { SourceRow } from './read-file.ts';

/** Office exports put a title, the export time and notes above the header; this many rows are looked at. */
const rowsLookedAt = 30;

/** The header and the rows after it, in batches as the file gives them. */
export interface SheetRows {
  header: SourceRow;
  batches: AsyncGenerator<SourceRow[]>;
}

export const isBlankRow = (cells: string[]) => cells.every((c) => c.trim() === '');

/**
 * 合计 / 总计 / 小计 / Total — the sums a spreadsheet puts under its rows: no customer. A row is
 * one when a cell of its first three says so and it has no more text than a sum has.
 */
const summaryWords = /^(合计|总计|小计|共计|总合计|累计|total|subtotal|grand\s*total)\s*[:：]?\s*$/i;
export function isSummaryRow(cells: string[]): boolean {
  return cells.slice(0, 3).some((c) => summaryWords.test(c.normalize('NFKC').trim()));
}

/**
 * The header of a sheet: the row chosen (`headerRow`, as the spreadsheet numbers it), or else the
 * first row that looks most like one among the first rows — the most cells naming known columns,
 * or, where no cell does, the first row as wide as the widest (a title or a note is one cell).
 */
export async function splitAtHeader(batches: AsyncGenerator<SourceRow[]>, headerRow?: number): Promise<SheetRows> {
  const seen: SourceRow[] = [];
  let isDone = false;
  while (!isDone) {
    const next = await batches.next();
    if (next.done) break;
    for (const row of next.value) seen.push(row);
    const nonBlank = seen.filter((r) => !isBlankRow(r.cells)).length;
    isDone = headerRow ? seen.some((r) => r.row >= headerRow) : nonBlank >= rowsLookedAt;
  }
  const candidates = seen.filter((r) => !isBlankRow(r.cells));
  if (!candidates.length) throw invalid('file', tell('fileHasNoRows'));
  let header: SourceRow | undefined;
  if (headerRow) {
    header = candidates.find((r) => r.row === headerRow);
    if (!header) throw invalid('headerRow', tell('noSuchHeaderRow', { row: headerRow }));
  } else {
    header = likeliestHeader(candidates.slice(0, rowsLookedAt));
  }
  const after = seen.filter((r) => r.row > header.row);
  return { header, batches: prepend(after, batches) };
}

function likeliestHeader(rows: SourceRow[]): SourceRow {
  const known = rows.map((r) => r.cells.filter(isKnownHeader).length);
  const mostKnown = Math.max(...known);
  if (mostKnown > 0) return rows[known.indexOf(mostKnown)];
  const filled = rows.map((r) => r.cells.filter((c) => c.trim() !== '').length);
  return rows[filled.indexOf(Math.max(...filled))];
}

async function* prepend(first: SourceRow[], rest: AsyncGenerator<SourceRow[]>): AsyncGenerator<SourceRow[]> {
  if (first.length) yield first;
  yield* rest;
}
