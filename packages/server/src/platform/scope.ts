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
export function withinScope(scope: Pick<Scope, 'isWholeOrganisation' | 'unitIds'>, unitColumn: AnyColumn | SQL): SQL {
  if (scope.isWholeOrganisation) return sql`true`;
  // One array parameter: the statement reads the same for a team of one unit or a province of fifty.
  return sql`${unitColumn} = any(${sql.param(scope.unitIds)}::uuid[])`;
}

export function isInScope(scope: Scope, unitId: string): boolean {
  return scope.isWholeOrganisation || scope.unitIds.includes(unitId);
}

declare const passedTheScope: unique symbol;

/**
 * A record the scope let through. Only `guard` makes one (and `unscoped`, by name), so a
 * function that takes a `Visible<…>` cannot be handed a raw id: the types refuse it. Functions
 * that read or move a customer's parts take the visible customer, never its id and a flag.
 */
export type Visible<T> = T & { readonly [passedTheScope]: true };

/** What a function about one customer's parts needs of it: which customer, seen through the scope. */
export type VisibleCustomer = Visible<{ id: string; unitId: string }>;

/**
 * Loads one record through the scope: outside it, the record does not exist for this caller
 * (404, never 403, so its existence is not leaked); inside it, the role must allow the action.
 */
export function guard<T extends { unitId: string }>(scope: Scope, record: T | undefined, what: string, action: Action): Visible<T> {
  if (!record || !isInScope(scope, record.unitId)) throw notFound(what);
  authorize(scope.role, action);
  return record as Visible<T>;
}

/**
 * The one way past the scope, for work no person asks for (the demo load, a job): the reason
 * is written where it is used, so every bypass is found by searching for `unscoped(`.
 */
export function unscoped<T extends { unitId: string }>(record: T, reason: string): Visible<T> {
  if (!reason.trim()) throw new Error('unscoped() needs the reason the scope is bypassed');
  return record as Visible<T>;
}

/**
 * A customer signed in to the self-service portal (网上营业厅): who they are and the session they
 * proved it with — nothing of the organisation, no role, no units. Portal routes take this, never
 * a staff `Scope`, so a customer's request cannot reach what staff see.
 */
export interface CustomerScope {
  customerId: string;
  /** The mobile number they signed in with (E.164). */
  phone: string;
  sessionId: string;
}

declare const seenByTheCustomer: unique symbol;

/** A customer's record as the customer themself sees it: what staff see masked (their numbers) they see in full. */
export type OwnCustomer<T = { id: string; unitId: string }> = Visible<T> & { readonly [seenByTheCustomer]: true };

/**
 * The signed-in customer's own record, let through: only the customer the session names passes,
 * anyone else's is a 404, as if it did not exist.
 */
export function seenByThemself<T extends { id: string; unitId: string }>(customer: CustomerScope, record: T | undefined, what = 'Customer'): OwnCustomer<T> {
  if (!record || record.id !== customer.customerId) throw notFound(what);
  return record as OwnCustomer<T>;
}
