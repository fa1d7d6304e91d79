import { topicPattern, type TopicKind } from '../platform/realtime/topics.ts';
import { getTicket } from './service.ts';

/**
 * `ticket:<id>` — one ticket: its steps, fields, messages (the customer's answers from the portal
 * among them) and rating, so the agent's open page reads again as soon as anything changes.
 */
export const ticketTopic: TopicKind = {
  pattern: topicPattern('ticket'),
  async open(db, scope, id) {
    await getTicket(db, scope, id);
    return [id];
  },
  keysOf: (event) => [event.entity === 'ticket' ? event.entityId : null],
};
