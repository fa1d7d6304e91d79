import { z } from 'zod';

/**
 * The body of a PATCH: every field optional and none defaulted, so a change fills in nothing it
 * does not name; a field the route cannot change is refused, not silently ignored.
 */
export function changeOf<const S extends z.ZodRawShape>(shape: S) {
  return z.strictObject(shape).partial();
}
