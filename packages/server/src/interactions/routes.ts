import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Attachment, Interaction, NewInteraction, TimelinePage, TimelineQuery } from '@xiang/shared';
import { reaching } from '../platform/access.ts';
import { invalid } from '../platform/errors.ts';
import { defineMessages } from '../platform/messages.ts';
import { getCustomer } from '../customers/service.ts';
import { addInteraction, timeline } from './service.ts';
import { readAttachment, uploadAttachment } from './attachments.ts';
import { uploadOf } from '../platform/uploads.ts';

const CustomerParam = z.object({ customerId: z.uuid() });

const tell = defineMessages({
  oneFileOnly: { en: 'An attachment is one file in the field "file", and nothing else.', zh: '每次只能上传一个附件，放在 file 字段中，不能附带其他内容。' },
});

/**
 * The one file of an upload. The whole form is read, so a form cut short is refused here and a
 * second file or an unexpected field is refused rather than silently dropped.
 */
async function readOneFile(req: FastifyRequest) {
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
const tags = ['Timeline'];
const to = reaching('customer');
const inlineTypes = /^(image\/(png|jpeg|gif|webp)|audio\/.+|video\/.+|application\/pdf|text\/plain)$/;

export const interactionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/customers/:customerId/timeline', { config: to('customer.read'), schema: { tags, params: CustomerParam, querystring: TimelineQuery, response: { 200: TimelinePage } } },
    async (req) => timeline(app.db, await getCustomer(app.db, req.scope, req.params.customerId), req.query));
  app.post('/customers/:customerId/interactions', { config: to('interaction.write'), schema: { tags, params: CustomerParam, body: NewInteraction, response: { 201: Interaction } } },
    async (req, reply) => reply.code(201).send(await addInteraction(app.db, req.scope, req.params.customerId, req.body)));

  app.post('/customers/:customerId/attachments', { config: to('interaction.write'),
    schema: { tags, params: CustomerParam, ...uploadOf(), response: { 201: Attachment } },
  }, async (req, reply) => {
    const file = await readOneFile(req);
    const row = await uploadAttachment(app.db, app.blobs, req.scope, req.params.customerId, file);
    return reply.code(201).send(row);
  });

  app.get('/customers/:customerId/attachments/:attachmentId', { config: to('customer.read'),
    schema: { tags, params: CustomerParam.extend({ attachmentId: z.uuid() }) },
  }, async (req, reply) => {
    const file = await readAttachment(app.db, app.blobs, req.scope, req.params.customerId, req.params.attachmentId);
    const disposition = inlineTypes.test(file.mediaType) ? 'inline' : 'attachment';
    return reply
      .header('content-type', file.mediaType)
      .header('content-disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, max-age=3600')
      .send(file.bytes);
  });
};
