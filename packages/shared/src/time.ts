import { z } from 'zod';

/** A point in time from a query string or JSON: ISO 8601, with a message a person can act on. */
export const Instant = z.coerce.date({ error: 'Use a date like 2024-05-31 or a time like 2024-05-31T09:30:00+08:00.' });
