import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ContactTicket, HotlineCall, HotlineCallPage, HotlineCallQuery, MailboxMessage, MailboxMessagePage, MailboxQuery, NewHotlineCall, TicketFromContact } from '@xiang/shared';
import { reaching } from '../platform/access.ts';
import { sendFile } from '../platform/uploads.ts';
import { getCall, listCalls, logCall, ticketFromCall } from './calls.ts';
import { getMessage, listMessages, readMessageFile, ticketFromMessage } from './mailbox.ts';

const tags = ['Contact centre'];
const call = reaching('hotlineCall');
const mail = reaching('mailboxMessage');
const CallParam = z.object({ hotlineCallId: z.uuid() });
const MessageParam = z.object({ mailboxMessageId: z.uuid() });

/** 热线与信箱 — calls posted by the call centre (an API token of a staff user) or typed in, and the mailbox's messages. */
export const contactRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/hotline/calls', { config: call('hotline.write'), schema: { tags, body: NewHotlineCall, response: { 200: HotlineCall, 201: HotlineCall } } },
    async (req, reply) => {
      const { isNew, call: logged } = await logCall(app.db, req.scope, req.body);
      return reply.code(isNew ? 201 : 200).send(logged);
    });
  app.get('/hotline/calls', { config: call('hotline.read'), schema: { tags, querystring: HotlineCallQuery, response: { 200: HotlineCallPage } } },
    async (req) => listCalls(app.db, req.scope, req.query));
  app.get('/hotline/calls/:hotlineCallId', { config: call('hotline.read'), schema: { tags, params: CallParam, response: { 200: HotlineCall } } },
    async (req) => getCall(app.db, req.scope, req.params.hotlineCallId));
  app.post('/hotline/calls/:hotlineCallId/ticket', { config: call('ticket.write'), schema: { tags, params: CallParam, body: TicketFromContact, response: { 200: ContactTicket } } },
    async (req) => ticketFromCall(app.db, req.scope, req.params.hotlineCallId, req.body, app.config));

  app.get('/mailbox/messages', { config: mail('mailbox.read'), schema: { tags, querystring: MailboxQuery, response: { 200: MailboxMessagePage } } },
    async (req) => listMessages(app.db, req.scope, req.query));
  app.get('/mailbox/messages/:mailboxMessageId', { config: mail('mailbox.read'), schema: { tags, params: MessageParam, response: { 200: MailboxMessage } } },
    async (req) => getMessage(app.db, req.scope, req.params.mailboxMessageId));
  app.get('/mailbox/messages/:mailboxMessageId/attachments/:index', { config: mail('mailbox.read'),
    schema: { tags, params: MessageParam.extend({ index: z.coerce.number().int().min(0).max(999) }) } },
  async (req, reply) => sendFile(reply, await readMessageFile(app.db, app.blobs, req.scope, req.params.mailboxMessageId, req.params.index)));
  app.post('/mailbox/messages/:mailboxMessageId/ticket', { config: mail('ticket.write'), schema: { tags, params: MessageParam, body: TicketFromContact, response: { 200: ContactTicket } } },
    async (req) => ticketFromMessage(app.db, req.scope, req.params.mailboxMessageId, req.body, app.config));
};
