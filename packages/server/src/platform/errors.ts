import { say, type Language, type Said } from './messages.ts';

export type { Said };

/**
 * Errors the API answers with, as RFC 9457 problem+json. A service throws one of these; the
 * app's error handler turns it into the response. `field` names the input that is wrong.
 */
export class Problem extends Error {
  readonly said?: Said;

  constructor(
    readonly status: number,
    readonly title: string,
    message: string | Said,
    readonly extra: { field?: string; errors?: ({ field: string; message: string } | { field: string; said: Said })[]; [k: string]: unknown } = {},
  ) {
    super(typeof message === 'string' ? message : say(message));
    if (typeof message !== 'string') this.said = message;
  }

  /** The detail in a language; messages not in the catalog stay in English. */
  detailIn(language: Language): string {
    return this.said ? say(this.said, language) : this.message;
  }
}

/** 记录名称 — each module names its kinds of record in Chinese for not-found answers (its manifest). */
const recordNames = new Map<string, string>();
export function nameRecords(names: Record<string, string>): void {
  for (const [en, zh] of Object.entries(names)) recordNames.set(en, zh);
}

export const notFound = (what: string) =>
  new Problem(404, 'Not Found', { key: 'notFound', params: { what, whatZh: recordNames.get(what) ?? what } });
export const forbidden = (message: string | Said = { key: 'roleMayNot' }) => new Problem(403, 'Forbidden', message);
export const conflict = (message: string | Said, extra: Problem['extra'] = {}) => new Problem(409, 'Conflict', message, extra);
export const invalid = (field: string, message: string | Said) => {
  return new Problem(400, 'Bad Request', message, { field, errors: [typeof message === 'string' ? { field, message } : { field, said: message }] });
};
export const unauthorized = (message: string | Said = { key: 'signInFirst' }) => new Problem(401, 'Unauthorized', message);
