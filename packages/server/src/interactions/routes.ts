import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Attachment, Interaction, NewInteraction, TimelinePage, TimelineQuery } from '@xiang/shared';
import { reaching } from '../platform/access.ts';
import { getCustomer } from '../customers/service.ts';
import { addInteraction, timeline } from './service.ts';
import { readAttachment, uploadAttachment } from './attachments.ts';
import { readOneFile, sendFile, uploadOf } from '../platform/uploads.ts';

const CustomerParam = z.object({ customerId: z.uuid() });

const tags = ['Timeline'];
const to = reaching('customer');

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
    return sendFile(reply, await readAttachment(app.db, app.blobs, req.scope, req.params.customerId, req.params.attachmentId));
  });
};
