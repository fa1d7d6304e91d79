import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { Problem, notFound } from '../errors.ts';
import { audit } from '../audit.ts';
import type { Scope } from '../scope.ts';
import { digest, newSecret, verifyPassword } from '../auth/secrets.ts';
import { apiTokens, sessions, users } from './schema.ts';

export const SESSION_DAYS = 7;
const LOCK_AFTER_FAILURES = 5;
const LOCK_MINUTES = 15;

const refused = () => new Problem(401, 'Unauthorized', { key: 'wrongPassword' });

/**
 * Signs a person in and returns the secret for their session cookie. Five wrong passwords in
 * a row lock the account for 15 minutes; the answer never says whether the username exists.
 */
export async function signIn(db: Db, username: string, password: string): Promise<{ secret: string; expiresAt: Date }> {
  const [user] = await db.select().from(users).where(eq(users.username, username.toLowerCase()));
  if (!user) {
    await verifyPassword(DUMMY_HASH, password); // same time as a real check: usernames are not probed
    throw refused();
  }
  if (user.lockedUntil && user.lockedUntil > new Date()) {
    throw new Problem(423, 'Locked', { key: 'accountLocked', params: { until: user.lockedUntil.toISOString() } });
  }
  if (user.isDisabled) throw refused();
  if (!(await verifyPassword(user.passwordHash, password))) {
    const failures = user.failedSignIns + 1;
    const isLocked = failures >= LOCK_AFTER_FAILURES;
    await db.update(users).set({
      failedSignIns: isLocked ? 0 : failures,
      lockedUntil: isLocked ? new Date(Date.now() + LOCK_MINUTES * 60_000) : user.lockedUntil,
    }).where(eq(users.id, user.id));
    throw refused();
  }
  const secret = newSecret();
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ failedSignIns: 0, lockedUntil: null }).where(eq(users.id, user.id));
    await tx.insert(sessions).values({ id: digest(secret), userId: user.id, expiresAt });
    await audit(tx, actorOf(user), { action: 'user.signed_in', entity: 'user', entityId: user.id, unitId: user.unitId });
  });
  return { secret, expiresAt };
}

export async function signOut(db: Db, secret: string) {
  await db.delete(sessions).where(eq(sessions.id, digest(secret)));
}

/** A new API token for the caller; the token itself is returned this once and never again. */
export async function createApiToken(db: Db, scope: Scope, name: string) {
  const token = `xg_${newSecret()}`;
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(apiTokens)
      .values({ userId: scope.userId, name, tokenHash: digest(token), prefix: token.slice(0, 9) }).returning();
    await audit(tx, scope, { action: 'api_token.created', entity: 'api_token', entityId: row.id, unitId: scope.unitId, after: { name, prefix: row.prefix } });
    const { tokenHash: _h, userId: _u, ...visible } = row;
    return { ...visible, token };
  });
}

export async function listApiTokens(db: Db, scope: Scope) {
  return db.select({
    id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, createdAt: apiTokens.createdAt,
    lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt,
  }).from(apiTokens).where(eq(apiTokens.userId, scope.userId)).orderBy(desc(apiTokens.createdAt));
}

export async function revokeApiToken(db: Db, scope: Scope, id: string) {
  await db.transaction(async (tx) => {
    const [row] = await tx.update(apiTokens).set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, scope.userId), isNull(apiTokens.revokedAt))).returning();
    if (!row) throw notFound('API token');
    await audit(tx, scope, { action: 'api_token.revoked', entity: 'api_token', entityId: id, unitId: scope.unitId });
  });
}

function actorOf(user: typeof users.$inferSelect): Scope {
  return { userId: user.id, userName: user.displayName, role: user.role, unitId: user.unitId, unitIds: [user.unitId], isWholeOrganisation: false };
}

// An argon2id hash of a random string, so an unknown username costs as much as a wrong password.
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$YoXWT0fgXYwqDO9WgFtRtg$8teTHzj4yu6W10bGW0CW+vLYwtqndGCY6+OMK9YGAqM';
