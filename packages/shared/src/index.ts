// Shapes shared by the server, the console and the widget: one zod schema per shape, so the
// type that validates a request is the type the client sends and receives.
export * from './org.ts';
export * from './customers.ts';
export * from './timeline.ts';
export * from './imports.ts';
export * from './dashboard.ts';
export * from './audit.ts';
export * from './codes.ts';
export * from './tasks.ts';
export * from './notifications.ts';
export * from './service.ts';
export * from './service-stats.ts';
export * from './page.ts';
export * from './events.ts';
export type { EventDefinition } from './event-kit.ts';
export * from './operations.ts';
export * from './tracking.ts';
export * from './tracking-reports.ts';
export * from './portal.ts';
export * from './knowledge.ts';
export * from './tracking-orders.ts';
export * from './tracking-surveys.ts';
export * from './channels.ts';
export * from './contactcentre.ts';
