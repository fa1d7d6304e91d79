import type { FastifyPluginAsync } from 'fastify';
import type { ActionTable } from './platform/policy.ts';
import type { TopicKind } from './platform/realtime/topics.ts';
import type { JobKind, Schedule } from './platform/jobs/index.ts';
import type { Subscriber } from './platform/events/dispatcher.ts';
import type { CustomerHooks } from './customers/hooks.ts';
import type { Gateways } from './notifications/gateways.ts';
import type { AuditCodes, EventDefinition } from '@xiang/shared';

/** What background work is given: where messages go out, and the time zone recurring jobs keep. */
export interface BackgroundContext { gateways: Gateways; timeZone: string }

/** What a module does besides answering requests: kinds of job, recurring ones, event subscribers. */
export interface BackgroundWork {
  kinds?: JobKind<never>[];
  schedules?: Schedule[];
  subscribers?: Subscriber[];
}

/**
 * 模块清单 — everything a business module adds to the house, in one definition in its own folder
 * (`<module>/module.ts`), listed once in `modules.ts`. The app, the policy table, the not-found
 * names, realtime, the customer hooks and the background work are built from the list; the
 * tables are found by drizzle-kit in every `schema.ts`, and the dependency rules cover every folder.
 */
export interface ModuleDefinition {
  /** The module's folder under src/. */
  name: string;
  /** Its routes, registered under /api/v1; each declares its access (platform/access.ts). */
  routes?: FastifyPluginAsync;
  /** Files other web sites load from us (the tracker at /widget.js), registered at the root, outside the API. */
  siteRoutes?: FastifyPluginAsync;
  /** What each role may do in the module. */
  actions?: ActionTable;
  /** The Chinese names of its kinds of record, for not-found answers (English → Chinese). */
  recordNames?: Record<string, string>;
  /** The events it writes to the outbox, as declared in its shared file (`defineEvents`). */
  events?: Record<string, EventDefinition>;
  /** What it writes in the audit trail (`@xiang/shared/codes/<module>`). */
  audit?: AuditCodes;
  /** Realtime topics it offers (platform/realtime/topics.ts). */
  topics?: readonly TopicKind[];
  /** What it does when customers merge or change hands, in the same transaction. */
  customerHooks?: CustomerHooks;
  /** Its jobs, schedules and event subscribers. */
  background?(context: BackgroundContext): BackgroundWork;
}

export const defineModule = <const M extends ModuleDefinition>(module: M): M => module;
