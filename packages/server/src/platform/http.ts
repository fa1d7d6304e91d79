import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { Db } from './db/index.ts';
import { Problem, unauthorized } from './errors.ts';
import { languageOf, tellEntry, type Language, type Said } from './messages.ts';
import { validationMessage } from './validation-messages.ts';
import { scopeOfApiToken, scopeOfSession } from './auth/identify.ts';
import type { Scope } from './scope.ts';
import type { Config } from './config.ts';
import type { BlobStore } from './blobs.ts';

export const SESSION_COOKIE = 'xiang_session';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    config: Config;
    blobs: BlobStore;
  }
  interface FastifyRequest {
    /** Who is asking; set by `authenticate` on every protected route. */
    scope: Scope;
  }
}

/**
 * Resolves the caller from the session cookie or a bearer token. Nothing the browser sends
 * names the user: only the random secret, looked up on the server.
 */
export async function authenticate(req: FastifyRequest) {
  const header = req.headers.authorization;
  let scope: Scope | null = null;
  if (header?.startsWith('Bearer ')) {
    scope = await scopeOfApiToken(req.server.db, header.slice(7).trim());
  } else {
    const secret = req.cookies[SESSION_COOKIE];
    if (secret) {
      checkSameOrigin(req);
      scope = await scopeOfSession(req.server.db, secret);
    }
  }
  if (!scope) throw unauthorized();
  if (scope.mustChangePassword && !allowedBeforePasswordChange.has(`${req.method} ${req.routeOptions.url}`)) {
    throw new Problem(403, 'Forbidden', { key: 'changePasswordFirst' }, { code: 'password_change_required' });
  }
  req.scope = scope;
}

// A password someone else set (first start, reset) is known to two people until it is changed.
const allowedBeforePasswordChange = new Set(['GET /api/v1/me', 'POST /api/v1/me/password']);

/**
 * CSRF: a state-changing request carrying the session cookie must come from our own origin.
 * Browsers always send Origin on such requests; tools that send none carry no cookie of ours.
 */
function checkSameOrigin(req: FastifyRequest) {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return;
  const origin = req.headers.origin;
  if (!origin) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new Problem(403, 'Forbidden', { key: 'otherSite' });
  }
  if (host !== req.headers.host) throw new Problem(403, 'Forbidden', { key: 'otherSite' });
}

/** Every error leaves as RFC 9457 problem+json, naming the field when one is wrong. */
export function sendProblem(error: unknown, req: FastifyRequest, reply: FastifyReply) {
  const language = languageOf(req.headers['accept-language']);
  const problem = asProblem(error, language);
  if (problem.status >= 500) req.log.error({ err: error }, 'request failed');
  const detail = problem.detailIn(language);
  const extra = problem.extra;
  // Lists that come with a problem (the wrong fields, an import's bad rows …) are told in the same language.
  const lists = Object.fromEntries(Object.entries(extra).filter(([, v]) => Array.isArray(v))
    .map(([k, v]) => [k, (v as unknown[]).map((item) => (isTold(item) ? tellEntry(item, language) : item))]));
  return reply.code(problem.status).type('application/problem+json').send({
    type: 'about:blank',
    title: problem.title,
    status: problem.status,
    detail,
    instance: req.url.split('?')[0],
    ...extra,
    ...lists,
  });
}

const isTold = (item: unknown): item is { said: Said } => typeof item === 'object' && item !== null && 'said' in item;

function asProblem(error: unknown, language: Language): Problem {
  if (error instanceof Problem) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext ?? 'body';
    const errors = error.validation.flatMap((v) => {
      // The zod issue, as the type provider passes it on: its code as the keyword, the rest as params.
      const issue = { ...v.params, code: v.keyword } as never;
      const message = validationMessage(issue, v.message ?? 'Invalid value.', language);
      const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
      // A field the route does not take is named itself; a whole body of the wrong shape is named by where it came.
      const keys = v.keyword === 'unrecognized_keys' ? (v.params as { keys?: string[] }).keys ?? [] : [];
      if (keys.length) return keys.map((key) => ({ field: path ? `${path}.${key}` : key, message }));
      return [{ field: path || where, message }];
    });
    return new Problem(400, 'Bad Request', errors.map((e) => `${e.field}: ${e.message}`).join('; '), {
      field: errors[0]?.field, errors, in: where,
    });
  }
  if (isResponseSerializationError(error)) return new Problem(500, 'Internal Server Error', { key: 'invalidAnswer' });
  const e = error as { statusCode?: number; code?: string; message?: string };
  if (e.statusCode === 413 || e.code === 'FST_REQ_FILE_TOO_LARGE') return new Problem(413, 'Content Too Large', { key: 'uploadTooLarge' });
  if (e.statusCode === 429) return new Problem(429, 'Too Many Requests', e.message ?? 'Slow down and try again shortly.');
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) return new Problem(e.statusCode, 'Bad Request', e.message ?? 'The request is malformed.');
  return new Problem(500, 'Internal Server Error', { key: 'serverFailed' });
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error, req, reply) => sendProblem(error, req, reply));
  app.setNotFoundHandler((req, reply) => sendProblem(new Problem(404, 'Not Found', `No route ${req.method} ${req.url.split('?')[0]}.`), req, reply));
}
