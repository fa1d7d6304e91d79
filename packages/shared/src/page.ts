import { z } from 'zod';

/**
 * How every list pages: by keyset cursor. A page asks for the rows after the previous page's
 * last one (its `nextCursor`, opaque to clients) and says whether there is a next; no list
 * counts its rows to page, so the thousandth page is as quick as the first.
 */
export const pageQuery = ({ limit, maxLimit }: { limit: number; maxLimit: number }) => z.object({
  /** The previous page's nextCursor; absent for the first page. */
  cursor: z.string().max(2400).optional(),
  limit: z.coerce.number().int().min(1).max(maxLimit).default(limit),
});

/** One page of a list: its rows, and the cursor of the next page (null on the last). */
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
export type Page<T> = { items: T[]; nextCursor: string | null };
