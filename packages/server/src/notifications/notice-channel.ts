import { eq, sql } from 'drizzle-orm';
import { rows, type Db } from '../platform/db/index.ts';
import { invalid } from '../platform/errors.ts';
import { record, type Actor } from '../platform/audit.ts';
import type { VisibleCustomer } from '../platform/scope.ts';
import { addressOf } from '../customers/addresses.ts';
import { customerConsents, customerNoticeChannels, outboundMessages } from './schema.ts';

type Channel = 'email' | 'sms';
const channels: Channel[] = ['email', 'sms'];

/** Where a service message to this customer goes: the channel they chose while it has an address, else e-mail, else a mobile. */
export async function noticeAddress(tx: Db, customer: VisibleCustomer): Promise<{ channel: Channel; to: string } | null> {
  const [chosen] = await tx.select({ channel: customerNoticeChannels.channel }).from(customerNoticeChannels).where(eq(customerNoticeChannels.customerId, customer.id));
  // A chosen channel whose address was since removed falls back rather than leaving the customer unheard.
  const order: Channel[] = chosen?.channel === 'sms' ? ['sms', 'email'] : ['email', 'sms'];
  for (const channel of order) {
    const to = await addressOf(tx, customer, channel);
    if (to) return { channel, to };
  }
  return null;
}

export async function noticeChannelOf(db: Db, customer: VisibleCustomer) {
  const [[row], reachableBy] = await Promise.all([
    db.select().from(customerNoticeChannels).where(eq(customerNoticeChannels.customerId, customer.id)),
    reachable(db, customer),
  ]);
  return { channel: row?.channel ?? null, reachableBy, source: row?.source ?? null, changedAt: row?.changedAt ?? null };
}

const reachable = async (db: Db, customer: VisibleCustomer) =>
  (await Promise.all(channels.map(async (c) => ((await addressOf(db, customer, c)) ? c : null)))).filter((c): c is Channel => c !== null);

/**
 * The customer's choice, said to staff or made in the portal: a channel with no address on file
 * is refused (they would never hear), null goes back to the default. `lock` locks the customer
 * as the caller may (staff's scope, or the customer's own record).
 */
export async function setNoticeChannel(db: Db, actor: Actor, channel: Channel | null, source: 'staff' | 'portal', lock: (tx: Db) => Promise<VisibleCustomer>) {
  return db.transaction(async (tx) => {
    const customer = await lock(tx);
    const before = await noticeChannelOf(tx, customer);
    if (channel && !before.reachableBy.includes(channel)) throw invalid('channel', { key: channel === 'email' ? 'noEmailOnFile' : 'noMobileOnFile' });
    if (before.channel === channel) return before;
    if (channel) {
      await tx.insert(customerNoticeChannels).values({ customerId: customer.id, channel, source, changedBy: actor.userId })
        .onConflictDoUpdate({ target: customerNoticeChannels.customerId, set: { channel, source, changedBy: actor.userId, changedAt: new Date() } });
    } else {
      await tx.delete(customerNoticeChannels).where(eq(customerNoticeChannels.customerId, customer.id));
    }
    await record(tx, actor, { action: 'notice_channel.changed', entity: 'customer', entityId: customer.id, unitId: customer.unitId,
      before: { channel: before.channel }, after: { channel, source } });
    return noticeChannelOf(tx, customer);
  });
}

/**
 * Merge: what the merged customer said carries over where the survivor said nothing (the
 * survivor's own choice of channel wins; a consent withdrawn on either record stays withdrawn),
 * and the messages sent to them are the survivor's history now.
 */
export async function moveNoticesOnMerge(tx: Db, merged: VisibleCustomer, survivor: VisibleCustomer) {
  const [from, to] = [merged.id, survivor.id];
  const noticeChannel = await rows<{ customer_id: string }>(tx, sql`
    update customer_notice_channels set customer_id = ${to}
    where customer_id = ${from} and not exists (select 1 from customer_notice_channels where customer_id = ${to}) returning customer_id`);
  await tx.delete(customerNoticeChannels).where(eq(customerNoticeChannels.customerId, from));
  // A withdrawal on either record stands: the person said no once, and a merge must not say yes for them.
  const withdrawn = await rows<{ channel: string }>(tx, sql`
    update customer_consents s set is_granted = false, source = m.source, changed_by = m.changed_by, changed_at = m.changed_at
    from customer_consents m where s.customer_id = ${to} and m.customer_id = ${from} and m.channel = s.channel and s.is_granted and not m.is_granted
    returning s.channel`);
  const moved = await rows<{ channel: string }>(tx, sql`
    update customer_consents m set customer_id = ${to}
    where m.customer_id = ${from} and not exists (select 1 from customer_consents s where s.customer_id = ${to} and s.channel = m.channel) returning m.channel`);
  await tx.delete(customerConsents).where(eq(customerConsents.customerId, from));
  const consents = [...withdrawn, ...moved];
  // The messages are the survivor's history now, in the survivor's unit as their other records are.
  const messages = await tx.update(outboundMessages).set({ customerId: to, unitId: survivor.unitId }).where(eq(outboundMessages.customerId, from)).returning({ id: outboundMessages.id });
  return {
    noticeChannel: noticeChannel.map((r) => r.customer_id),
    consents: consents.map((r) => r.channel),
    outboundMessages: messages.map((m) => m.id),
  };
}
