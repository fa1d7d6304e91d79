import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Attachment, Interaction, NewInteraction, TimelinePage, TimelineQuery } from '@xiang/shared';
import { authenticate } from '../platform/http.ts';
import { invalid } from '../platform/errors.ts';
import { addInteraction, timeline } from './service.ts';
import { readAttachment, uploadAttachment } from './attachments.ts';

const CustomerParam = z.object({ id: z.uuid() });
const tags = ['Timeline'];
const inlineTypes = /^(image\/(png|jpeg|gif|webp)|audio\/.+|video\/.+|application\/pdf|text\/plain)$/;

export const interactionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', authenticate);
  app.get('/customers/:id/timeline', { schema: { tags, params: CustomerParam, querystring: TimelineQuery, response: { 200: TimelinePage } } },
    async (req) => timeline(app.db, req.scope, req.params.id, req.query));
  app.post('/customers/:id/interactions', { schema: { tags, params: CustomerParam, body: NewInteraction, response: { 201: Interaction } } },
    async (req, reply) => reply.code(201).send(await addInteraction(app.db, req.scope, req.params.id, req.body)));

  app.post('/customers/:id/attachments', {
    schema: { tags, params: CustomerParam, consumes: ['multipart/form-data'], response: { 201: Attachment } },
  }, async (req, reply) => {
    if (!req.isMultipart()) throw invalid('file', { key: 'sendMultipart' });
    const part = await req.file();
    if (!part) throw invalid('file', { key: 'noFileSent' });
    const bytes = await part.toBuffer();
    const row = await uploadAttachment(app.db, app.blobs, req.scope, req.params.id, { fileName: part.filename, bytes });
    return reply.code(201).send(row);
  });

  app.get('/customers/:id/attachments/:attachmentId', {
    schema: { tags, params: z.object({ id: z.uuid(), attachmentId: z.uuid() }) },
  }, async (req, reply) => {
    const file = await readAttachment(app.db, app.blobs, req.scope, req.params.id, req.params.attachmentId);
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
