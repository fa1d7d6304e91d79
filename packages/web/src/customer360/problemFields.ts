import { ApiError } from '../api/client.ts';

/**
 * The API names its fields (amountFen); a form may hold the same value under another name
 * (the yuan amount typed). Returns the error with its field names as the form knows them.
 */
export function renameProblemFields(error: unknown, names: Record<string, string>): unknown {
  if (!(error instanceof ApiError)) return error;
  const rename = (field: string) => names[field] ?? field;
  return new ApiError(error.status, error.message, error.field && rename(error.field), error.errors.map((e) => ({ ...e, field: rename(e.field) })));
}
