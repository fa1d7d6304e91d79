import { and, desc, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { MailboxQuery, TicketFromContact } from '@xiang/shared';
import type { Db } from '../platform/db/index.ts';
import type { BlobStore } from '../platform/blobs.ts';
import { invalid, notFound } from '../platform/errors.ts';
import { record, type Actor } from '../platform/audit.ts';
import { authorize } from '../platform/policy.ts';
import { defineMessages } from '../platform/messages.ts';
import { decodeCursor, pageOf, pastKey } from '../platform/paging.ts';
import { guard, withinScope, type Scope } from '../platform/scope.ts';
import { orgUnits } from '../platform/auth/schema.ts';
import { customerHoldingIdentity } from '../customers/service.ts';
import { customerNames } from '../customers/names.ts';
import { recordSystemInteraction } from '../interactions/system.ts';
import { openTicket, type Terms } from '../service/service.ts';
import { mailboxMessages } from './schema.ts';

type Row = typeof mailboxMessages.$inferSelect;

const tell = defineMessages({
  mailHasNoCustomer: { en: 'This message is not matched to a customer; a ticket needs one.', zh: '这封邮件没有对应的客户，无法转为工单。' },
});

/** Who writes what the mailbox receives: no person, the mailbox itself. */
const mailbox: Actor = { userId: null, userName: '投诉信箱' };

/** A message as the SMTP endpoint read it: text only, its files as bytes. */
export interface ArrivedMessage {
  messageId: string;
  fromAddress: string;
  subject: string;
  text: string;
  attachments: { fileName: string; mediaType: string; bytes: Buffer }[];
}

/**
 * 投诉信箱收信 — keeps one arrived message: its files in the blob store first (durable before the
 * row names them), then the row, matched by the sender's e-mail identity among all customers, and
 * for a match an entry on the customer's timeline, in one transaction. The same Message-ID again
 * is kept once (a sender's retry after a lost answer).
 */
export async function receiveMessage(db: Db, blobs: BlobStore, message: ArrivedMessage): Promise<{ isNew: boolean; id: string }> {
  const files: { fileName: string; mediaType: string; sizeBytes: number; sha256: string }[] = [];
  for (const file of message.attachments) {
    files.push({ fileName: file.fileName, mediaType: file.mediaType, sizeBytes: file.bytes.length, sha256: await blobs.put(file.bytes) });
  }
  return db.transaction(async (tx) => {
    const customer = await customerHoldingIdentity(tx, { isWholeOrganisation: true, unitIds: [] }, 'email', message.fromAddress.toLowerCase());
    const [top] = await tx.select({ id: orgUnits.id }).from(orgUnits).where(isNull(orgUnits.parentId)).orderBy(orgUnits.createdAt).limit(1);
    const [row] = await tx.insert(mailboxMessages).values({
      messageId: message.messageId, fromAddress: message.fromAddress, subject: message.subject, text: message.text,
      unitId: customer?.unitId ?? top.id, customerId: customer?.id ?? null, attachments: files,
    }).onConflictDoNothing({ target: mailboxMessages.messageId }).returning({ id: mailboxMessages.id, unitId: mailboxMessages.unitId });
    if (!row) {
      const [stored] = await tx.select({ id: mailboxMessages.id }).from(mailboxMessages).where(eq(mailboxMessages.messageId, message.messageId));
      return { isNew: false, id: stored.id };
    }
    if (customer) {
      await recordSystemInteraction(tx, {
        customerId: customer.id, kind: 'transactional', channel: 'email', type: 'mailbox.message', summary: message.subject || '（无主题）',
        payload: { mailboxMessageId: row.id, from: message.fromAddress, attachments: files.length }, actorName: mailbox.userName,
      });
    }
    await record(tx, mailbox, { action: 'mailbox.message_received', entity: 'mailbox_message', entityId: row.id, unitId: row.unitId,
      after: { id: row.id, messageId: message.messageId, customerId: customer?.id ?? null } });
    return { isNew: true, id: row.id };
  });
}

/** 信箱 — the messages of the caller's units, latest first; unmatched mail only the whole organisation sees. */
export async function listMessages(db: Db, scope: Scope, query: z.infer<typeof MailboxQuery>) {
  authorize(scope.role, 'mailbox.read');
  const cursor = query.cursor ? decodeCursor(query.cursor, ['instant', 'uuid']) : null;
  const found = await db.select().from(mailboxMessages).where(and(
    withinScope(scope, mailboxMessages.unitId),
    cursor ? pastKey([mailboxMessages.receivedAt, mailboxMessages.id], cursor, 'desc') : undefined,
  )).orderBy(desc(mailboxMessages.receivedAt), desc(mailboxMessages.id)).limit(query.limit + 1);
  const { items, nextCursor } = pageOf(found, query.limit, (last) => [last.receivedAt, last.id]);
  return { items: await present(db, scope, items), nextCursor };
}

async function visibleMessage(db: Db, scope: Scope, id: string) {
  const [row] = await db.select().from(mailboxMessages).where(eq(mailboxMessages.id, id));
  return guard(scope, row, 'Mailbox message', 'mailbox.read');
}

export async function getMessage(db: Db, scope: Scope, id: string) {
  return (await present(db, scope, [await visibleMessage(db, scope, id)]))[0];
}

/** One file of a message, with its bytes; sent as a download, never shown inline. */
export async function readMessageFile(db: Db, blobs: BlobStore, scope: Scope, id: string, index: number) {
  const message = await visibleMessage(db, scope, id);
  const file = message.attachments[index];
  if (!file) throw notFound('Attachment');
  const bytes = await blobs.get(file.sha256);
  if (!bytes) throw notFound('Attachment file');
  return { ...file, bytes };
}

/** 一键转工单 — a ticket from a message, as for a call: the service module opens it, the message links to it. */
export async function ticketFromMessage(db: Db, scope: Scope, id: string, input: z.infer<typeof TicketFromContact>, terms: Terms) {
  authorize(scope.role, 'ticket.write');
  return db.transaction(async (tx) => {
    const [found] = await tx.select().from(mailboxMessages).where(eq(mailboxMessages.id, id)).for('update');
    const message = guard(scope, found, 'Mailbox message', 'mailbox.read');
    if (message.ticketId) return { ticketId: message.ticketId };
    if (!message.customerId) throw invalid('customerId', tell('mailHasNoCustomer'));
    const ticket = await openTicket(tx, scope, {
      kind: input.kind, title: input.title ?? (message.subject.slice(0, 200) || `来信 ${message.fromAddress}`.slice(0, 200)),
      description: message.text.slice(0, 5000) || undefined, channel: 'email', customerId: message.customerId,
    }, terms);
    await tx.update(mailboxMessages).set({ ticketId: ticket.id }).where(eq(mailboxMessages.id, message.id));
    await record(tx, scope, { action: 'mailbox.ticket_made', entity: 'mailbox_message', entityId: message.id, unitId: message.unitId, after: { id: message.id, ticketId: ticket.id } });
    return { ticketId: ticket.id };
  });
}

async function present(db: Db, scope: Scope, list: Row[]) {
  const names = await customerNames(db, scope, list.flatMap((r) => (r.customerId ? [r.customerId] : [])));
  return list.map((r) => ({
    ...r, customerName: r.customerId ? names.get(r.customerId)?.name ?? null : null,
    attachments: r.attachments.map(({ sha256: _s, ...file }, index) => ({ index, ...file })),
  }));
}
