import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from './index.ts';

/** A value as COPY … (FORMAT csv) reads it: null is an unquoted empty field, anything else is quoted. */
export type CopyValue = string | number | boolean | null;

/** Rows per piece of the stream: enough text to keep the socket busy, little enough to keep memory flat. */
const rowsPerPiece = 1_000;

/** Where a transaction's COPY goes: the server connection it runs on, or the embedded store's transaction. */
export type CopyTarget =
  | { kind: 'server'; connection: pg.Client }
  | { kind: 'embedded'; transaction: { query(statement: string, params: unknown[], options: { blob: Blob }): Promise<unknown> } };

/**
 * drizzle keeps the connection (PGlite: the transaction) as the transaction's session client;
 * not a public API, so without one the caller writes by INSERT.
 */
export function copyTargetOf(tx: Db): CopyTarget | null {
  const client = (tx as unknown as { session?: { client?: unknown } }).session?.client;
  if (client instanceof pg.Client) return { kind: 'server', connection: client };
  // PGlite's transaction object (it has rollback; the PGlite instance itself is not inside one).
  const embedded = client as { query?: unknown; rollback?: unknown } | undefined;
  if (typeof embedded?.query === 'function' && typeof embedded.rollback === 'function') return { kind: 'embedded', transaction: client as never };
  return null;
}

/** The server connection a transaction runs on; null on the embedded store. */
export function serverConnectionOf(tx: Db): pg.Client | null {
  const target = copyTargetOf(tx);
  return target?.kind === 'server' ? target.connection : null;
}

const quoted = (text: string) => `"${text.replace(/"/g, '""')}"`;
const csvField = (value: CopyValue) => (value === null ? '' : quoted(String(value)));

/** A text[] literal: each element double-quoted, its quotes and backslashes escaped the array's way. */
export function textArray(list: readonly string[]) {
  return `{${list.map((item) => `"${item.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/**
 * Writes rows into a table with COPY: streamed from STDIN on a server connection, handed over
 * whole as '/dev/blob' on PGlite. A row that breaks a constraint fails the whole COPY, as it
 * would a multi-row INSERT.
 */
export async function copyRows(target: CopyTarget, table: string, columns: readonly string[], rows: readonly CopyValue[][]) {
  if (!rows.length) return;
  const into = `copy ${pg.escapeIdentifier(table)} (${columns.map((c) => pg.escapeIdentifier(c)).join(', ')})`;
  if (target.kind === 'embedded') {
    await target.transaction.query(`${into} from '/dev/blob' with (format csv)`, [], { blob: new Blob([...csvPieces(rows)]) });
  } else {
    await pipeline(Readable.from(csvPieces(rows)), target.connection.query(copyFrom(`${into} from stdin with (format csv)`)));
  }
}

function* csvPieces(rows: readonly CopyValue[][]) {
  for (let i = 0; i < rows.length; i += rowsPerPiece) {
    let text = '';
    for (const row of rows.slice(i, i + rowsPerPiece)) text += `${row.map(csvField).join(',')}\n`;
    yield text;
  }
}
