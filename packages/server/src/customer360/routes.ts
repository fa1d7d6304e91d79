import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Customer360 } from '@xiang/shared';
import { reaching } from '../platform/access.ts';
import { customer360 } from './view.ts';

export const customer360Routes: FastifyPluginAsyncZod = async (app) => {
  app.get('/customers/:customerId/360', { config: reaching('customer')('customer.read'), schema: { tags: ['Customers'], params: z.object({ customerId: z.uuid() }), response: { 200: Customer360 } } },
    async (req) => customer360(app.db, req.scope, req.params.customerId));
};
