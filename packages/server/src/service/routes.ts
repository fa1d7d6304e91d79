import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NewTicket, NewTicketMessage, TicketBulk, TicketBulkResult, TicketChange, TicketDetail, TicketMerge, TicketMessage, TicketPage, TicketQuery, TicketStep } from '@xiang/shared';
import { reaching } from '../platform/access.ts';
import { addTicketMessage, bulkTickets, changeTicket, getTicket, listTickets, mergeTickets, openTicket, stepTicket } from './service.ts';

const TicketParam = z.object({ ticketId: z.uuid() });
const tags = ['Service'];
const to = reaching('ticket');

export const ticketRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/tickets', { config: to('ticket.read'), schema: { tags, querystring: TicketQuery, response: { 200: TicketPage } } },
    async (req) => listTickets(app.db, req.scope, req.query));
  app.post('/tickets', { config: to('ticket.write'), schema: { tags, body: NewTicket, response: { 201: TicketDetail } } },
    async (req, reply) => reply.code(201).send(await openTicket(app.db, req.scope, req.body, app.config)));
  app.post('/tickets/bulk', { config: to('ticket.manage'), schema: { tags, body: TicketBulk, response: { 200: TicketBulkResult } } },
    async (req) => bulkTickets(app.db, req.scope, req.body, app.config));
  app.get('/tickets/:ticketId', { config: to('ticket.read'), schema: { tags, params: TicketParam, response: { 200: TicketDetail } } },
    async (req) => getTicket(app.db, req.scope, req.params.ticketId));
  app.patch('/tickets/:ticketId', { config: to('ticket.write'), schema: { tags, params: TicketParam, body: TicketChange, response: { 200: TicketDetail } } },
    async (req) => changeTicket(app.db, req.scope, req.params.ticketId, req.body, app.config));
  app.post('/tickets/:ticketId/steps', { config: to('ticket.write'), schema: { tags, params: TicketParam, body: TicketStep, response: { 200: TicketDetail } } },
    async (req) => stepTicket(app.db, req.scope, req.params.ticketId, req.body, app.config));
  app.post('/tickets/:ticketId/messages', { config: to('ticket.write'), schema: { tags, params: TicketParam, body: NewTicketMessage, response: { 201: TicketMessage } } },
    async (req, reply) => reply.code(201).send(await addTicketMessage(app.db, req.scope, req.params.ticketId, req.body)));
  app.post('/tickets/:ticketId/merge', { config: to('ticket.manage'), schema: { tags, params: TicketParam, body: TicketMerge, response: { 200: TicketDetail } } },
    async (req) => mergeTickets(app.db, req.scope, req.params.ticketId, req.body.duplicateId));
};
