import { z } from 'zod';
import { changeOf } from './change.ts';
import { changedFields, defineEvents, event, row } from './event-kit.ts';
import { pageOf, pageQuery } from './page.ts';
import { Instant } from './time.ts';
import { channelKinds, transactionKinds } from './codes/channels.ts';

/**
 * 电子渠道 — the operator's channels (online hall, SMS hall, mobile hall, air hall / recharge cards,
 * call centre, e-mail, web, outlets) whose own systems post what customers did there to the intake
 * API (`POST /api/v1/channels/intake`) with the channel's token.
 */

export const ChannelKind = z.enum(channelKinds);
export type ChannelKind = z.infer<typeof ChannelKind>;

const channelName = z.string().trim().min(1, 'Give the channel a name.').max(100);
/** A short slug that names the channel in its systems' configuration and in reports. */
const channelCode = z.string().regex(/^[a-z0-9][a-z0-9_-]{1,39}$/, 'A code of 2 to 40 lower-case letters, digits, _ or -, starting with a letter or digit.');

export const ElectronicChannel = z.object({
  id: z.string(),
  unitId: z.string(),
  code: z.string(),
  name: z.string(),
  kind: ChannelKind,
  isActive: z.boolean(),
  createdAt: z.date(),
  /** Transactions received today (the operator's time zone) and how many of them failed. */
  todayCount: z.number().int(),
  todayFailed: z.number().int(),
  lastTransactionAt: z.date().nullable(),
});
export type ElectronicChannel = z.infer<typeof ElectronicChannel>;
export const ElectronicChannelList = z.object({ items: z.array(ElectronicChannel) });

export const NewElectronicChannel = z.strictObject({
  name: channelName,
  code: channelCode,
  kind: ChannelKind,
  /** The unit that owns the channel; the caller's own when left out. */
  unitId: z.uuid().optional(),
});
export type NewElectronicChannel = z.input<typeof NewElectronicChannel>;

export const ElectronicChannelChange = changeOf({ name: channelName, isActive: z.boolean() });
export type ElectronicChannelChange = z.infer<typeof ElectronicChannelChange>;

/** The intake token, in an answer once: at creation and when a new one replaces the old. Only its hash is stored. */
export const ChannelToken = z.object({ channelId: z.string(), token: z.string() });
export const ElectronicChannelCreated = ElectronicChannel.extend({ token: z.string() });

// ---- what a channel's system posts ----

export const TransactionKind = z.enum(transactionKinds);
export type TransactionKind = z.infer<typeof TransactionKind>;
/** Kinds that move money: their amount is required. A query moves none: an amount is refused. */
export const paidKinds: readonly TransactionKind[] = ['recharge', 'bill_payment', 'order'];

/** 500 items of 20 attributes of 200 characters fit in the body limit; anything larger is no channel's batch. */
export const intakeLimits = { transactions: 500, attributes: 20, text: 200, bodyBytes: 4 * 1024 * 1024 } as const;

const attributeValue = z.union([z.string().max(intakeLimits.text), z.number().finite()]);

/** One transaction as the channel's system reports it; checked item by item, so one bad item refuses only itself. */
export const IntakeTransaction = z.strictObject({
  /** The channel system's own id: the same id again is the same transaction. */
  transactionId: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'A transaction id of 1 to 64 letters, digits, _ . : or -.'),
  /** When it happened, to the second, with its offset: a bare date would be midnight UTC, which is no one's time. */
  occurredAt: z.string().refine((text) => /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(text), 'A time with its offset, like 2024-05-31T09:30:00+08:00.').pipe(Instant),
  kind: TransactionKind,
  status: z.enum(['succeeded', 'failed']),
  reason: z.string().min(1).max(intakeLimits.text).optional(),
  /** In fen (分), whole. */
  amountFen: z.number().int('Amounts are whole fen: 12.50 yuan is 1250.').min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  phone: z.string().max(40).optional(),
  memberId: z.string().min(1).max(64).optional(),
  attributes: z.record(z.string().min(1).max(60), attributeValue)
    .refine((a) => Object.keys(a).length <= intakeLimits.attributes, 'At most 20 attributes.').optional(),
}).superRefine((t, ctx) => {
  if (paidKinds.includes(t.kind) && t.amountFen === undefined) ctx.addIssue({ code: 'custom', path: ['amountFen'], message: 'This kind of transaction needs its amount in fen.' });
  if (t.kind === 'query' && t.amountFen !== undefined) ctx.addIssue({ code: 'custom', path: ['amountFen'], message: 'A query moves no money: leave the amount out.' });
  if (t.status === 'succeeded' && t.reason !== undefined) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Only a failed transaction has a reason.' });
});
export type IntakeTransaction = z.input<typeof IntakeTransaction>;

/** The batch: its shape is checked whole (a 400 stores nothing); its items one by one. */
export const IntakeBatch = z.strictObject({
  transactions: z.array(z.unknown()).min(1, 'A batch carries at least one transaction.').max(intakeLimits.transactions, 'At most 500 transactions in a batch.'),
});

export const IntakeOutcome = z.discriminatedUnion('outcome', [
  z.object({ index: z.number().int(), transactionId: z.string(), outcome: z.literal('stored'), customerId: z.string().nullable() }),
  z.object({ index: z.number().int(), transactionId: z.string(), outcome: z.literal('duplicate') }),
  z.object({ index: z.number().int(), transactionId: z.string().nullable(), outcome: z.literal('refused'), field: z.string(), reason: z.string() }),
]);
export const IntakeReceipt = z.object({
  stored: z.number().int(), duplicates: z.number().int(), refused: z.number().int(),
  results: z.array(IntakeOutcome),
});
export type IntakeReceipt = z.infer<typeof IntakeReceipt>;

// ---- what the console reads ----

export const ChannelTransaction = z.object({
  id: z.number().int(),
  transactionId: z.string(),
  occurredAt: z.date(),
  receivedAt: z.date(),
  kind: TransactionKind,
  status: z.enum(['succeeded', 'failed']),
  reason: z.string().nullable(),
  amountFen: z.number().int().nullable(),
  /** Whether a customer was matched; who, only while the reader may see them (a customer moved to another unit since is not named). */
  isMatched: z.boolean(),
  customer: z.object({ id: z.string(), number: z.string(), name: z.string() }).nullable(),
  attributes: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type ChannelTransaction = z.infer<typeof ChannelTransaction>;
export const ChannelTransactionQuery = pageQuery({ limit: 50, maxLimit: 200 });
export const ChannelTransactionPage = pageOf(ChannelTransaction);

// 电子渠道 — the channels module's events.
export const channelEvents = defineEvents({
  'channel.created': event(row({ code: z.string(), name: z.string(), kind: z.string() })),
  'channel.changed': event(changedFields),
  // Only that it happened: a token is never in an event or an audit row.
  'channel.token_renewed': event(z.object({})),
});
