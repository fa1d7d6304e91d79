import { eq, inArray, sql } from 'drizzle-orm';
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

/** Units by id, named in both languages, for figures grouped by unit (a unit no longer there is left out). */
export async function unitsNamed(db: Db, ids: readonly string[]): Promise<Map<string, { name: string; nameEn: string | null }>> {
  if (!ids.length) return new Map();
  const found = await db.select({ id: orgUnits.id, name: orgUnits.name, nameEn: orgUnits.nameEn }).from(orgUnits).where(inArray(orgUnits.id, [...ids]));
  return new Map(found.map((u) => [u.id, { name: u.name, nameEn: u.nameEn }]));
}

/** Colleagues by id, by the names they go by, for figures grouped by whom the work was given to. */
export async function staffNamed(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const found = await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, [...ids]));
  return new Map(found.map((u) => [u.id, u.name]));
}

/**
 * Each unit with the team (班组, a unit of level 'team') it is or belongs to, as a table to join
 * on `unit_id`: a unit above every team (a local network's own customers) has no row.
 */
export const unitTeams = sql`(select here.id as unit_id, team.id as team_id from org_units here
  join org_units team on team.level = 'team' and here.path like team.path || '%')`;
