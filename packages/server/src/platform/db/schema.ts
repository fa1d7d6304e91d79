// Every table, for drizzle-kit and for the typed query builder. Modules own their tables.
export * from '../org/schema.ts';
export * from '../audit-schema.ts';
export * from '../blob-schema.ts';
export * from '../throttle-schema.ts';
export * from '../events/schema.ts';
export * from '../jobs/schema.ts';
export * from '../../customers/schema.ts';
export * from '../../subscriptions/schema.ts';
export * from '../../interactions/schema.ts';
export * from '../../imports/schema.ts';
export * from '../../demo/schema.ts';
export * from '../../tasks/schema.ts';
export * from '../../notifications/schema.ts';
