import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { isInScope, type Scope } from './scope.ts';

/**
 * A unit filter means the unit and every unit below it: a local network's filter finds the
 * customers of its teams. A unit the caller cannot see gives nothing, exactly as a unit that does
 * not exist, so a filter never tells one from the other nor shows another unit's records.
 */
export function inUnitSubtree(scope: Scope, unitColumn: AnyColumn | SQL, unitId: string): SQL {
  if (!isInScope(scope, unitId)) return sql`false`;
  // A unit's path is its ancestors' ids and its own: its subtree is every path that begins with it.
  return sql`${unitColumn} in (select sub.id from org_units sub
    where sub.path like (select unit.path from org_units unit where unit.id = ${unitId}::uuid) || '%')`;
}
