import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApiToken, Me, NewApiToken, NewOrgUnit, NewUser, OrgUnit, PasswordChange, Role, SignIn, User, UserChange,
} from '@xiang/shared';
import { SESSION_COOKIE } from '../platform/http.ts';
import { anyone, reaching, signedIn } from '../platform/access.ts';
import { sourceAddress } from '../platform/throttle.ts';
import { allActions, permissionsOf } from '../platform/policy.ts';
import { unauthorized } from '../platform/errors.ts';
import { createUnit, getUnit, listUnits } from './units.ts';
import { changeOwnPassword, changeUser, createUser, getUser, listUsers, resetPassword } from './users.ts';
import { createApiToken, listApiTokens, revokeApiToken, SESSION_DAYS, signIn, signOut } from './sign-in.ts';

const UserParam = z.object({ userId: z.uuid() });
const manageUsers = reaching('user')('user.manage', { sessionOnly: 'manageUsers' });
const tags = (tag: string) => ({ tags: [tag] });

/**
 * Sign-in is public. Guessing is slowed per account, per address and per both, in the database
 * (platform/auth/password-guesses.ts): 429 with Retry-After while a delay runs.
 */
export const sessionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/sessions', { config: anyone,
    schema: { ...tags('Sessions'), body: SignIn, response: { 204: z.null() } },
  }, async (req, reply) => {
    const { secret, expiresAt } = await signIn(app.db, { ...req.body, source: sourceAddress(req.ip) });
    reply.setCookie(SESSION_COOKIE, secret, {
      path: '/', httpOnly: true, sameSite: 'lax', secure: app.config.secureCookies, expires: expiresAt,
      maxAge: SESSION_DAYS * 86_400,
    });
    return reply.code(204).send(null);
  });

  app.delete('/sessions/current', { config: anyone, schema: { ...tags('Sessions'), response: { 204: z.null() } } }, async (req, reply) => {
    const secret = req.cookies[SESSION_COOKIE];
    if (secret) await signOut(app.db, secret);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send(null);
  });
};

export const orgRoutes: FastifyPluginAsyncZod = async (app) => {
  // The permission names are the modules' actions, so the console's generated types know each one.
  app.get('/me', { config: signedIn('session'), schema: { ...tags('Sessions'), response: { 200: Me.extend({ permissions: z.array(z.enum(allActions())) }) } } }, async (req) => {
    const user = await getUser(app.db, req.scope, req.scope.userId).catch(() => { throw unauthorized(); });
    return { user, unit: await getUnit(app.db, req.scope, user.unitId), permissions: permissionsOf(req.scope.role) };
  });
  app.post('/me/password', { config: signedIn('session', { sessionOnly: 'changePasswords' }), schema: { ...tags('Sessions'), body: PasswordChange, response: { 204: z.null() } } },
    async (req, reply) => reply.code(204).send(await changeOwnPassword(app.db, req.scope, req.body, sourceAddress(req.ip)).then(() => null)));

  app.get('/org-units', { config: signedIn('org_unit'), schema: { ...tags('Organisation'), response: { 200: z.object({ items: z.array(OrgUnit) }) } } },
    async (req) => ({ items: await listUnits(app.db, req.scope) }));
  app.post('/org-units', { config: reaching('org_unit')('org.manage'), schema: { ...tags('Organisation'), body: NewOrgUnit, response: { 201: OrgUnit } } },
    async (req, reply) => reply.code(201).send(await createUnit(app.db, req.scope, req.body)));

  app.get('/users', { config: signedIn('user'),
    schema: { ...tags('Users'), querystring: z.object({ unitId: z.uuid().optional(), role: Role.optional() }), response: { 200: z.object({ items: z.array(User) }) } },
  }, async (req) => ({ items: await listUsers(app.db, req.scope, req.query) }));
  app.get('/users/:userId', { config: signedIn('user'), schema: { ...tags('Users'), params: UserParam, response: { 200: User } } },
    async (req) => getUser(app.db, req.scope, req.params.userId));
  app.post('/users', { config: manageUsers,
    schema: { ...tags('Users'), body: NewUser, response: { 201: z.object({ user: User, password: z.string().optional() }) } },
  }, async (req, reply) => reply.code(201).send(await createUser(app.db, req.scope, req.body)));
  app.patch('/users/:userId', { config: manageUsers, schema: { ...tags('Users'), params: UserParam, body: UserChange, response: { 200: User } } },
    async (req) => changeUser(app.db, req.scope, req.params.userId, req.body));
  app.post('/users/:userId/password-reset', { config: manageUsers, schema: { ...tags('Users'), params: UserParam, response: { 200: z.object({ password: z.string() }) } } },
    async (req) => resetPassword(app.db, req.scope, req.params.userId));

  app.get('/api-tokens', { config: signedIn('api_token'), schema: { ...tags('API tokens'), response: { 200: z.object({ items: z.array(ApiToken) }) } } },
    async (req) => ({ items: await listApiTokens(app.db, req.scope) }));
  app.post('/api-tokens', { config: signedIn('api_token', { sessionOnly: 'mintTokens' }),
    schema: { ...tags('API tokens'), body: NewApiToken, response: { 201: ApiToken.extend({ token: z.string() }) } },
  }, async (req, reply) => reply.code(201).send(await createApiToken(app.db, req.scope, req.body.name)));
  app.delete('/api-tokens/:tokenId', { config: signedIn('api_token'), schema: { ...tags('API tokens'), params: z.object({ tokenId: z.uuid() }), response: { 204: z.null() } } },
    async (req, reply) => reply.code(204).send(await revokeApiToken(app.db, req.scope, req.params.tokenId).then(() => null)));
};
