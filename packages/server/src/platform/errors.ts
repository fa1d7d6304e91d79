/**
 * Errors the API answers with, as RFC 9457 problem+json. A service throws one of these; the
 * app's error handler turns it into the response. `field` names the input that is wrong.
 */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
    readonly extra: { field?: string; errors?: { field: string; message: string }[]; [k: string]: unknown } = {},
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new Problem(404, 'Not Found', `${what} was not found.`);
export const forbidden = (message = 'Your role may not do this.') => new Problem(403, 'Forbidden', message);
export const conflict = (message: string, extra: Problem['extra'] = {}) => new Problem(409, 'Conflict', message, extra);
export const invalid = (field: string, message: string) =>
  new Problem(400, 'Bad Request', message, { field, errors: [{ field, message }] });
export const unauthorized = (message = 'Sign in first.') => new Problem(401, 'Unauthorized', message);
