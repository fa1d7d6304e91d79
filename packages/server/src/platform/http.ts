import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { Db } from './db/index.ts';
import { Problem, unauthorized } from './errors.ts';
import { defineMessages, languageOf, tellEntry, type Language, type Said } from './messages.ts';
import { validationMessage } from './validation-messages.ts';
import { customerOfSession, scopeOfApiToken, scopeOfSession } from './auth/identify.ts';
import type { CustomerScope, Scope } from './scope.ts';
import type { Config } from './config.ts';
import type { BlobStore } from './blobs.ts';

export const SESSION_COOKIE = 'xiang_session';
/** The portal's cookie: sent only to the portal's own routes (its path), so it never reaches the console's. */
export const PORTAL_COOKIE = 'xiang_portal';
export const PORTAL_PATH = '/api/v1/portal';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    config: Config;
    blobs: BlobStore;
    /** True while the server is answering a request; background work waits for a pause. */
    isAnswering: () => boolean;
  }
  interface FastifyRequest {
    /** Who is asking; set by `authenticate` on every protected route. */
    scope: Scope;
    /** The customer asking, on the portal's routes; set by `authenticateCustomer`. */
    customer: CustomerScope;
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

/**
 * Resolves the customer from the portal cookie. Neither a staff session nor an API token opens
 * the portal: a colleague who wants to see what a customer sees looks at the 360° view.
 */
export async function authenticateCustomer(req: FastifyRequest) {
  const secret = req.cookies[PORTAL_COOKIE];
  if (!secret) throw unauthorized();
  checkSameOrigin(req);
  const customer = await customerOfSession(req.server.db, secret);
  if (!customer) throw unauthorized();
  req.customer = customer;
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
  const problem = asProblem(error, language, req);
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

function asProblem(error: unknown, language: Language, req: FastifyRequest): Problem {
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
  return requestProblem(error as { statusCode?: number; code?: string; message?: string }, req) ?? new Problem(500, 'Internal Server Error', { key: 'serverFailed' });
}

const tell = defineMessages({
  bodyTooLarge: { en: 'The body is larger than the server accepts.', zh: '请求内容超过服务器允许的大小。' },
  bodyEmpty: { en: 'The body is empty: send a JSON object, or no Content-Type.', zh: '请求内容为空：请发送 JSON 对象，或不要设置 Content-Type。' },
  bodyNotJson: { en: 'The body is not valid JSON.', zh: '请求内容不是有效的 JSON。' },
  mediaTypeRefused: {
    en: 'The body is sent as {type}, which this API does not read: send application/json, or multipart/form-data for a file.',
    zh: '不支持以 {type} 发送的内容：请使用 application/json，上传文件请用 multipart/form-data。',
  },
  lengthWrong: { en: 'The Content-Length header does not match the body sent.', zh: 'Content-Length 与实际发送的内容长度不符。' },
  multipartBroken: {
    en: 'The multipart form is incomplete or malformed (a missing boundary, or cut short); send the file again.',
    zh: '上传的表单不完整或格式错误（缺少分隔符或内容被截断），请重新上传。',
  },
  multipartTooMany: { en: 'The form has more parts than the server accepts: send one file.', zh: '表单包含的部分超过服务器允许的数量，请只上传一个文件。' },
  requestMalformed: { en: 'The request is malformed: {reason}', zh: '请求格式错误：{reason}' },
});

/**
 * Fastify's, the body parser's and the multipart reader's own refusals, as problems naming what is
 * wrong. Busboy's errors carry no code: they are known by their text.
 */
function requestProblem(e: { statusCode?: number; code?: string; message?: string }, req: FastifyRequest): Problem | null {
  const message = e.message ?? '';
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE': return new Problem(413, 'Content Too Large', tell('bodyTooLarge'), { field: 'body' });
    case 'FST_REQ_FILE_TOO_LARGE': return new Problem(413, 'Content Too Large', { key: 'uploadTooLarge' }, { field: 'file' });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY': return new Problem(400, 'Bad Request', tell('bodyEmpty'), { field: 'body' });
    case 'FST_ERR_CTP_INVALID_JSON_BODY': return new Problem(400, 'Bad Request', tell('bodyNotJson'), { field: 'body' });
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH': return new Problem(400, 'Bad Request', tell('lengthWrong'), { field: 'content-length' });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new Problem(415, 'Unsupported Media Type', tell('mediaTypeRefused', { type: req.headers['content-type']?.split(';')[0].slice(0, 100) || '(none)' }), { field: 'content-type' });
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE': return new Problem(400, 'Bad Request', { key: 'sendMultipart' }, { field: 'file' });
    case 'FST_MP_PREMATURE_CLOSE': return new Problem(400, 'Bad Request', tell('multipartBroken'), { field: 'file' });
    case 'FST_PARTS_LIMIT': case 'FST_FILES_LIMIT': case 'FST_FIELDS_LIMIT':
      return new Problem(413, 'Content Too Large', tell('multipartTooMany'), { field: 'file' });
  }
  if (/^(Multipart: Boundary not found|Boundary required|Unexpected end of multipart data|.* terminated early due to unexpected end of multipart data|The needle .*)$/.test(message)) {
    return new Problem(400, 'Bad Request', tell('multipartBroken'), { field: 'file' });
  }
  if (e.statusCode === 413) return new Problem(413, 'Content Too Large', { key: 'uploadTooLarge' }, { field: 'body' });
  if (e.statusCode === 429) return new Problem(429, 'Too Many Requests', e.message ?? 'Slow down and try again shortly.');
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    return new Problem(e.statusCode, 'Bad Request', tell('requestMalformed', { reason: message || '?' }), { field: 'request', code: e.code });
  }
  return null;
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error, req, reply) => sendProblem(error, req, reply));
  app.setNotFoundHandler((req, reply) => sendProblem(new Problem(404, 'Not Found', `No route ${req.method} ${req.url.split('?')[0]}.`), req, reply));
}
