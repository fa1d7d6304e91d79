import { stringIn, topicPattern, unitsBelow, type TopicKind } from '../platform/realtime/topics.ts';
import type { OutboxEvent } from '../platform/realtime/outbox-reader.ts';
import { getCustomer } from './service.ts';

/** The customer an event is about: the customer itself, or the customer a record belongs to. */
const customerOf = (event: OutboxEvent) => (event.entity === 'customer' ? event.entityId : stringIn(event.payload, 'customerId'));

/** `customer:<id>` — one customer and everything on its 360° page. */
export const customerTopic: TopicKind = {
  pattern: topicPattern('customer'),
  async open(db, scope, id) {
    await getCustomer(db, scope, id);
    return [id];
  },
  keysOf: (event) => [customerOf(event)],
};

/** `unit:<id>:customers` — the customer list of a unit and every unit below it; an import counts. */
export const unitCustomersTopic: TopicKind = {
  pattern: topicPattern('unit', ':customers'),
  open: (db, scope, id) => unitsBelow(db, scope, id),
  keysOf: (event) => (customerOf(event) || event.entity === 'customer_import' ? [event.unitId] : []),
};

export const customerTopics = [customerTopic, unitCustomersTopic];
