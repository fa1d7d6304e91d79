import { and, eq, gt, isNull, not, sql } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { prepared } from '../db/prepared.ts';
import { apiTokens, customerSessions, orgUnits, sessions, users } from './schema.ts';
import type { CustomerScope, Scope } from '../scope.ts';
import { digest } from './secrets.ts';

// Who the caller is and the subtree of units they may see, in one query per request.
const scopeColumns = {
  userId: users.id,
  userName: users.displayName,
  role: users.role,
  unitId: users.unitId,
  isWholeOrganisation: sql<boolean>`${orgUnits.parentId} is null`,
  unitIds: sql<string[]>`array(select c.id::text from org_units c where c.path like ${orgUnits.path} || '%')`,
  mustChangePassword: users.mustChangePassword,
};

const sessionScope = (db: Db) => db.select(scopeColumns).from(sessions)
  .innerJoin(users, eq(users.id, sessions.userId)).innerJoin(orgUnits, eq(orgUnits.id, users.unitId))
  .where(and(eq(sessions.id, sql.placeholder('id')), gt(sessions.expiresAt, sql`now()`), not(users.isDisabled)))
  .prepare('scope_of_session');

const tokenScope = (db: Db) => db.select({
  ...scopeColumns,
  tokenId: apiTokens.id,
  isStale: sql<boolean>`(${apiTokens.lastUsedAt} is null or ${apiTokens.lastUsedAt} < now() - interval '1 minute')`,
}).from(apiTokens)
  .innerJoin(users, eq(users.id, apiTokens.userId)).innerJoin(orgUnits, eq(orgUnits.id, users.unitId))
  .where(and(eq(apiTokens.tokenHash, sql.placeholder('hash')), isNull(apiTokens.revokedAt), not(users.isDisabled)))
  .prepare('scope_of_api_token');

/** The scope of a signed-in browser, from the secret in its session cookie. */
export async function scopeOfSession(db: Db, sessionSecret: string): Promise<Scope | null> {
  const sessionId = digest(sessionSecret);
  const [row] = await prepared(db, 'scope_of_session', sessionScope).execute({ id: sessionId });
  return row ? { ...row, credential: { kind: 'session', sessionId } } : null;
}

/** The scope of an integration, from its bearer token. */
export async function scopeOfApiToken(db: Db, token: string): Promise<Scope | null> {
  const [row] = await prepared(db, 'scope_of_api_token', tokenScope).execute({ hash: digest(token) });
  if (!row) return null;
  // Last use is kept to the minute: a write per request would halve an integration's throughput.
  if (row.isStale) await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.tokenId));
  const { tokenId, isStale: _s, ...scope } = row;
  return { ...scope, credential: { kind: 'api_token', tokenId } };
}

const customerSession = (db: Db) => db.select({ customerId: customerSessions.customerId, phone: customerSessions.phone })
  .from(customerSessions).where(and(eq(customerSessions.id, sql.placeholder('id')), gt(customerSessions.expiresAt, sql`now()`)))
  .prepare('customer_of_session');

/** The customer signed in to the portal, from the secret in its portal cookie. */
export async function customerOfSession(db: Db, sessionSecret: string): Promise<CustomerScope | null> {
  const sessionId = digest(sessionSecret);
  const [row] = await prepared(db, 'customer_of_session', customerSession).execute({ id: sessionId });
  return row ? { ...row, sessionId } : null;
}
