import { z } from 'zod';

// How a module's shared file declares its events (事件): a name, the version of its payload and
// the payload's schema. `events.ts` gathers every module's into the catalog.

/** A record as written: its id and whatever else the row holds. */
export const row = <T extends z.ZodRawShape>(shape: T) => z.looseObject({ id: z.string(), ...shape });
/** Fields a change named, before → after: only those that changed. */
export const changedFields = z.record(z.string(), z.unknown());
export const uuid = z.string();

export interface EventDefinition { version: number; payload: z.ZodType }
export const event = <T extends z.ZodType>(payload: T, version = 1) => ({ version, payload });
/** A module's events, kept as written so their names and payloads stay typed. */
export const defineEvents = <const E extends Record<string, EventDefinition>>(events: E): E => events;
