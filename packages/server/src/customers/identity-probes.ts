import type { Db } from '../platform/db/index.ts';
import { audit } from '../platform/audit.ts';
import type { Problem } from '../platform/errors.ts';
import { defineMessages } from '../platform/messages.ts';
import type { Scope } from '../platform/scope.ts';
import { countFailure, RecordedRefusal, refuseWhileWaiting, tooManyAttempts, type ThrottleRule } from '../platform/throttle.ts';

/**
 * One number, one customer: a number another unit's customer holds is refused. That refusal
 * tells its reader the number is a customer elsewhere, so it is rationed per user — five cost
 * nothing, then each makes the next entry of any number wait 1 min, 2, 4 … up to an hour, and
 * two an hour are forgiven — and every one is written in the audit trail under the user's
 * name, where their managers read it.
 */
export const refusedElsewhere: ThrottleRule = {
  name: 'identity:held-elsewhere', free: 5, firstWait: 60, growth: 'doubling', maxWait: 3600, forgivenPerHour: 2, isClearedBySuccess: false,
};

const message = defineMessages({
  identityProbesWait: {
    en: 'Several numbers you entered belong to customers of other units; to protect those customers, try again in {seconds} s.',
    zh: '您录入的多个号码属于其他单位的客户，为保护客户信息，请 {seconds} 秒后再试。',
  },
});

const probesOf = (scope: Scope) => ({ rule: refusedElsewhere, subject: scope.userId });

/** 429 while the user is waiting after too many such refusals, whatever number they enter now. */
export const refuseWhileProbing = (db: Db, scope: Scope) =>
  refuseWhileWaiting(db, probesOf(scope), (seconds) => tooManyAttempts(seconds, message('identityProbesWait', { seconds })));

/**
 * The refusal of a number held elsewhere, recorded and counted once its transaction has rolled
 * back. Requests sent at the same moment may each be answered before the first is counted;
 * the audit trail still holds every one.
 */
export function heldElsewhere(problem: Problem, scope: Scope, identity: { kind: string; value: string }) {
  return new RecordedRefusal(problem, async (db) => {
    await countFailure(db, probesOf(scope));
    await audit(db, scope, {
      action: 'identity.refused_elsewhere', entity: 'user', entityId: scope.userId, unitId: scope.unitId,
      after: { kind: identity.kind, value: identity.value },
    });
  });
}
