import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DeadLetter, OperationsListQuery, SubscriberFigures } from '@xiang/shared';
import { reaching } from '../access.ts';
import { deadLetters, replayDeadLetter, subscriberFigures } from './admin.ts';

const tags = ['Operations'];
const to = reaching('dead_letter');

/** The event subscribers and their dead letters, for administrators (operations.manage). */
export const eventRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/events/subscribers', { config: to('operations.manage'), schema: { tags, response: { 200: z.object({ items: z.array(SubscriberFigures) }) } } },
    async (req) => ({ items: await subscriberFigures(app.db, req.scope) }));
  app.get('/events/dead-letters', { config: to('operations.manage'), schema: { tags, querystring: OperationsListQuery.extend({ subscriber: z.string().max(200).optional() }), response: { 200: z.object({ items: z.array(DeadLetter) }) } } },
    async (req) => ({ items: await deadLetters(app.db, req.scope, req.query) }));
  app.post('/events/dead-letters/:letterId/replay', { config: to('operations.manage'), schema: { tags, params: z.object({ letterId: z.coerce.number().int().positive() }), response: { 204: z.null() } } },
    async (req, reply) => reply.code(204).send(await replayDeadLetter(app.db, req.scope, req.params.letterId).then(() => null)));
};
