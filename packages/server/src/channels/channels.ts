import { and, asc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ElectronicChannelChange, NewElectronicChannel } from '@xiang/shared';
import type { Db } from '../platform/db/index.ts';
import { rows } from '../platform/db/index.ts';
import { conflict, invalid, notFound } from '../platform/errors.ts';
import { record } from '../platform/audit.ts';
import { changedFields, pick } from '../platform/changed-fields.ts';
import { defineMessages } from '../platform/messages.ts';
import { authorize } from '../platform/policy.ts';
import { isInScope, withinScope, type Scope } from '../platform/scope.ts';
import { digest, newSecret } from '../platform/auth/secrets.ts';
import { isUuid } from '../customers/service.ts';
import { channels } from './schema.ts';
import { forgetChannelTokens } from './tokens.ts';

const tell = defineMessages({
  channelUnitNotYours: { en: 'You cannot register channels for that unit.', zh: '您不能为该单位登记渠道。' },
  channelCodeTaken: { en: 'The code {code} names another channel already: choose another.', zh: '代码 {code} 已被其他渠道使用，请换一个。' },
});

type Row = typeof channels.$inferSelect;
interface Figures { todayCount: number; todayFailed: number; lastTransactionAt: Date | null }

/** The channel as the API gives it: never its token's hash. */
const present = (channel: Row, figures: Figures = { todayCount: 0, todayFailed: 0, lastTransactionAt: null }) => ({
  id: channel.id, unitId: channel.unitId, code: channel.code, name: channel.name, kind: channel.kind,
  isActive: channel.isActive, createdAt: channel.createdAt, ...figures,
});

/** 32 random bytes, prefixed so a leaked one is recognised for what it is (secret scanners, logs). */
const newChannelToken = () => `xch_${newSecret(32)}`;

/** Today's transactions of each channel in the operator's time zone, the failed ones, and the latest time. */
async function figuresOf(db: Db, ids: string[], timeZone: string): Promise<Map<string, Figures>> {
  if (!ids.length) return new Map();
  const found = await rows<{ channelId: string; todayCount: number; todayFailed: number; lastTransactionAt: Date | string | null }>(db, sql`
    select c.id as "channelId",
      (select count(*) from channel_transactions t where t.channel_id = c.id and t.occurred_at >= date_trunc('day', now() at time zone ${timeZone}) at time zone ${timeZone})::int as "todayCount",
      (select count(*) from channel_transactions t where t.channel_id = c.id and t.status = 'failed' and t.occurred_at >= date_trunc('day', now() at time zone ${timeZone}) at time zone ${timeZone})::int as "todayFailed",
      (select max(t.occurred_at) from channel_transactions t where t.channel_id = c.id) as "lastTransactionAt"
    from channels c where c.id = any(${sql.param(ids)}::uuid[])`);
  return new Map(found.map((f) => [f.channelId, {
    todayCount: f.todayCount, todayFailed: f.todayFailed, lastTransactionAt: f.lastTransactionAt === null ? null : new Date(f.lastTransactionAt),
  }]));
}

/** 渠道列表 — the channels of the caller's units, by name, with today's figures. */
export async function listChannels(db: Db, scope: Scope, timeZone: string) {
  authorize(scope.role, 'channel.read');
  const found = await db.select().from(channels).where(withinScope(scope, channels.unitId)).orderBy(asc(channels.name), asc(channels.id));
  const figures = await figuresOf(db, found.map((c) => c.id), timeZone);
  return { items: found.map((c) => present(c, figures.get(c.id))) };
}

/** One channel through the caller's scope: another unit's is a 404, as one that does not exist. */
export async function getChannel(db: Db, scope: Scope, id: string) {
  authorize(scope.role, 'channel.read');
  if (!isUuid(id)) throw notFound('Channel');
  const [channel] = await db.select().from(channels).where(and(eq(channels.id, id), withinScope(scope, channels.unitId)));
  if (!channel) throw notFound('Channel');
  return channel;
}

const isCodeTaken = (error: unknown) => (error as { code?: string; constraint?: string; cause?: { code?: string } })?.code === '23505'
  || (error as { cause?: { code?: string } })?.cause?.code === '23505';

/** 登记渠道 — the server makes the token and answers it this once. */
export async function createChannel(db: Db, scope: Scope, input: z.infer<typeof NewElectronicChannel>) {
  authorize(scope.role, 'channel.manage');
  const unitId = input.unitId ?? scope.unitId;
  if (!isInScope(scope, unitId)) throw invalid('unitId', tell('channelUnitNotYours'));
  const token = newChannelToken();
  try {
    return await db.transaction(async (tx) => {
      const [channel] = await tx.insert(channels).values({ unitId, code: input.code, name: input.name, kind: input.kind, tokenHash: digest(token) }).returning();
      await record(tx, scope, { action: 'channel.created', entity: 'channel', entityId: channel.id, unitId,
        after: { id: channel.id, code: channel.code, name: channel.name, kind: channel.kind, isActive: channel.isActive } });
      return { ...present(channel), token };
    });
  } catch (error) {
    if (isCodeTaken(error)) throw conflict(tell('channelCodeTaken', { code: input.code }), { field: 'code' });
    throw error;
  }
}

const changeable = ['name', 'isActive'] as const;

/** Changes what the PATCH names; switching a channel off refuses its token from then on. */
export async function changeChannel(db: Db, scope: Scope, id: string, change: ElectronicChannelChange, timeZone: string) {
  authorize(scope.role, 'channel.manage');
  if (!isUuid(id)) throw notFound('Channel');
  const channel = await db.transaction(async (tx) => {
    const [before] = await tx.select().from(channels).where(and(eq(channels.id, id), withinScope(scope, channels.unitId))).for('update');
    if (!before) throw notFound('Channel');
    const changed = changedFields(pick(before, [...changeable]), change);
    if (!changed) return before;
    const [after] = await tx.update(channels).set({ ...changed.set, updatedAt: new Date() }).where(eq(channels.id, id)).returning();
    await record(tx, scope, { action: 'channel.changed', entity: 'channel', entityId: id, unitId: after.unitId, before: changed.before, after: pick(after, changed.keys) });
    return after;
  });
  forgetChannelTokens();
  return present(channel, (await figuresOf(db, [channel.id], timeZone)).get(channel.id));
}

/** 更换令牌 — a new token; the old one is refused from then on. The trail says that it changed, never what it is. */
export async function renewChannelToken(db: Db, scope: Scope, id: string) {
  authorize(scope.role, 'channel.manage');
  if (!isUuid(id)) throw notFound('Channel');
  const token = newChannelToken();
  await db.transaction(async (tx) => {
    const [channel] = await tx.update(channels).set({ tokenHash: digest(token), updatedAt: new Date() })
      .where(and(eq(channels.id, id), withinScope(scope, channels.unitId))).returning({ unitId: channels.unitId });
    if (!channel) throw notFound('Channel');
    await record(tx, scope, { action: 'channel.token_renewed', entity: 'channel', entityId: id, unitId: channel.unitId, before: null, after: {} });
  });
  forgetChannelTokens();
  return { channelId: id, token };
}
