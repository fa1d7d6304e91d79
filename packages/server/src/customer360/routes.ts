import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Customer360 } from '@xiang/shared';
import { authenticate } from '../platform/http.ts';
import { customer360 } from './view.ts';

export const customer360Routes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', authenticate);
  app.get('/customers/:id/360', { schema: { tags: ['Customers'], params: z.object({ id: z.uuid() }), response: { 200: Customer360 } } },
    async (req) => customer360(app.db, req.scope, req.params.id));
};
