import type { z } from 'zod';

/** What JSON makes of a shape: dates arrive as ISO strings. */
export type Wire<T> = T extends Date ? string
  : T extends (infer U)[] ? Wire<U>[]
  : T extends object ? { [K in keyof T]: Wire<T[K]> }
  : T;
/** The wire form of a shared zod schema's output. */
export type WireOf<S extends z.ZodType> = Wire<z.infer<S>>;

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

type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

/** Listeners told when the session has ended (401), so the console returns to sign-in. */
const onUnauthorized = new Set<() => void>();
export function whenSignedOut(listener: () => void) {
  onUnauthorized.add(listener);
  return () => { onUnauthorized.delete(listener); };
}

export async function api<T>(method: string, path: string, options: { body?: unknown; query?: Query; form?: FormData } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api/v1${withQuery(path, options.query)}`, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        // The API answers problems in the console's language, which may differ from the browser's.
        'accept-language': document.documentElement.lang || navigator.language,
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: options.form ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined),
    });
  } catch {
    throw new ApiError(0, 'network');
  }
  if (response.status === 204) return undefined as T;
  const isJson = /json/.test(response.headers.get('content-type') ?? '');
  const payload = isJson ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    if (response.status === 401 && path !== '/sessions' && path !== '/me') onUnauthorized.forEach((l) => l());
    // A proxy without the server behind it answers 502/503/504 in HTML: treat it as a lost connection.
    if (!isJson && response.status >= 502) throw new ApiError(0, 'network');
    throw new ApiError(response.status, payload?.detail ?? response.statusText, payload?.field, payload?.errors ?? [], payload ?? {});
  }
  return payload as T;
}

export const get = <T>(path: string, query?: Query) => api<T>('GET', path, { query });
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, { body: body ?? {} });
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, { body });
export const del = <T>(path: string) => api<T>('DELETE', path);
export const upload = <T>(path: string, form: FormData) => api<T>('POST', path, { form });
