/**
 * What a partial update really changes: of the fields it names, those whose value differs from
 * the stored one. The audit trail records these, before → after, and nothing else; a change
 * that changes nothing is no change (null), so it writes nothing.
 */
export function changedFields<C extends Record<string, unknown>>(stored: Record<string, unknown>, change: C) {
  const keys = (Object.keys(change) as (keyof C & string)[])
    .filter((key) => change[key] !== undefined && !sameValue(stored[key], change[key]));
  if (!keys.length) return null;
  return { keys, set: pick(change, keys) as Partial<C>, before: pick(stored, keys) };
}

/** The named fields of a record (the audit's "after", as the database returned it). */
export function pick<T extends Record<string, unknown>>(record: T, keys: readonly string[]): Partial<T> {
  return Object.fromEntries(keys.map((key) => [key, record[key] ?? null])) as Partial<T>;
}

// jsonb keeps object keys in its own order: values are compared with keys sorted.
const canonical = (value: unknown) => JSON.stringify(value ?? null, (_key, v: unknown) => (
  v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : v));

const sameValue = (a: unknown, b: unknown) => canonical(a) === canonical(b);
