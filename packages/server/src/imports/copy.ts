import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from '../platform/db/index.ts';

/** A value as COPY … (FORMAT csv) reads it: null is an unquoted empty field, anything else is quoted. */
export type CopyValue = string | number | boolean | null;

/** Rows per piece of the stream: enough text to keep the socket busy, little enough to keep memory flat. */
const rowsPerPiece = 1_000;

/**
 * The server connection a transaction runs on, for COPY; null on the embedded store. drizzle
 * keeps it as the transaction's session client (not a public API: without it we write by INSERT).
 */
export function serverConnectionOf(tx: Db): pg.Client | null {
  const client = (tx as unknown as { session?: { client?: unknown } }).session?.client;
  return client instanceof pg.Client ? client : null;
}

const quoted = (text: string) => `"${text.replace(/"/g, '""')}"`;
const csvField = (value: CopyValue) => (value === null ? '' : quoted(String(value)));

/** A text[] literal: each element double-quoted, its quotes and backslashes escaped the array's way. */
export function textArray(list: readonly string[]) {
  return `{${list.map((item) => `"${item.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/**
 * Streams rows into a table with COPY … FROM STDIN on the transaction's connection. A row that
 * breaks a constraint fails the whole COPY, as it would a multi-row INSERT.
 */
export async function copyRows(connection: pg.Client, table: string, columns: readonly string[], rows: readonly CopyValue[][]) {
  if (!rows.length) return;
  const statement = `copy ${pg.escapeIdentifier(table)} (${columns.map((c) => pg.escapeIdentifier(c)).join(', ')}) from stdin with (format csv)`;
  async function* pieces() {
    for (let i = 0; i < rows.length; i += rowsPerPiece) {
      let text = '';
      for (const row of rows.slice(i, i + rowsPerPiece)) text += `${row.map(csvField).join(',')}\n`;
      yield text;
    }
  }
  await pipeline(Readable.from(pieces()), connection.query(copyFrom(statement)));
}
