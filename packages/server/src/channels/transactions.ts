import { and, desc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ChannelTransactionQuery } from '@xiang/shared';
import type { Db } from '../platform/db/index.ts';
import { decodeCursor, pageOf } from '../platform/paging.ts';
import type { VisibleCustomer, Scope } from '../platform/scope.ts';
import { customerNames } from '../customers/names.ts';
import { getChannel } from './channels.ts';
import { channelTransactions } from './schema.ts';

const latestKey = ['instant', 'serial'] as const;

/** 渠道交易 — a channel's transactions, latest first; the channel is read through the caller's scope. */
export async function listChannelTransactions(db: Db, scope: Scope, channelId: string, query: z.infer<typeof ChannelTransactionQuery>) {
  const channel = await getChannel(db, scope, channelId);
  const after = query.cursor ? decodeCursor(query.cursor, latestKey) : null;
  const found = await db.select().from(channelTransactions)
    .where(and(eq(channelTransactions.channelId, channel.id),
      after ? sql`(${channelTransactions.occurredAt}, ${channelTransactions.id}) < (${after[0].toISOString()}::timestamptz, ${after[1]})` : undefined))
    .orderBy(desc(channelTransactions.occurredAt), desc(channelTransactions.id)).limit(query.limit + 1);
  const page = pageOf(found, query.limit, (last) => [last.occurredAt, last.id]);
  const names = await customerNames(db, scope, page.items.flatMap((t) => (t.customerId ? [t.customerId] : [])));
  return {
    items: page.items.map((t) => ({
      id: t.id, transactionId: t.transactionId, occurredAt: t.occurredAt, receivedAt: t.receivedAt, kind: t.kind, status: t.status, reason: t.reason,
      amountFen: t.amountFen, isMatched: t.customerId !== null,
      customer: t.customerId && names.has(t.customerId) ? { id: t.customerId, ...names.get(t.customerId)! } : null, attributes: t.attributes as Record<string, string | number>,
    })),
    nextCursor: page.nextCursor,
  };
}

/** A merge brings the merged customer's channel transactions to the survivor (customer hook, in the merge's transaction). */
export async function moveChannelTransactionsOnMerge(tx: Db, merged: VisibleCustomer, survivor: VisibleCustomer) {
  const moved = await tx.update(channelTransactions).set({ customerId: survivor.id }).where(eq(channelTransactions.customerId, merged.id))
    .returning({ id: channelTransactions.id });
  return { channelTransactions: moved.map((t) => t.id) };
}
