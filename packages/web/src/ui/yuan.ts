/**
 * Money is typed in yuan (元) and sent in integer fen (分). Parsed from the text, not through
 * floating point: "19.99" is 1999 fen, never 1998.9999.
 */
export function yuanToFen(text: string | number | null | undefined): number | null {
  const m = /^(\d{1,10})(?:\.(\d{0,2}))?$/.exec(String(text ?? '').trim());
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** Fen as the plain yuan text an input holds ("1050" → "10.50"). */
export function fenToYuan(fen: number): string {
  return (fen / 100).toFixed(2);
}
