import type { FastifyRequest } from 'fastify';
import { Problem } from '../errors.ts';
import { defineMessages } from '../messages.ts';

const message = defineMessages({
  tokenMayNotMintTokens: {
    en: 'An API token cannot create API tokens: sign in to the console to make one.',
    zh: 'API 令牌不能创建 API 令牌，请登录工作台创建。',
  },
  tokenMayNotChangePasswords: {
    en: 'An API token cannot change a password: sign in to the console to do it.',
    zh: 'API 令牌不能修改密码，请登录工作台操作。',
  },
  tokenMayNotManageUsers: {
    en: 'An API token cannot manage users: sign in to the console to do it.',
    zh: 'API 令牌不能管理用户，请登录工作台操作。',
  },
});

export type SessionOnlyAct = 'mintTokens' | 'changePasswords' | 'manageUsers';
const saidFor = {
  mintTokens: 'tokenMayNotMintTokens', changePasswords: 'tokenMayNotChangePasswords', manageUsers: 'tokenMayNotManageUsers',
} as const satisfies Record<SessionOnlyAct, string>;

/**
 * Acts that only a person signed in to a session may take. A token is a copy of its user's
 * power that lives in another system's configuration: if it could mint tokens, a leaked one
 * would outlive its revocation; if it could change a password or an account, a leak would
 * become a takeover. Declared on the route (`sessionOnly` in its access); checked by the
 * pipeline after authenticating, before the body is read.
 */
export function refuseToken(req: FastifyRequest, act: SessionOnlyAct) {
  if (req.scope.credential?.kind !== 'session') {
    throw new Problem(403, 'Forbidden', message(saidFor[act]), { code: 'session_required' });
  }
}
