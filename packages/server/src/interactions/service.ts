import { and, desc, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { NewInteraction, TimelineQuery } from '@xiang/shared';
import type { Db } from '../platform/db/index.ts';
import { prepared } from '../platform/db/prepared.ts';
import { invalid } from '../platform/errors.ts';
import { record } from '../platform/audit.ts';
import { authorize } from '../platform/policy.ts';
import type { Scope, VisibleCustomer } from '../platform/scope.ts';
import { staffRoles } from '../org/users.ts';
import { decodeCursor, pageOf, pastKey } from '../platform/paging.ts';
import { lockCustomer } from '../customers/service.ts';
import { attachments, interactions } from './schema.ts';

type Query = z.infer<typeof TimelineQuery>;

const latestInteractions = (db: Db) => db.select().from(interactions)
  .where(eq(interactions.customerId, sql.placeholder('customerId')))
  .orderBy(desc(interactions.occurredAt), desc(interactions.id)).limit(sql.placeholder('limit'))
  .prepare('latest_interactions');
// One array parameter, so the statement's text is the same for any page size.
const attachmentsOf = (db: Db) => db.select(attachmentColumns).from(attachments)
  .where(sql`${attachments.interactionId} = any(${sql.placeholder('ids')}::bigint[])`)
  .prepare('attachments_of_interactions');
const attachmentColumns = {
  id: attachments.id, interactionId: attachments.interactionId, fileName: attachments.fileName,
  mediaType: attachments.mediaType, sizeBytes: attachments.sizeBytes, createdAt: attachments.createdAt,
};

/**
 * 客户接触历史 — one customer's timeline across every channel, newest first, a page at a time.
 * The cursor is the last entry's (time, id), so scrolling deep stays an index range scan.
 */
export async function timeline(db: Db, customer: VisibleCustomer, query: Query) {
  const customerId = customer.id;
  const cursor = query.cursor ? decodeCursor(query.cursor, ['instant', 'serial']) : null;
  const isFirstPageUnfiltered = !cursor && !query.kind && !query.channel && !query.type && !query.from && !query.to;
  const rows = isFirstPageUnfiltered
    // What the 360° page and a first look ask: the latest entries, the same statement every time.
    ? await prepared(db, 'latest_interactions', latestInteractions).execute({ customerId, limit: query.limit + 1 })
    : await db.select().from(interactions).where(and(
    eq(interactions.customerId, customerId),
    query.kind ? eq(interactions.kind, query.kind) : undefined,
    query.channel ? eq(interactions.channel, query.channel) : undefined,
    query.type ? eq(interactions.type, query.type) : undefined,
    query.from ? gte(interactions.occurredAt, query.from) : undefined,
    query.to ? lte(interactions.occurredAt, query.to) : undefined,
    cursor ? pastKey([interactions.occurredAt, interactions.id], cursor, 'desc') : undefined,
  )).orderBy(desc(interactions.occurredAt), desc(interactions.id)).limit(query.limit + 1);
  const { items: page, nextCursor } = pageOf(rows, query.limit, (last) => [last.occurredAt, last.id]);
  const [files, roles] = await Promise.all([
    page.length ? prepared(db, 'attachments_of_interactions', attachmentsOf).execute({ ids: page.map((r) => r.id) }) : [],
    staffRoles(db, page.flatMap((r) => (r.actorId ? [r.actorId] : []))),
  ]);
  const items = page.map((r) => ({
    ...r, actorRole: r.actorId ? roles.get(r.actorId) ?? null : null,
    payload: r.payload as Record<string, unknown>, attachments: files.filter((f) => f.interactionId === r.id),
  }));
  return { items, nextCursor };
}

/**
 * Records a contact with the customer — a visit, a call, a note — with files uploaded before.
 * Marketing records only what was sent (promotional); every role that writes adds its name.
 */
export async function addInteraction(db: Db, scope: Scope, customerId: string, input: z.infer<typeof NewInteraction>) {
  authorize(scope.role, 'interaction.write');
  return db.transaction(async (tx) => {
    const customer = await lockCustomer(tx, scope, customerId, 'interaction.write');
    const [row] = await tx.insert(interactions).values({
      customerId, kind: input.kind, channel: input.channel, type: input.type, summary: input.summary,
      occurredAt: input.occurredAt ?? new Date(), payload: input.payload ?? {}, actorId: scope.userId, actorName: scope.userName,
    }).returning();
    if (input.attachmentIds?.length) {
      const linked = await tx.update(attachments).set({ interactionId: row.id })
        .where(and(inArray(attachments.id, input.attachmentIds), eq(attachments.customerId, customerId), isNull(attachments.interactionId)))
        .returning({ id: attachments.id });
      if (linked.length !== new Set(input.attachmentIds).size) {
        throw invalid('attachmentIds', { key: 'attachmentUnusable' });
      }
    }
    await record(tx, scope, { action: 'interaction.added', entity: 'interaction', entityId: String(row.id), unitId: customer.unitId, after: row });
    const files = input.attachmentIds?.length
      ? await prepared(tx, 'attachments_of_interactions', attachmentsOf).execute({ ids: [row.id] })
      : [];
    return { ...row, actorRole: scope.role, payload: row.payload as Record<string, unknown>, attachments: files };
  });
}

/** How many timeline entries of each kind (descriptive, promotional, transactional) a customer has. */
const countsOf = (db: Db) => db.select({ kind: interactions.kind, count: sql<number>`count(*)::int` })
  .from(interactions).where(eq(interactions.customerId, sql.placeholder('customerId'))).groupBy(interactions.kind)
  .prepare('interaction_counts_of_customer');

export async function interactionCounts(db: Db, customer: VisibleCustomer) {
  const rows = await prepared(db, 'interaction_counts_of_customer', countsOf).execute({ customerId: customer.id });
  return Object.fromEntries(rows.map((r) => [r.kind, Number(r.count)])) as Record<string, number>;
}

/** Merge: the merged customer's timeline and files now belong to the survivor. */
export async function moveTimeline(tx: Db, from: VisibleCustomer, to: VisibleCustomer) {
  const [fromCustomerId, toCustomerId] = [from.id, to.id];
  const movedInteractions = await tx.update(interactions).set({ customerId: toCustomerId })
    .where(eq(interactions.customerId, fromCustomerId)).returning({ id: interactions.id });
  const movedAttachments = await tx.update(attachments).set({ customerId: toCustomerId })
    .where(eq(attachments.customerId, fromCustomerId)).returning({ id: attachments.id });
  return { interactions: movedInteractions.map((r) => r.id), attachments: movedAttachments.map((r) => r.id) };
}

export { attachmentColumns };
