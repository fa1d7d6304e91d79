import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { notFound } from './errors.ts';
import { authorize, type Action, type Role } from './policy.ts';

/**
 * Who is asking, and which part of the organisation they may see: their unit and every unit
 * below it. Every service function that touches customer data takes one as its first argument.
 */
export interface Scope {
  userId: string;
  userName: string;
  role: Role;
  unitId: string;
  /** Units this caller may see: their own and every descendant. */
  unitIds: readonly string[];
  /** The top of the organisation sees everything; no filter is needed. */
  isWholeOrganisation: boolean;
  /** A new or reset password must be replaced before anything else is done. */
  mustChangePassword?: boolean;
  /** How the caller proved who they are: a person's session (by its stored id) or an integration's API token. */
  credential?: { kind: 'session'; sessionId: string } | { kind: 'api_token'; tokenId: string };
}

/** The SQL condition that keeps a query inside the caller's units. */
export function withinScope(scope: Scope, unitColumn: AnyColumn | SQL): SQL {
  if (scope.isWholeOrganisation) return sql`true`;
  // One array parameter: the statement reads the same for a team of one unit or a province of fifty.
  return sql`${unitColumn} = any(${sql.param(scope.unitIds)}::uuid[])`;
}

export function isInScope(scope: Scope, unitId: string): boolean {
  return scope.isWholeOrganisation || scope.unitIds.includes(unitId);
}

/**
 * Loads one record through the scope: outside it, the record does not exist for this caller
 * (404, never 403, so its existence is not leaked); inside it, the role must allow the action.
 */
export function guard<T extends { unitId: string }>(scope: Scope, record: T | undefined, what: string, action: Action): T {
  if (!record || !isInScope(scope, record.unitId)) throw notFound(what);
  authorize(scope.role, action);
  return record;
}
