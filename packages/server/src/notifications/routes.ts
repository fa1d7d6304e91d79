import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Consent, ConsentChange, MessageChannel, MessagePreview, MessageRequest, NewTemplate, NoticeChannel, NoticeChannelChange, OutboundMessage, Template } from '@xiang/shared';
import { reaching } from '../platform/access.ts';
import { languageOf, say } from '../platform/messages.ts';
import { getCustomer, lockCustomer } from '../customers/service.ts';
import { noticeChannelOf, setNoticeChannel } from './notice-channel.ts';
import { consentsOf, createTemplate, customerMessages, listTemplates, previewMessage, sendMessage, setConsent } from './service.ts';

const CustomerParam = z.object({ customerId: z.uuid() });
const toTemplates = reaching('message_template');
const toCustomer = reaching('customer');
const tags = ['Messages'];

export const notificationRoutes: FastifyPluginAsyncZod = async (app) => {
  const rules = app.config;
  app.get('/message-templates', { config: toTemplates('customer.read'), schema: { tags, querystring: z.strictObject({ channel: MessageChannel.optional() }), response: { 200: z.object({ items: z.array(Template) }) } } },
    async (req) => ({ items: await listTemplates(app.db, req.scope, req.query) }));
  app.post('/message-templates', { config: toTemplates('message.template'), schema: { tags, body: NewTemplate, response: { 201: Template } } },
    async (req, reply) => reply.code(201).send(await createTemplate(app.db, req.scope, req.body)));

  app.post('/customers/:customerId/messages/preview', { config: toCustomer('message.send'), schema: { tags, params: CustomerParam, body: MessageRequest, response: { 200: MessagePreview } } }, async (req) => {
    const preview = await previewMessage(app.db, req.scope, req.params.customerId, req.body, rules);
    const language = languageOf(req.headers['accept-language']);
    return { ...preview, refusals: preview.refusals.map((r) => ({ code: r.key, message: say(r, language) })) };
  });
  app.post('/customers/:customerId/messages', { config: toCustomer('message.send'), schema: { tags, params: CustomerParam, body: MessageRequest, response: { 201: OutboundMessage } } },
    async (req, reply) => reply.code(201).send(await sendMessage(app.db, req.scope, req.params.customerId, req.body, rules)));
  app.get('/customers/:customerId/messages', { config: toCustomer('customer.read'), schema: { tags, params: CustomerParam, response: { 200: z.object({ items: z.array(OutboundMessage) }) } } },
    async (req) => ({ items: await customerMessages(app.db, req.scope, req.params.customerId) }));

  app.get('/customers/:customerId/consents', { config: toCustomer('customer.read'), schema: { tags, params: CustomerParam, response: { 200: z.object({ items: z.array(Consent) }) } } },
    async (req) => ({ items: await consentsOf(app.db, req.scope, req.params.customerId) }));
  app.put('/customers/:customerId/consents', { config: toCustomer('customer.write'), schema: { tags, params: CustomerParam, body: ConsentChange, response: { 200: z.object({ items: z.array(Consent) }) } } },
    async (req) => ({ items: await setConsent(app.db, req.scope, req.params.customerId, req.body) }));

  app.get('/customers/:customerId/notice-channel', { config: toCustomer('customer.read'), schema: { tags, summary: 'How the customer hears of their tickets and services', params: CustomerParam, response: { 200: NoticeChannel } } },
    async (req) => noticeChannelOf(app.db, await getCustomer(app.db, req.scope, req.params.customerId)));
  app.put('/customers/:customerId/notice-channel', { config: toCustomer('customer.write'), schema: { tags, summary: 'Record the channel the customer chose (null: the default)', params: CustomerParam, body: NoticeChannelChange, response: { 200: NoticeChannel } } },
    async (req) => setNoticeChannel(app.db, req.scope, req.body.channel, 'staff', (tx) => lockCustomer(tx, req.scope, req.params.customerId, 'customer.write')));
};
