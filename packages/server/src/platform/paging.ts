import { and, eq, gt, lt, or, type AnyColumn, type SQL } from 'drizzle-orm';
import { invalid } from './errors.ts';

/**
 * Keyset paging, the one way every list pages: a page is the rows past the last one of the
 * previous page in the list's order, so the thousandth page is as quick as the first and no
 * list counts its rows. The cursor is that last row's key, as base64url JSON, opaque to
 * clients; it is their text when it comes back, so each part is checked before it reaches SQL.
 */
export type KeyPart = 'instant' | 'uuid' | 'serial' | 'sortKey' | 'clientId';
type ValueOf<P extends KeyPart> = P extends 'instant' ? Date : P extends 'serial' ? number : string;
type Key<P extends readonly KeyPart[]> = { [I in keyof P]: ValueOf<P[I]> };
type KeyValue = string | number | Date;

const readers: Record<KeyPart, (v: unknown) => KeyValue | undefined> = {
  // Exactly as the server writes it: a date that rolled over, or a bare number, does not read back the same.
  instant: (v) => {
    if (typeof v !== 'string') return undefined;
    const at = new Date(v);
    return !Number.isNaN(at.getTime()) && at.toISOString() === v ? at : undefined;
  },
  uuid: (v) => (typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v) ? v : undefined),
  serial: (v) => (typeof v === 'string' && /^\d{1,15}$/.test(v) ? Number(v) : undefined),
  // A name's sort key (customers/name-sort.ts): seven characters of [0-9a-z] per character of a name of at most 200.
  sortKey: (v) => (typeof v === 'string' && /^[0-9a-z]{0,1400}$/.test(v) ? v : undefined),
  // An id a browser made (the tracker's visitor id), in the shape ingest accepts.
  clientId: (v) => (typeof v === 'string' && /^[A-Za-z0-9_-]{8,64}$/.test(v) ? v : undefined),
};

export function encodeCursor(key: readonly KeyValue[]): string {
  const parts = key.map((v) => (v instanceof Date ? v.toISOString() : String(v)));
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/** The key a cursor of this list holds, or a 400 naming the cursor: anything else is forged or from another list. */
export function decodeCursor<const P extends readonly KeyPart[]>(cursor: string, parts: P): Key<P> {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch { /* refused below */ }
  if (Array.isArray(decoded) && decoded.length === parts.length) {
    const key = parts.map((part, i) => readers[part](decoded[i]));
    if (key.every((v) => v !== undefined)) return key as Key<P>;
  }
  throw invalid('cursor', { key: 'badCursor' });
}

/** The rows past a key in the list's order: (a, b) after (x, y) is a > x, or a = x and b > y. */
export function pastKey(columns: readonly AnyColumn[], key: readonly KeyValue[], direction: 'asc' | 'desc'): SQL {
  const past = direction === 'desc' ? lt : gt;
  const [column, ...rest] = columns;
  const [value, ...restKey] = key;
  if (!rest.length) return past(column, value);
  return or(past(column, value), and(eq(column, value), pastKey(rest, restKey, direction)))!;
}

/**
 * A page from rows read with one more than the limit: the extra row only says there is a next
 * page, whose cursor is the key of the page's last row.
 */
export function pageOf<T>(rows: T[], limit: number, keyOf: (last: T) => readonly KeyValue[]): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}
