import { eq, sql } from 'drizzle-orm';
import type { Db } from './db/index.ts';
import { rows } from './db/index.ts';
import { orgUnits, users } from './auth/schema.ts';
import { isInScope, type Scope } from './scope.ts';

/**
 * Why a staff member cannot be given a record (a customer to own, a task to do): unknown to the
 * caller or outside the caller's units, disabled, or working in a unit that does not hold the
 * record's unit, so they could not see it.
 */
export type StaffRefusal = 'unknown' | 'disabled' | 'cannotSee';

/** The staff member the caller may give a record of `recordUnitId` to, or why not. */
export async function staffMemberFor(tx: Db, scope: Scope, userId: string, recordUnitId?: string | null):
  Promise<{ id: string; unitId: string; unitPath: string } | { refused: StaffRefusal }> {
  const [person] = await tx.select({ id: users.id, unitId: users.unitId, isDisabled: users.isDisabled, unitPath: orgUnits.path })
    .from(users).innerJoin(orgUnits, eq(orgUnits.id, users.unitId)).where(eq(users.id, userId));
  if (!person || !isInScope(scope, person.unitId)) return { refused: 'unknown' };
  if (person.isDisabled) return { refused: 'disabled' };
  if (recordUnitId) {
    const [unit] = await tx.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, recordUnitId));
    if (!unit?.path.startsWith(person.unitPath)) return { refused: 'cannotSee' };
  }
  return { id: person.id, unitId: person.unitId, unitPath: person.unitPath };
}

/**
 * The managers (and administrators) who answer for a unit: those at it or above it, still at
 * work, nearest first — a team's lead is its local network's manager, and above them the
 * province's. Background work (an SLA escalation) uses it to choose whom to tell.
 */
export function managersAbove(db: Db, unitId: string): Promise<{ id: string; unitId: string }[]> {
  return rows<{ id: string; unitId: string }>(db, sql`
    select u.id, u.unit_id as "unitId" from users u join org_units ou on ou.id = u.unit_id, org_units here
    where here.id = ${unitId} and here.path like ou.path || '%' and u.role in ('manager', 'admin') and not u.is_disabled
    order by length(ou.path) desc, u.role desc, u.created_at, u.id`);
}
