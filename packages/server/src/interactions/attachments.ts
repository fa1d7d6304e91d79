import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import type { BlobStore } from '../platform/blobs.ts';
import { invalid, notFound } from '../platform/errors.ts';
import { record, type Actor } from '../platform/audit.ts';
import type { Scope, VisibleCustomer } from '../platform/scope.ts';
import { defineMessages, type Said } from '../platform/messages.ts';
import { getCustomer, lockCustomer } from '../customers/service.ts';
import { attachments } from './schema.ts';
import { attachmentColumns } from './service.ts';

/** Kinds of file staff may attach: voice, pictures, documents. The bytes decide, not the name. */
const allowedTypes = /^(image\/(png|jpeg|gif|webp|bmp|tiff)|audio\/.+|video\/(mp4|webm|quicktime)|application\/(pdf|zip|x-cfb|vnd\.openxmlformats-officedocument\..+|vnd\.ms-.+|x-ole-storage))$/;

/** What a customer sends from the portal: photos (of a modem's lights, a bill, a broken line). */
const photoTypes = /^image\/(png|jpeg|gif|webp|bmp|heic|heif)$/;

const tell = defineMessages({
  photoOnly: { en: 'Send a photo (JPEG, PNG, WebP, GIF or HEIC).', zh: '请上传照片（JPEG、PNG、WebP、GIF 或 HEIC 格式）。' },
  attachmentNotYours: { en: 'One of these files is not among the ones you sent.', zh: '其中有文件不是您上传的。' },
});

/** The type a file really is: sniffed from its first bytes; plain text is recognised as text. */
export async function sniffMediaType(bytes: Buffer, fileName: string, allowed = allowedTypes): Promise<string | null> {
  const { fileTypeFromBuffer } = await import('file-type'); // loaded at the first upload, not at start
  const sniffed = await fileTypeFromBuffer(bytes);
  if (sniffed) return allowed.test(sniffed.mime) ? sniffed.mime : null;
  if (allowed !== allowedTypes) return null;
  const isText = bytes.length > 0 && !bytes.subarray(0, 8192).includes(0);
  if (!isText) return null;
  return /\.csv$/i.test(fileName) ? 'text/csv' : 'text/plain';
}

/** 多媒体资料 — a file for a customer, kept durably before the answer goes back. */
export async function uploadAttachment(db: Db, blobs: BlobStore, scope: Scope, customerId: string, file: { fileName: string; bytes: Buffer }) {
  await getCustomer(db, scope, customerId, 'interaction.write');
  return keepFile(db, blobs, scope, file, allowedTypes, { key: 'fileKindRefused' }, (tx) => lockCustomer(tx, scope, customerId, 'interaction.write'));
}

/** A photo the customer sends themself from the portal; `lock` locks their own record (customers/themself.ts). */
export async function uploadCustomerPhoto(db: Db, blobs: BlobStore, actor: Actor, file: { fileName: string; bytes: Buffer }, lock: (tx: Db) => Promise<VisibleCustomer>) {
  return keepFile(db, blobs, actor, file, photoTypes, tell('photoOnly'), lock);
}

async function keepFile(db: Db, blobs: BlobStore, actor: Actor, file: { fileName: string; bytes: Buffer }, allowed: RegExp, refusal: Said,
  lock: (tx: Db) => Promise<VisibleCustomer>) {
  if (file.bytes.length === 0) throw invalid('file', { key: 'fileEmpty' });
  const mediaType = await sniffMediaType(file.bytes, file.fileName, allowed);
  if (!mediaType) throw invalid('file', refusal);
  const sha256 = await blobs.put(file.bytes);
  return db.transaction(async (tx) => {
    const customer = await lock(tx);
    const fileName = file.fileName.normalize('NFC').replace(/[\\/\u0000-\u001f]/g, '_').slice(-200) || 'file';
    const [row] = await tx.insert(attachments).values({
      customerId: customer.id, fileName, mediaType, sizeBytes: file.bytes.length, sha256, uploadedBy: actor.userId,
    }).returning(attachmentColumns);
    await record(tx, actor, { action: 'attachment.uploaded', entity: 'attachment', entityId: row.id, unitId: customer.unitId, after: { ...row, sha256 } });
    return row;
  });
}

/** The customer's files among these ids; one that is not theirs is refused, naming the field. */
export async function checkCustomerFiles(db: Db, customer: VisibleCustomer, ids: readonly string[], field = 'attachmentIds') {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return [];
  const found = await db.select({ id: attachments.id }).from(attachments).where(and(eq(attachments.customerId, customer.id), inArray(attachments.id, wanted)));
  if (found.length !== wanted.length) throw invalid(field, tell('attachmentNotYours'));
  return wanted;
}

/** One of the customer's files, with its bytes, for an answer; the caller decides which ones the customer may read. */
export async function readCustomerFile(db: Db, blobs: BlobStore, customer: VisibleCustomer, attachmentId: string) {
  const [row] = await db.select().from(attachments).where(and(eq(attachments.id, attachmentId), eq(attachments.customerId, customer.id)));
  if (!row) throw notFound('Attachment');
  const bytes = await blobs.get(row.sha256);
  if (!bytes) throw notFound('Attachment file');
  return { ...row, bytes };
}

export async function readAttachment(db: Db, blobs: BlobStore, scope: Scope, customerId: string, attachmentId: string) {
  return readCustomerFile(db, blobs, await getCustomer(db, scope, customerId), attachmentId);
}
