import type { z } from 'zod';
import type { EventDefinition } from './event-kit.ts';
import { customerEvents, subscriptionEvents } from './customers.ts';
import { importEvents } from './imports.ts';
import { interactionEvents } from './timeline.ts';
import { orgEvents } from './org.ts';
import { taskEvents } from './tasks.ts';
import { notificationEvents } from './notifications.ts';
import { trackingEvents } from './tracking.ts';
import { serviceEvents } from './service.ts';
import { portalEvents } from './portal.ts';
import { knowledgeEvents } from './knowledge.ts';
import { channelEvents } from './channels.ts';
import { contactcentreEvents } from './contactcentre.ts';

// 事件目录 — every domain event the server writes to the outbox: its name, the version of its
// payload, and the payload's schema. Each module declares its own beside its shapes
// (`defineEvents` in its shared file); the catalog gathers them, one line per module. The writer
// (server platform/audit.ts) takes only these names with their payload type and checks the
// payload before it is written, so a subscriber can rely on what it reads. A payload that
// changes shape gets a new version, and readers of older rows read the version each event was
// written with.

type Catalog = typeof customerEvents & typeof subscriptionEvents & typeof importEvents & typeof interactionEvents & typeof orgEvents
  & typeof taskEvents & typeof notificationEvents & typeof trackingEvents & typeof serviceEvents
  & typeof portalEvents & typeof knowledgeEvents & typeof channelEvents & typeof contactcentreEvents;

/** Gathers the modules' events; a name two modules both declare stops the start. */
function gather(...catalogs: Record<string, EventDefinition>[]): Catalog {
  const all: Record<string, EventDefinition> = {};
  for (const catalog of catalogs) {
    for (const [name, definition] of Object.entries(catalog)) {
      if (Object.hasOwn(all, name)) throw new Error(`Two modules declare the event ${name}`);
      all[name] = definition;
    }
  }
  return all as Catalog;
}

export const eventCatalog = gather(customerEvents, subscriptionEvents, importEvents, interactionEvents, orgEvents, taskEvents, notificationEvents, trackingEvents, serviceEvents,
  portalEvents, knowledgeEvents, channelEvents, contactcentreEvents);

export type EventType = keyof Catalog;
export const eventTypes = Object.keys(eventCatalog) as EventType[];
/** What an event of this type carries, as its writer must give it. */
export type EventPayload<T extends EventType> = z.input<Catalog[T]['payload']>;

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(eventCatalog, type);
}
