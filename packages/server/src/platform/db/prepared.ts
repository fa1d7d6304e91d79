import type { Db } from './index.ts';

const statements = new WeakMap<object, Map<string, unknown>>();

/**
 * A statement built once per database handle and, on a PostgreSQL server, parsed and planned
 * once per connection. For the queries every request runs (who is asking, one customer by id):
 * on them planning cost more than executing.
 */
export function prepared<T>(db: Db, name: string, build: (db: Db) => T): T {
  let byName = statements.get(db);
  if (!byName) statements.set(db, (byName = new Map()));
  let statement = byName.get(name) as T | undefined;
  if (!statement) byName.set(name, (statement = build(db)));
  return statement;
}
