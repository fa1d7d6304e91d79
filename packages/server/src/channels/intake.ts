import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { IntakeTransaction, type IntakeReceipt } from '@xiang/shared';
import { normalizePhone } from '@xiang/shared/phone';
import { rows, type Db } from '../platform/db/index.ts';
import { unauthorized } from '../platform/errors.ts';
import { defineMessages, say, type Language } from '../platform/messages.ts';
import { validationMessage } from '../platform/validation-messages.ts';
import { customersHoldingIdentities } from '../customers/service.ts';
import { channelByToken, type CallingChannel } from './tokens.ts';
import { channelTransactions } from './schema.ts';
import { recordOnTimelines } from './timeline.ts';

const tell = defineMessages({
  channelTokenRefused: { en: 'This channel token is unknown, revoked, or its channel is switched off.', zh: '渠道令牌无效、已作废，或该渠道已停用。' },
  transactionIdTaken: { en: 'Transaction {transactionId} of this channel was received before with other content: a new transaction needs a new id.', zh: '本渠道的交易 {transactionId} 已按不同内容接收过，新交易请使用新的编号。' },
  transactionNotAPhone: { en: '{value} is not a phone number.', zh: '{value} 不是有效的电话号码。' },
  transactionNotAnObject: { en: 'A transaction is a JSON object.', zh: '每笔交易须为 JSON 对象。' },
});

type Parsed = z.infer<typeof IntakeTransaction>;
type Outcome = IntakeReceipt['results'][number];
interface Accepted { index: number; input: Parsed; phone: string | null; memberId: string | null; contentHash: string }

/** The channel the bearer token names, or a 401 that says nothing of which part was wrong. */
export async function callingChannel(db: Db, authorization: string | undefined): Promise<CallingChannel> {
  const token = /^Bearer ([A-Za-z0-9_-]{10,200})$/.exec(authorization ?? '')?.[1];
  const channel = token ? await channelByToken(db, token) : null;
  if (!channel || !channel.isActive) throw unauthorized(tell('channelTokenRefused'));
  return channel;
}

/**
 * The transaction's fingerprint: its content as parsed, keys in a fixed order, so the same
 * transaction sent again, whatever the JSON's key order, is known for the same.
 */
function contentHashOf(input: Parsed): string {
  const sorted = (value: unknown): unknown => value instanceof Date ? value.toISOString()
    : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sorted(v)]))
      : value;
  return createHash('sha256').update(JSON.stringify(sorted(input))).digest('hex');
}

const idOf = (item: unknown) => (item && typeof item === 'object' && typeof (item as { transactionId?: unknown }).transactionId === 'string'
  ? (item as { transactionId: string }).transactionId : null);

// libphonenumber takes ~50 µs a number, a quarter of a batch's work; a channel names the same customers day after day.
const phones = new Map<string, string | null>();
function phoneOf(text: string): string | null {
  let phone = phones.get(text);
  if (phone === undefined) {
    if (phones.size >= 100_000) phones.clear();
    phone = normalizePhone(text);
    phones.set(text, phone);
  }
  return phone;
}

/** Checks one item; what is wrong with it is told in the request's language, naming the field. */
function check(item: unknown, index: number, language: Language): Accepted | Outcome {
  const field = (path: readonly PropertyKey[]) => ['transactions', index, ...path].join('.');
  if (!item || typeof item !== 'object' || Array.isArray(item)) {
    return { index, transactionId: null, outcome: 'refused', field: field([]), reason: say(tell('transactionNotAnObject'), language) };
  }
  const parsed = IntakeTransaction.safeParse(item);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
    return { index, transactionId: idOf(item), outcome: 'refused', field: field(path), reason: validationMessage(issue, issue.message, language) };
  }
  const input = parsed.data;
  let phone: string | null = null;
  if (input.phone !== undefined) {
    phone = phoneOf(input.phone);
    if (!phone) return { index, transactionId: input.transactionId, outcome: 'refused', field: field(['phone']), reason: say(tell('transactionNotAPhone', { value: input.phone }), language) };
  }
  const memberId = input.memberId?.normalize('NFKC').trim() ?? null;
  return { index, input, phone, memberId, contentHash: contentHashOf(input) };
}

/**
 * 渠道交易接入 — a channel's batch, item by item: each is stored, known as a duplicate (same id,
 * same content), or refused with its reason; one bad item refuses only itself. Stored rows and
 * their customers' timeline entries commit together. A customer is found among the channel's
 * units' customers by member id, then phone; none found, the row names none (no customer is made).
 */
export async function takeTransactions(db: Db, channel: CallingChannel, items: unknown[], language: Language): Promise<IntakeReceipt> {
  const results: Outcome[] = [];
  const fresh: Accepted[] = [];
  const seen = new Map<string, string>();
  for (const [index, item] of items.entries()) {
    const checked = check(item, index, language);
    if ('outcome' in checked) { results.push(checked); continue; }
    const { transactionId } = checked.input;
    const earlier = seen.get(transactionId);
    if (earlier === undefined) { seen.set(transactionId, checked.contentHash); fresh.push(checked); continue; }
    results.push(earlier === checked.contentHash ? { index, transactionId, outcome: 'duplicate' } : taken(index, transactionId, language));
  }
  if (fresh.length) results.push(...await store(db, channel, fresh, language));
  results.sort((a, b) => a.index - b.index);
  const count = (outcome: Outcome['outcome']) => results.filter((r) => r.outcome === outcome).length;
  return { stored: count('stored'), duplicates: count('duplicate'), refused: count('refused'), results };
}

const taken = (index: number, transactionId: string, language: Language): Outcome => ({
  index, transactionId, outcome: 'refused', field: `transactions.${index}.transactionId`, reason: say(tell('transactionIdTaken', { transactionId }), language),
});

async function store(db: Db, channel: CallingChannel, accepted: Accepted[], language: Language): Promise<Outcome[]> {
  const [byMember, byPhone] = await Promise.all([
    customersHoldingIdentities(db, channel.units, 'member_id', accepted.flatMap((a) => (a.memberId ? [a.memberId] : []))),
    customersHoldingIdentities(db, channel.units, 'phone', accepted.flatMap((a) => (a.phone ? [a.phone] : []))),
  ]);
  const customerOf = (a: Accepted) => (a.memberId && byMember.get(a.memberId)) || (a.phone && byPhone.get(a.phone)) || null;
  // In transaction id order: two batches that share ids wait on each other's rows in one order, never in a cycle.
  accepted = [...accepted].sort((a, b) => (a.input.transactionId < b.input.transactionId ? -1 : a.input.transactionId > b.input.transactionId ? 1 : 0));
  return db.transaction(async (tx) => {
    // One statement of column arrays, not a VALUES list of 1,400 parameters: the batch is the hot path.
    // On a conflict the other writer's row is committed by then (the insert waits for it), and read below.
    const column = <T>(of: (a: Accepted) => T) => sql.param(accepted.map(of));
    const inserted = await rows<{ transactionId: string }>(tx, sql`
      insert into channel_transactions (channel_id, transaction_id, customer_id, kind, status, reason, amount_fen, phone, member_id, occurred_at, attributes, content_hash)
      select ${channel.id}::uuid, * from unnest(${column((a) => a.input.transactionId)}::text[], ${column((a) => customerOf(a)?.id ?? null)}::uuid[],
        ${column((a) => a.input.kind)}::text[], ${column((a) => a.input.status)}::text[], ${column((a) => a.input.reason ?? null)}::text[],
        ${column((a) => a.input.amountFen ?? null)}::bigint[], ${column((a) => a.input.phone ?? null)}::text[], ${column((a) => a.input.memberId ?? null)}::text[],
        ${column((a) => a.input.occurredAt.toISOString())}::timestamptz[], ${column((a) => JSON.stringify(a.input.attributes ?? {}))}::jsonb[],
        ${column((a) => a.contentHash)}::text[])
      on conflict (channel_id, transaction_id) do nothing
      returning transaction_id as "transactionId"`);
    const storedIds = new Set(inserted.map((r) => r.transactionId));
    const others = accepted.filter((a) => !storedIds.has(a.input.transactionId));
    const hashes = others.length ? new Map((await tx.select({ transactionId: channelTransactions.transactionId, contentHash: channelTransactions.contentHash })
      .from(channelTransactions)
      .where(and(eq(channelTransactions.channelId, channel.id), sql`${channelTransactions.transactionId} = any(${sql.param(others.map((a) => a.input.transactionId))}::text[])`)))
      .map((r) => [r.transactionId, r.contentHash])) : new Map<string, string>();
    const stored = accepted.filter((a) => storedIds.has(a.input.transactionId));
    await recordOnTimelines(tx, channel, stored.flatMap((a) => {
      const customer = customerOf(a);
      return customer ? [{ customerId: customer.id, transaction: a.input }] : [];
    }));
    return accepted.map((a): Outcome => {
      const { transactionId } = a.input;
      if (storedIds.has(transactionId)) return { index: a.index, transactionId, outcome: 'stored', customerId: customerOf(a)?.id ?? null };
      return hashes.get(transactionId) === a.contentHash ? { index: a.index, transactionId, outcome: 'duplicate' } : taken(a.index, transactionId, language);
    });
  });
}
