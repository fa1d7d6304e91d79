import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { isInScope, type Scope } from './scope.ts';
import { rows, type Db } from './db/index.ts';

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

/**
 * What a unit sees when no person asks: the unit and every unit below it, as a signed-in member
 * of that unit would (auth/identify.ts builds a person's the same way). For work done on a unit's
 * behalf, such as a site of that unit naming its visitor.
 */
export async function unitScope(db: Db, unitId: string): Promise<Pick<Scope, 'isWholeOrganisation' | 'unitIds'>> {
  const [unit] = await rows<{ isWholeOrganisation: boolean; unitIds: string[] }>(db, sql`
    select unit.parent_id is null as "isWholeOrganisation",
      array(select sub.id::text from org_units sub where sub.path like unit.path || '%') as "unitIds"
    from org_units unit where unit.id = ${unitId}::uuid`);
  return unit ?? { isWholeOrganisation: false, unitIds: [] };
}
