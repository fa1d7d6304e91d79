import type { Db } from '../platform/db/index.ts';
import { record, type Actor } from '../platform/audit.ts';
import { enqueue } from '../platform/jobs/index.ts';
import type { VisibleCustomer } from '../platform/scope.ts';
import { outboundMessages } from './schema.ts';
import { noticeAddress } from './notice-channel.ts';

/**
 * 服务通知 — a message about something done for the customer (their ticket opened, answered,
 * resolved): by the channel they chose (通知方式), else by e-mail where an address is on file,
 * else by SMS to a mobile; nothing without either. A service message needs no consent and waits for no quiet hours. Called in the
 * change's own transaction, with the customer the scope let through; it goes out with the
 * other messages (the delivery job) and lands on the timeline once sent.
 */
export async function queueServiceMessage(tx: Db, scope: Actor, customer: VisibleCustomer, text: { subject: string; body: string }) {
  const address = await noticeAddress(tx, customer);
  if (!address) return null;
  const { channel, to } = address;
  const [row] = await tx.insert(outboundMessages).values({
    customerId: customer.id, unitId: customer.unitId, channel, kind: 'service', templateId: null, language: 'zh-CN',
    toAddress: to, subject: channel === 'email' ? text.subject : null, body: text.body,
    sendAfter: new Date(), sentBy: scope.userId,
  }).returning();
  await record(tx, scope, { action: 'message.queued', entity: 'outbound_message', entityId: row.id, unitId: customer.unitId,
    after: { customerId: customer.id, channel, kind: 'service', templateId: null, sendAfter: row.sendAfter } });
  await enqueue(tx, 'messages.deliver', {}, { uniqueKey: 'due' });
  return row;
}
