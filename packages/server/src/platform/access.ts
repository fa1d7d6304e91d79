import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { refuseToken, type SessionOnlyAct } from './auth/credentials.ts';
import { authenticate, authenticateCustomer } from './http.ts';
import { authorize, type Action } from './policy.ts';

/**
 * The kinds of record a route reaches: what its 404s are about, and what review reads in the
 * snapshot. Each module adds its own by declaration merging, beside its actions:
 *   declare module '../platform/access.ts' { interface Reaches { task: true } }
 */
export interface Reaches {}
export type Reach = keyof Reaches & string;

/**
 * Who may reach a route, declared beside it (`config: { access }`): anyone (signing in), anyone
 * signed in, or a role the policy allows the action. `sessionOnly` keeps an act away from API
 * tokens (auth/credentials.ts says why).
 */
export type Access =
  | { public: true }
  | { signedIn: true; reaches: Reach; sessionOnly?: SessionOnlyAct }
  | { action: Action; reaches: Reach; sessionOnly?: SessionOnlyAct }
  /** A customer signed in to the portal (网上营业厅), about their own records only. */
  | { customer: true; reaches: Reach };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyInstance {
    /** Every route's declared access, in the order they were registered (the access test and its snapshot read it). */
    routeAccess: RouteAccess[];
  }
}

export interface RouteAccess { method: string; url: string; access: Access }

export const API_PREFIX = '/api/v1';

/**
 * The request pipeline's first steps, for every route under /api/v1: authenticate once (session
 * cookie or bearer token), refuse a token where a person must act, and authorise the declared
 * action for the role — all before the body is read or validated, so no answer but 401 is given
 * to a stranger and a forbidden upload is never read. Where the record lies (another unit's is a
 * 404) is the scope's business, in the service. A route under /api/v1 without a declaration
 * stops the server at startup. Routes outside it (health, API docs, console files) are public.
 */
export function registerAccess(app: FastifyInstance) {
  app.decorate('routeAccess', [] as RouteAccess[]);
  app.addHook('onRoute', (route) => {
    const isApi = route.url.startsWith(API_PREFIX);
    const access = route.config?.access;
    if (isApi && !access) {
      throw new Error(`${String(route.method)} ${route.url} declares no access: add config: { access: … } (platform/access.ts).`);
    }
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') app.routeAccess.push({ method, url: route.url, access: access ?? { public: true } });
    }
    if (isApi && access && !('public' in access)) route.onRequest = [admit(access), ...[route.onRequest ?? []].flat()] as RouteOptions['onRequest'];
  });
}

function admit(access: Exclude<Access, { public: true }>) {
  if ('customer' in access) return async function admitCustomer(req: FastifyRequest) { await authenticateCustomer(req); };
  return async function admit(req: FastifyRequest) {
    await authenticate(req);
    if (access.sessionOnly) refuseToken(req, access.sessionOnly);
    if ('action' in access) authorize(req.scope.role, access.action);
  };
}

/** Route config for a module's routes that reach one kind of record: `const to = reaching('customer')`, then `config: to('customer.write')`. */
export const reaching = (reach: Reach) => (action: Action, more: { sessionOnly?: SessionOnlyAct } = {}) =>
  ({ access: { action, reaches: reach, ...more } satisfies Access });

/** Route config for what anyone signed in may do (their own profile, the unit tree, the product catalogue). */
export const signedIn = (reach: Reach, more: { sessionOnly?: SessionOnlyAct } = {}) =>
  ({ access: { signedIn: true, reaches: reach, ...more } satisfies Access });

/** Route config for the portal's routes: the signed-in customer, about their own records. */
export const customerOwn = (reach: Reach) => ({ access: { customer: true, reaches: reach } satisfies Access });

/** Route config for a route anyone may call: signing in and out. */
export const anyone = { access: { public: true } satisfies Access };
