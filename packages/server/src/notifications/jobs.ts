import type { JobKind, Schedule } from '../platform/jobs/index.ts';
import type { Gateways } from './gateways.ts';
import { deliverDueMessages } from './service.ts';

export const deliveryQueue = 'messages.deliver';

/**
 * Sends the messages whose time has come. A message queued now asks for a run at once (one
 * waiting run at most); the minute's tick sends those that waited out quiet hours or a retry.
 */
export const messageDelivery = (gateways: Gateways): JobKind => ({
  queue: deliveryQueue,
  async handle(_job, db) {
    while ((await deliverDueMessages(db, gateways)) > 0) { /* until none is due */ }
  },
});

export const messageDeliverySchedule: Schedule = { name: deliveryQueue, queue: deliveryQueue, cron: '* * * * *' };
