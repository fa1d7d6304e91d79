import createClient, { createFinalURL, defaultPathSerializer, type MaybeOptionalInit, type Middleware } from 'openapi-fetch';
import type { paths } from './schema.d.ts';
import type { Answer, Method } from './types.ts';

export interface FieldError { field: string; message: string }

/** An RFC 9457 problem from the API, or a lost connection (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
    readonly errors: FieldError[] = [],
    /** The whole problem document, for members a particular answer adds (e.g. `duplicateOf`). */
    readonly problem: Record<string, unknown> = {},
  ) {
    super(message);
  }
  get isNetwork() { return this.status === 0; }
}

type QueryValue = string | number | boolean | null | undefined;

/** A query string without the empty filters of a form: a blank field is no filter. */
export function queryString(query: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query as Record<string, QueryValue>)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  return params.toString();
}

/** Listeners told when the session has ended (401), so the console returns to sign-in. */
const onUnauthorized = new Set<() => void>();
export function whenSignedOut(listener: () => void) {
  onUnauthorized.add(listener);
  return () => { onUnauthorized.delete(listener); };
}

/** Signing in and asking who is signed in answer 401 as an answer, not as a session that ended. */
const answersWithoutSession = new Set(['/sessions', '/me', '/portal/sessions', '/portal/me']);

/**
 * Every answer that is not a success becomes an ApiError here, so no caller can take a problem
 * for data: the calls return the success's data or throw.
 */
const problems: Middleware = {
  onRequest({ request }) {
    // The API answers problems in the console's language, which may differ from the browser's.
    request.headers.set('accept-language', document.documentElement.lang || navigator.language);
  },
  async onResponse({ response, schemaPath }) {
    if (response.ok) return undefined;
    const isJson = /json/.test(response.headers.get('content-type') ?? '');
    const payload = isJson ? await response.json().catch(() => null) : null;
    if (response.status === 401 && !answersWithoutSession.has(schemaPath)) onUnauthorized.forEach((l) => l());
    // A proxy without the server behind it answers 502/503/504 in HTML: treat it as a lost connection.
    if (!isJson && response.status >= 502) throw new ApiError(0, 'network');
    throw new ApiError(response.status, payload?.detail ?? response.statusText, payload?.field, payload?.errors ?? [], payload ?? {});
  },
  onError() {
    return new ApiError(0, 'network');
  },
};

const client = createClient<paths>({
  baseUrl: '/api/v1',
  credentials: 'same-origin',
  headers: { accept: 'application/json' },
  querySerializer: queryString,
});
client.use(problems);

/** The documented paths that take this method. */
type PathsFor<M extends Method> = { [P in keyof paths]: undefined extends paths[P][M] ? never : P }[keyof paths];
/** Path parameters, query and body as the route declares them; left out when nothing is required. */
type Init<P extends keyof paths, M extends Method> = MaybeOptionalInit<paths[P], M>;
/**
 * The init is not a type parameter of its own (as in openapi-fetch's methods): an object written
 * at the call is then checked for fields the route does not take, in the body and the query too.
 */
type Call<M extends Method> = <P extends PathsFor<M>>(
  path: P, ...init: undefined extends Init<P, M> ? [Init<P, M>?] : [Init<P, M>]
) => Promise<Answer<P, M>>;

const call = <M extends Method>(method: M) =>
  ((path: string, init?: object) => client.request(method as never, path as never, init as never).then((r) => r.data)) as Call<M>;

/**
 * The API as the server's OpenAPI document declares it (`schema.d.ts`, `npm run api:types`):
 * a path the server does not have, a missing path parameter, a body or query field it does not
 * take, is a type error. Each call answers the success's data or throws an ApiError.
 */
export const api = {
  GET: call('get'),
  POST: call('post'),
  PUT: call('put'),
  PATCH: call('patch'),
  DELETE: call('delete'),
};

/**
 * Sends the body as multipart/form-data, for the routes that take a file: the body is typed as the
 * form the route documents (its file a Blob), and goes as a form, its text fields first (the
 * server reads the form in order) and the file last. The browser sets the content type and its boundary.
 */
export const asForm = {
  bodySerializer(body: Record<string, unknown>) {
    const form = new FormData();
    const entries = Object.entries(body).filter(([, value]) => value !== undefined && value !== null);
    for (const [name, value] of entries) if (!(value instanceof Blob)) form.append(name, String(value));
    for (const [name, value] of entries) if (value instanceof Blob) form.append(name, value);
    return form;
  },
};

/** The routes that answer a file rather than JSON (CSV exports, attachments): links, not calls. */
type Download = { [P in keyof paths]: paths[P] extends { get: { responses: { 200: { content?: never } } } } ? P : never }[keyof paths];

/** The address of a download under the API, for a link: its path and query typed as for a call. */
export function downloadHref<P extends Download>(path: P, params: NonNullable<paths[P]['get']>['parameters']): string {
  return createFinalURL(path, { baseUrl: '/api/v1', params: params as { query?: Record<string, unknown> }, querySerializer: queryString, pathSerializer: defaultPathSerializer });
}
