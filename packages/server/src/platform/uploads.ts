import type { FastifyReply, FastifyRequest } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { invalid } from './errors.ts';
import { defineMessages } from './messages.ts';

declare module 'fastify' {
  interface FastifySchema {
    /**
     * The text fields of a multipart form beside its one file (field `file`). The route reads the
     * form itself and checks the fields with this schema; the OpenAPI document describes the form
     * from it, so the console's client types the upload like any other body.
     */
    upload?: z.ZodObject;
  }
}

/** A route that takes one file and these fields as multipart/form-data. */
export const uploadOf = (fields: z.ZodObject = z.object({})) => ({ consumes: ['multipart/form-data'], upload: fields });

type Transform = typeof jsonSchemaTransform;

/**
 * The zod type provider's OpenAPI transform, and for an upload route the form it takes: the file
 * as binary and the fields as the form sends them (their input, before coercion or parsing).
 */
export const documentUploads: Transform = (input) => {
  const out = jsonSchemaTransform(input);
  const form = (input.schema as { upload?: z.ZodObject } | undefined)?.upload;
  if (!form) return out;
  const { properties = {}, required = [] } = z.toJSONSchema(form, { io: 'input', unrepresentable: 'any' }) as { properties?: object; required?: string[] };
  const { upload: _upload, ...schema } = out.schema as Record<string, unknown>;
  return {
    ...out,
    schema: { ...schema, body: { type: 'object', required: ['file', ...required], properties: { ...properties, file: { type: 'string', format: 'binary' } } } },
  };
};

const tell = defineMessages({
  oneFileOnly: { en: 'An attachment is one file in the field "file", and nothing else.', zh: '每次只能上传一个附件，放在 file 字段中，不能附带其他内容。' },
});

/**
 * The one file of an upload. The whole form is read, so a form cut short is refused here and a
 * second file or an unexpected field is refused rather than silently dropped.
 */
export async function readOneFile(req: FastifyRequest) {
  if (!req.isMultipart()) throw invalid('file', { key: 'sendMultipart' });
  let file: { fileName: string; bytes: Buffer } | null = null;
  for await (const part of req.parts()) {
    // A file part is read even when refused: the form's reader waits until each file is consumed.
    const bytes = part.type === 'file' ? await part.toBuffer() : null;
    if (part.type !== 'file' || !bytes || part.fieldname !== 'file' || file) throw invalid(part.fieldname || 'file', tell('oneFileOnly'));
    file = { fileName: part.filename, bytes };
  }
  if (!file) throw invalid('file', { key: 'noFileSent' });
  return file;
}

const inlineTypes = /^(image\/(png|jpeg|gif|webp)|audio\/.+|video\/.+|application\/pdf|text\/plain)$/;

/**
 * A stored file as the answer: shown in the browser when it is a kind that is safe to show, else
 * downloaded; never sniffed again by the browser, and sandboxed, so an uploaded file runs nothing.
 */
export function sendFile(reply: FastifyReply, file: { mediaType: string; fileName: string; bytes: Buffer }) {
  const disposition = inlineTypes.test(file.mediaType) ? 'inline' : 'attachment';
  return reply
    .header('content-type', file.mediaType)
    .header('content-disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, max-age=3600')
    .send(file.bytes);
}
