import crypto from 'node:crypto';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { normalizePhone } from '@xiang/shared/phone';
import type { PortalPasswordSet, PortalSignIn } from '@xiang/shared';
import type { Db } from '../platform/db/index.ts';
import { invalid, Problem } from '../platform/errors.ts';
import { auditBySystem, emit } from '../platform/audit.ts';
import { defineMessages } from '../platform/messages.ts';
import { takeAttempt, type ThrottleRule } from '../platform/throttle.ts';
import { forgiveGuess, takeGuess } from '../platform/auth/password-guesses.ts';
import { refuseWeakPassword } from '../platform/auth/password-rules.ts';
import { digest, hashPassword, verifyPassword } from '../platform/auth/secrets.ts';
import { endOtherCustomerSessions, startCustomerSession } from '../platform/auth/customer-sessions.ts';
import type { CustomerScope } from '../platform/scope.ts';
import type { Gateways } from '../notifications/gateways.ts';
import { customerOfMobile, ownCustomer } from '../customers/themself.ts';
import { portalAccounts, portalCodes } from './schema.ts';

/**
 * 网上营业厅登录 — a customer signs in with the mobile number on their record and either a
 * password or a one-time code sent to it by SMS. The first sign-in by code opens their portal
 * account; a password can be set after. Guessing is slowed like staff sign-in (the same counts,
 * under the number), and no answer says whether a number is a customer's.
 */

export const CODE_SECONDS = 300;
export const RESEND_SECONDS = 60;
const CODE_TRIES = 5;

// Codes cost the operator an SMS each and fill a customer's phone: one a minute to a number, then
// doubling waits, and one address may not send codes to number after number.
const codesToNumber: ThrottleRule = { name: 'portal-code:number', free: 0, firstWait: RESEND_SECONDS, growth: 'doubling', maxWait: 3600, forgivenPerHour: 4, isClearedBySuccess: true };
const codesFromSource: ThrottleRule = { name: 'portal-code:source', free: 10, firstWait: 60, growth: 'doubling', maxWait: 3600, forgivenPerHour: 10, isClearedBySuccess: false };

const tell = defineMessages({
  portalNotAMobile: { en: 'Enter the mobile number you gave us, such as 138 0731 0000.', zh: '请输入您登记的手机号码，例如 138 0731 0000。' },
  portalSignInRefused: { en: 'The number and password do not match. Sign in with a code sent by SMS if you have not set a password.', zh: '手机号码与密码不匹配。如未设置密码，请使用短信验证码登录。' },
  portalCodeRefused: { en: 'The code is wrong or has expired: ask for a new one.', zh: '验证码错误或已过期，请重新获取。' },
  portalCodeNotSent: { en: 'The SMS could not be sent just now; try again in a minute.', zh: '短信暂时无法发送，请一分钟后再试。' },
  portalCurrentPasswordNeeded: { en: 'Enter your current password to set a new one.', zh: '请输入当前密码后再设置新密码。' },
  portalCurrentPasswordWrong: { en: 'The current password is not right.', zh: '当前密码不正确。' },
});

function mobileOf(input: string) {
  const phone = normalizePhone(input);
  if (!phone || !/^\+861\d{10}$/.test(phone)) throw invalid('phone', tell('portalNotAMobile'));
  return phone;
}

/** Six digits, uniformly drawn. */
const newCode = () => String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
const codeDigest = (phone: string, code: string) => digest(`${phone}:${code}`);

/**
 * 获取验证码 — sends a code to the number if it is an active customer's mobile. The answer is the
 * same when it is not (nothing is sent): the page cannot be used to learn who is a customer.
 */
export async function requestCode(db: Db, gateways: Gateways, request: { phone: string; source: string }, log: (line: string) => void) {
  const phone = mobileOf(request.phone);
  await takeAttempt(db, [{ rule: codesToNumber, subject: phone }, { rule: codesFromSource, subject: '', source: request.source }]);
  const customer = await customerOfMobile(db, phone);
  const answer = { expiresInSeconds: CODE_SECONDS, resendAfterSeconds: RESEND_SECONDS };
  if (!customer) return answer;
  const code = newCode();
  await db.transaction(async (tx) => {
    // A newer code ends the older ones: only the last SMS counts.
    await tx.update(portalCodes).set({ usedAt: sql`now()` }).where(and(eq(portalCodes.phone, phone), isNull(portalCodes.usedAt)));
    await tx.insert(portalCodes).values({ phone, codeHash: codeDigest(phone, code), expiresAt: new Date(Date.now() + CODE_SECONDS * 1000) });
  });
  try {
    await gateways.sms.send({ id: crypto.randomUUID(), to: phone, body: `【翔】您的网上营业厅验证码是 ${code}，${CODE_SECONDS / 60} 分钟内有效。请勿告诉他人。` });
  } catch {
    throw new Problem(503, 'Service Unavailable', tell('portalCodeNotSent'));
  }
  // The demo sends no SMS: the code is written where the person trying it can read it — a warning,
  // since a secret in the log is right only while no gateway is configured.
  if (gateways.sms.isLogOnly) log(`Portal sign-in code for ${phone}: ${code} (demo: no SMS gateway, so it is shown here)`);
  return answer;
}

/** The live code for a number, checked in constant time; a wrong one uses up a try. */
async function useCode(db: Db, phone: string, code: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [live] = await tx.select().from(portalCodes)
      .where(and(eq(portalCodes.phone, phone), isNull(portalCodes.usedAt), gt(portalCodes.expiresAt, sql`now()`)))
      .orderBy(desc(portalCodes.createdAt)).limit(1).for('update');
    if (!live) return false;
    const isRight = crypto.timingSafeEqual(Buffer.from(live.codeHash, 'hex'), Buffer.from(codeDigest(phone, code), 'hex'));
    const tries = live.tries + 1;
    await tx.update(portalCodes).set({ tries, ...(isRight || tries >= CODE_TRIES ? { usedAt: sql`now()` } : {}) }).where(eq(portalCodes.id, live.id));
    return isRight;
  });
}

// An argon2id hash of a random string: a number without a password costs as much as a wrong one.
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$YoXWT0fgXYwqDO9WgFtRtg$8teTHzj4yu6W10bGW0CW+vLYwtqndGCY6+OMK9YGAqM';

/** 登录 — by password or by code; returns the secret of the new session for the portal's cookie. */
export async function signInToPortal(db: Db, attempt: z.infer<typeof PortalSignIn> & { source: string }) {
  const phone = mobileOf(attempt.phone);
  // Counted under the number, apart from staff usernames, before anything is checked.
  const guess = await takeGuess(db, `portal:${phone}`, attempt.source);
  const [account] = await db.select().from(portalAccounts).where(eq(portalAccounts.phone, phone));
  if (attempt.method === 'password') {
    const isRight = await verifyPassword(account?.passwordHash ?? DUMMY_HASH, attempt.password);
    if (!account?.passwordHash || !isRight) throw new Problem(401, 'Unauthorized', tell('portalSignInRefused'));
  } else if (!(await useCode(db, phone, attempt.code))) {
    throw new Problem(401, 'Unauthorized', tell('portalCodeRefused'));
  }
  // The number must still be an active customer's: a number given up, or a customer archived, signs
  // nobody in; a password set by the number's earlier owner opens nothing of the new one's.
  const owner = await customerOfMobile(db, phone);
  if (!owner || (attempt.method === 'password' && owner.id !== account?.customerId)) throw new Problem(401, 'Unauthorized', tell('portalSignInRefused'));
  return db.transaction(async (tx) => {
    await forgiveGuess(tx, guess);
    const actor = `客户 ${phone}`;
    if (!account) {
      await tx.insert(portalAccounts).values({ phone, customerId: owner.id, lastSignedInAt: new Date() });
      await auditBySystem(tx, actor, { action: 'portal_account.created', entity: 'portal_account', entityId: phone, after: { customerId: owner.id } });
      await emit(tx, 'portal_account.created', { entity: 'portal_account', entityId: phone, payload: { customerId: owner.id } });
    } else {
      // The number moved to another customer since (by code only): the account follows the number.
      await tx.update(portalAccounts).set({ customerId: owner.id, lastSignedInAt: new Date(), ...(owner.id !== account.customerId ? { passwordHash: null, passwordSetAt: null } : {}) })
        .where(eq(portalAccounts.phone, phone));
    }
    await auditBySystem(tx, actor, { action: 'portal_account.signed_in', entity: 'portal_account', entityId: phone, after: { customerId: owner.id, method: attempt.method } });
    return startCustomerSession(tx, { customerId: owner.id, phone });
  });
}

/** 设置密码 — after signing in by code; changing one asks for the current one (guess-throttled like sign-in). */
export async function setPortalPassword(db: Db, who: CustomerScope, input: z.infer<typeof PortalPasswordSet>, source: string) {
  const customer = await ownCustomer(db, who);
  const [account] = await db.select().from(portalAccounts).where(eq(portalAccounts.phone, who.phone));
  if (account?.passwordHash) {
    if (!input.currentPassword) throw invalid('currentPassword', tell('portalCurrentPasswordNeeded'));
    const guess = await takeGuess(db, `portal:${who.phone}`, source);
    if (!(await verifyPassword(account.passwordHash, input.currentPassword))) throw invalid('currentPassword', tell('portalCurrentPasswordWrong'));
    await forgiveGuess(db, guess);
  }
  await refuseWeakPassword(input.newPassword, who.phone.slice(3), 'newPassword');
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx.insert(portalAccounts).values({ phone: who.phone, customerId: customer.id, passwordHash, passwordSetAt: new Date() })
      .onConflictDoUpdate({ target: portalAccounts.phone, set: { passwordHash, passwordSetAt: new Date() } });
    await endOtherCustomerSessions(tx, customer.id, who.sessionId);
    await auditBySystem(tx, `客户 ${customer.name}`, { action: 'portal_account.password_set', entity: 'portal_account', entityId: who.phone, unitId: customer.unitId });
  });
}

/** Whether the account has a password yet (the portal offers to set one). */
export async function hasPortalPassword(db: Db, who: CustomerScope) {
  const [account] = await db.select({ passwordHash: portalAccounts.passwordHash }).from(portalAccounts).where(eq(portalAccounts.phone, who.phone));
  return Boolean(account?.passwordHash);
}

/** Customers merged: the merged one's portal accounts are the survivor's now. */
export async function movePortalAccounts(tx: Db, fromCustomerId: string, toCustomerId: string) {
  const moved = await tx.update(portalAccounts).set({ customerId: toCustomerId }).where(eq(portalAccounts.customerId, fromCustomerId)).returning({ phone: portalAccounts.phone });
  return moved.map((a) => a.phone);
}

/** Codes past their time are of no use: the nightly sweep drops them. */
export async function dropOldCodes(db: Db) {
  await db.delete(portalCodes).where(sql`${portalCodes.createdAt} < now() - interval '1 day'`);
}
