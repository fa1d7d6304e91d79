import type { InjectOptions } from 'fastify';
import { idNumberCheck } from '../customers/identity-values.ts';

/** A multipart/form-data request carrying a file in the field "file" and text fields beside it. */
export async function uploadRequest(
  url: string, file: { name: string; bytes: Buffer | Uint8Array } | null, fields: Record<string, string | object> = {},
): Promise<InjectOptions> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, typeof value === 'string' ? value : JSON.stringify(value));
  if (file) form.append('file', new Blob([new Uint8Array(file.bytes)]), file.name);
  const request = new Request('http://test.local', { method: 'POST', body: form });
  return {
    method: 'POST', url,
    headers: { 'content-type': request.headers.get('content-type')! },
    payload: Buffer.from(await request.arrayBuffer()),
  };
}

/** A valid 18-character ID card number for a birth date, numbered by `n`. */
export function idNumberFor(birth: string, n: number) {
  const first17 = `430104${birth.replace(/-/g, '')}${String(n % 1000).padStart(3, '0')}`;
  return first17 + idNumberCheck(first17);
}

/** CSV text from rows, quoting only where CSV needs it. */
export function csvText(rows: string[][], lineEnd = '\r\n') {
  return rows.map((r) => r.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join(lineEnd) + lineEnd;
}

/** Parses a CSV answer back into rows (for checking the error report). */
export function parseCsvAnswer(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let isQuoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (isQuoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') isQuoted = false; else cell += ch;
    } else if (ch === '"') isQuoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; } else if (ch === '\n') { row.push(cell.replace(/\r$/, '')); rows.push(row); row = []; cell = ''; } else cell += ch;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}
