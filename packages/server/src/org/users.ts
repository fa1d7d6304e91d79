import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { NewUser, PasswordChange, UserChange } from '@xiang/shared';
import type { Db } from '../platform/db/index.ts';
import { conflict, invalid, notFound } from '../platform/errors.ts';
import { record } from '../platform/audit.ts';
import { changedFields, pick } from '../platform/changed-fields.ts';
import { defineMessages } from '../platform/messages.ts';
import { authorize } from '../platform/policy.ts';
import { isInScope, withinScope, type Scope } from '../platform/scope.ts';
import { inUnitSubtree } from '../platform/unit-subtree.ts';
import { hashPassword, newPassword, verifyPassword } from '../platform/auth/secrets.ts';
import { clearGuesses, forgiveGuess, takeGuess } from '../platform/auth/password-guesses.ts';
import { refuseWeakPassword } from '../platform/auth/password-rules.ts';
import { orgUnits, sessions, users } from '../platform/auth/schema.ts';
import { getUnit } from './units.ts';

const tell = defineMessages({
  notYourself: { en: 'You cannot disable yourself or drop your own administrator role.', zh: '不能停用自己的账号，也不能取消自己的管理员角色。' },
});

const publicColumns = {
  id: users.id, username: users.username, displayName: users.displayName, email: users.email,
  phone: users.phone, role: users.role, unitId: users.unitId, unitName: orgUnits.name, unitNameEn: orgUnits.nameEn,
  isDisabled: users.isDisabled, mustChangePassword: users.mustChangePassword, createdAt: users.createdAt,
};
// Never returned: the password hash.
const withoutSecrets = (u: typeof users.$inferSelect) => {
  const { passwordHash: _p, updatedAt: _u, ...rest } = u;
  return rest;
};

export async function listUsers(db: Db, scope: Scope, filter: { unitId?: string; role?: string } = {}) {
  return db.select(publicColumns).from(users).innerJoin(orgUnits, eq(orgUnits.id, users.unitId))
    .where(and(withinScope(scope, users.unitId),
      filter.unitId ? inUnitSubtree(scope, users.unitId, filter.unitId) : undefined,
      filter.role ? sql`${users.role} = ${filter.role}` : undefined))
    .orderBy(asc(users.username)).limit(1000);
}

/** The display name of each user a screen lists by id (the audit trail), within the caller's units; ids are UUIDs. */
export async function userNames(db: Db, scope: Scope, ids: string[]) {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return new Map<string, string>();
  const found = await db.select({ id: users.id, displayName: users.displayName }).from(users)
    .where(and(withinScope(scope, users.unitId), inArray(users.id, wanted)));
  return new Map(found.map((u) => [u.id, u.displayName]));
}

/** The role of each staff member who wrote on a timeline, so the console says who came (客户经理, 销售 …). */
export async function staffRoles(db: Db, ids: string[]) {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return new Map<string, string>();
  const found = await db.select({ id: users.id, role: users.role }).from(users).where(inArray(users.id, wanted));
  return new Map(found.map((u) => [u.id, u.role]));
}

export async function getUser(db: Db, scope: Scope, id: string) {
  const [user] = await db.select(publicColumns).from(users).innerJoin(orgUnits, eq(orgUnits.id, users.unitId)).where(eq(users.id, id));
  if (!user || !isInScope(scope, user.unitId)) throw notFound('User');
  return user;
}

/** Creates a staff account. Without a password one is generated, returned once, and must be changed. */
export async function createUser(db: Db, scope: Scope, input: z.infer<typeof NewUser>) {
  authorize(scope.role, 'user.manage');
  await getUnit(db, scope, input.unitId).catch(() => { throw invalid('unitId', { key: 'unitMissing' }); });
  if (input.password) await refuseWeakPassword(input.password, input.username, 'password');
  const password = input.password ?? newPassword();
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.username, input.username));
    if (taken) throw conflict({ key: 'usernameTaken', params: { username: input.username } }, { field: 'username' });
    const [user] = await tx.insert(users).values({
      username: input.username, displayName: input.displayName, email: input.email ?? null,
      phone: input.phone ?? null, role: input.role, unitId: input.unitId, passwordHash,
      mustChangePassword: !input.password,
    }).returning();
    await record(tx, scope, { action: 'user.created', entity: 'user', entityId: user.id, unitId: user.unitId, after: withoutSecrets(user) });
    return { user: await getUser(tx, scope, user.id), password: input.password ? undefined : password };
  });
}

/**
 * Changes role, unit, name, or disables an account; disabling ends its sessions at once. Only
 * the fields named are written, and the audit lists only those that really changed.
 */
export async function changeUser(db: Db, scope: Scope, id: string, change: z.infer<typeof UserChange>) {
  authorize(scope.role, 'user.manage');
  if (change.unitId) await getUnit(db, scope, change.unitId).catch(() => { throw invalid('unitId', { key: 'unitMissing' }); });
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.id, id)).for('update');
    if (!before || !isInScope(scope, before.unitId)) throw notFound('User');
    if (id === scope.userId && (change.isDisabled || (change.role && change.role !== 'admin'))) {
      throw invalid(change.isDisabled ? 'isDisabled' : 'role', tell('notYourself'));
    }
    const changed = changedFields(before, change);
    if (!changed) return getUser(tx, scope, id);
    const [after] = await tx.update(users).set({ ...changed.set, updatedAt: new Date() }).where(eq(users.id, id)).returning();
    if (changed.set.isDisabled) await tx.delete(sessions).where(eq(sessions.userId, id));
    await record(tx, scope, { action: 'user.changed', entity: 'user', entityId: id, unitId: after.unitId, before: changed.before, after: pick(after, changed.keys) });
    return getUser(tx, scope, id);
  });
}

/**
 * An administrator sets a new random password; the user must change it at next sign-in. The
 * account's sign-in delays are cleared with it, so its owner gets straight in again.
 */
export async function resetPassword(db: Db, scope: Scope, id: string) {
  authorize(scope.role, 'user.manage');
  const user = await getUser(db, scope, id);
  const password = newPassword();
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, mustChangePassword: true, updatedAt: new Date() }).where(eq(users.id, id));
    await tx.delete(sessions).where(eq(sessions.userId, id));
    await clearGuesses(tx, user.username);
    await record(tx, scope, { action: 'user.password_reset', entity: 'user', entityId: id, unitId: user.unitId });
  });
  return { password };
}

/**
 * Changes one's own password. The current password is a guess like a sign-in and is counted
 * with the account's sign-in attempts, so a stolen session cannot try passwords without limit.
 * Every other session of the user ends (ASVS 5.0 V7.4.3); the one that made the change stays.
 * API tokens stay: they are credentials of their own, made on purpose for an integration,
 * listed and revoked one by one on the API tokens page, and an integration must not stop
 * because its owner changed a password; since a token can neither mint tokens nor change the
 * password, whoever suspects a leak revokes the tokens they do not know from a session.
 */
export async function changeOwnPassword(db: Db, scope: Scope, input: z.infer<typeof PasswordChange>, source: string) {
  const [user] = await db.select().from(users).where(eq(users.id, scope.userId));
  if (!user) throw notFound('User');
  // The new password's rules first: they are public, and a refusal here is no guess.
  if (input.currentPassword === input.newPassword) throw invalid('newPassword', { key: 'samePassword' });
  await refuseWeakPassword(input.newPassword, user.username, 'newPassword');
  const guess = await takeGuess(db, user.username, source);
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw invalid('currentPassword', { key: 'currentPasswordWrong' });
  }
  const passwordHash = await hashPassword(input.newPassword);
  const current = scope.credential?.kind === 'session' ? scope.credential.sessionId : '';
  await db.transaction(async (tx) => {
    await forgiveGuess(tx, guess);
    await tx.update(users).set({ passwordHash, mustChangePassword: false, updatedAt: new Date() }).where(eq(users.id, user.id));
    const ended = await tx.delete(sessions).where(and(eq(sessions.userId, user.id), ne(sessions.id, current))).returning({ id: sessions.id });
    await record(tx, scope, { action: 'user.password_changed', entity: 'user', entityId: user.id, unitId: user.unitId, after: { otherSessionsEnded: ended.length } });
  });
}
