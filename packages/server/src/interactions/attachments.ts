import { and, eq } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import type { BlobStore } from '../platform/blobs.ts';
import { invalid, notFound } from '../platform/errors.ts';
import { record } from '../platform/audit.ts';
import type { Scope } from '../platform/scope.ts';
import { getCustomer, lockCustomer } from '../customers/service.ts';
import { attachments } from './schema.ts';
import { attachmentColumns } from './service.ts';

/** Kinds of file staff may attach: voice, pictures, documents. The bytes decide, not the name. */
const allowedTypes = /^(image\/(png|jpeg|gif|webp|bmp|tiff)|audio\/.+|video\/(mp4|webm|quicktime)|application\/(pdf|zip|x-cfb|vnd\.openxmlformats-officedocument\..+|vnd\.ms-.+|x-ole-storage))$/;

/** The type a file really is: sniffed from its first bytes; plain text is recognised as text. */
export async function sniffMediaType(bytes: Buffer, fileName: string): Promise<string | null> {
  const { fileTypeFromBuffer } = await import('file-type'); // loaded at the first upload, not at start
  const sniffed = await fileTypeFromBuffer(bytes);
  if (sniffed) return allowedTypes.test(sniffed.mime) ? sniffed.mime : null;
  const isText = bytes.length > 0 && !bytes.subarray(0, 8192).includes(0);
  if (!isText) return null;
  return /\.csv$/i.test(fileName) ? 'text/csv' : 'text/plain';
}

/** 多媒体资料 — a file for a customer, kept durably before the answer goes back. */
export async function uploadAttachment(db: Db, blobs: BlobStore, scope: Scope, customerId: string, file: { fileName: string; bytes: Buffer }) {
  await getCustomer(db, scope, customerId, 'interaction.write');
  if (file.bytes.length === 0) throw invalid('file', { key: 'fileEmpty' });
  const mediaType = await sniffMediaType(file.bytes, file.fileName);
  if (!mediaType) throw invalid('file', { key: 'fileKindRefused' });
  const sha256 = await blobs.put(file.bytes);
  return db.transaction(async (tx) => {
    const customer = await lockCustomer(tx, scope, customerId, 'interaction.write');
    const fileName = file.fileName.normalize('NFC').replace(/[\\/\u0000-\u001f]/g, '_').slice(-200) || 'file';
    const [row] = await tx.insert(attachments).values({
      customerId, fileName, mediaType, sizeBytes: file.bytes.length, sha256, uploadedBy: scope.userId,
    }).returning(attachmentColumns);
    await record(tx, scope, { action: 'attachment.uploaded', entity: 'attachment', entityId: row.id, unitId: customer.unitId, after: { ...row, sha256 } });
    return row;
  });
}

export async function readAttachment(db: Db, blobs: BlobStore, scope: Scope, customerId: string, attachmentId: string) {
  await getCustomer(db, scope, customerId);
  const [row] = await db.select().from(attachments).where(and(eq(attachments.id, attachmentId), eq(attachments.customerId, customerId)));
  if (!row) throw notFound('Attachment');
  const bytes = await blobs.get(row.sha256);
  if (!bytes) throw notFound('Attachment file');
  return { ...row, bytes };
}
