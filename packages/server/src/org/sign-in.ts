import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import { Problem, notFound } from '../platform/errors.ts';
import { audit } from '../platform/audit.ts';
import type { Scope } from '../platform/scope.ts';
import { digest, newSecret, verifyPassword } from '../platform/auth/secrets.ts';
import { forgiveGuess, takeGuess } from '../platform/auth/password-guesses.ts';
import { apiTokens, sessions, users } from '../platform/auth/schema.ts';

export const SESSION_DAYS = 7;

const refused = () => new Problem(401, 'Unauthorized', { key: 'wrongPassword' });

/**
 * Signs a person in and returns the secret for their session cookie. Every attempt is counted
 * before the password is checked (password-guesses.ts), and a right password takes its count
 * back; while a count is waiting the answer is 429, whoever the name belongs to, or nobody.
 */
export async function signIn(db: Db, attempt: { username: string; password: string; source: string }): Promise<{ secret: string; expiresAt: Date }> {
  const username = attempt.username.toLowerCase();
  const guess = await takeGuess(db, username, attempt.source);
  const [user] = await db.select().from(users).where(eq(users.username, username));
  // An unknown username costs the same argon2 check as a wrong password: usernames are not probed by timing.
  const isRight = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, attempt.password);
  if (!user || !isRight || user.isDisabled) throw refused();
  const secret = newSecret();
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  await db.transaction(async (tx) => {
    await forgiveGuess(tx, guess);
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
