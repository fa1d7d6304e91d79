import { getTableColumns, getTableName, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from './index.ts';

/**
 * Inserts many rows in one statement with a single JSON parameter, unpacked by
 * `jsonb_to_recordset`. Thousands of bound parameters are slow to bind (very slow on the
 * embedded database); one JSON document is parsed by PostgreSQL at native speed. Rows that
 * leave different columns to their defaults go in separate statements.
 */
export async function insertMany<T extends PgTable>(db: Db, table: T, values: T['$inferInsert'][]): Promise<void> {
  const shapes = new Map<string, T['$inferInsert'][]>();
  for (const row of values) {
    const key = Object.keys(row).filter((k) => (row as Record<string, unknown>)[k] !== undefined).sort().join();
    const group = shapes.get(key);
    if (group) group.push(row);
    else shapes.set(key, [row]);
  }
  for (const rows of shapes.values()) await insertSameShape(db, table, rows);
}

async function insertSameShape<T extends PgTable>(db: Db, table: T, values: T['$inferInsert'][]): Promise<void> {
  const columns = Object.entries(getTableColumns(table))
    .filter(([key]) => (values[0] as Record<string, unknown>)[key] !== undefined);
  const records = values.map((row) => Object.fromEntries(columns.map(([key, column]) => {
    const value = (row as Record<string, unknown>)[key];
    return [column.name, value instanceof Date ? value.toISOString() : value ?? null];
  })));
  const names = sql.raw(columns.map(([, c]) => `"${c.name}"`).join(', '));
  const shape = sql.raw(columns.map(([, c]) => `"${c.name}" ${c.getSQLType()}`).join(', '));
  await db.execute(sql`insert into ${sql.raw(`"${getTableName(table)}"`)} (${names})
    select ${names} from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r(${shape})`);
}
