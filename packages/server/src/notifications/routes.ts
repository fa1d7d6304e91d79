import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Consent, ConsentChange, MessageChannel, MessagePreview, MessageRequest, NewTemplate, OutboundMessage, Template } from '@xiang/shared';
import { authenticate } from '../platform/http.ts';
import { languageOf, say } from '../platform/messages.ts';
import { consentsOf, createTemplate, customerMessages, listTemplates, previewMessage, sendMessage, setConsent } from './service.ts';

const CustomerParam = z.object({ id: z.uuid() });
const tags = ['Messages'];

export const notificationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', authenticate);
  const rules = app.config;
  app.get('/message-templates', { schema: { tags, querystring: z.strictObject({ channel: MessageChannel.optional() }), response: { 200: z.object({ items: z.array(Template) }) } } },
    async (req) => ({ items: await listTemplates(app.db, req.scope, req.query) }));
  app.post('/message-templates', { schema: { tags, body: NewTemplate, response: { 201: Template } } },
    async (req, reply) => reply.code(201).send(await createTemplate(app.db, req.scope, req.body)));

  app.post('/customers/:id/messages/preview', { schema: { tags, params: CustomerParam, body: MessageRequest, response: { 200: MessagePreview } } }, async (req) => {
    const preview = await previewMessage(app.db, req.scope, req.params.id, req.body, rules);
    const language = languageOf(req.headers['accept-language']);
    return { ...preview, refusals: preview.refusals.map((r) => ({ code: r.key, message: say(r, language) })) };
  });
  app.post('/customers/:id/messages', { schema: { tags, params: CustomerParam, body: MessageRequest, response: { 201: OutboundMessage } } },
    async (req, reply) => reply.code(201).send(await sendMessage(app.db, req.scope, req.params.id, req.body, rules)));
  app.get('/customers/:id/messages', { schema: { tags, params: CustomerParam, response: { 200: z.object({ items: z.array(OutboundMessage) }) } } },
    async (req) => ({ items: await customerMessages(app.db, req.scope, req.params.id) }));

  app.get('/customers/:id/consents', { schema: { tags, params: CustomerParam, response: { 200: z.object({ items: z.array(Consent) }) } } },
    async (req) => ({ items: await consentsOf(app.db, req.scope, req.params.id) }));
  app.put('/customers/:id/consents', { schema: { tags, params: CustomerParam, body: ConsentChange, response: { 200: z.object({ items: z.array(Consent) }) } } },
    async (req) => ({ items: await setConsent(app.db, req.scope, req.params.id, req.body) }));
};
