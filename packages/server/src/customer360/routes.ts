import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Bill, Contact, Customer, Identity, Subscription, TimelinePage } from '@xiang/shared';
import { authenticate } from '../platform/http.ts';
import { customer360 } from './view.ts';

export const Customer360 = z.object({
  customer: Customer,
  contacts: z.array(Contact),
  identities: z.array(Identity),
  subscriptions: z.array(Subscription),
  recentBills: z.array(Bill),
  openItems: z.object({ unpaidBills: z.number(), overdueBills: z.number() }),
  figures: z.object({
    monthlyFeeFen: z.number(), owedFen: z.number(), activeServices: z.number(), interactions: z.record(z.string(), z.number()),
  }),
  timeline: TimelinePage,
});

export const customer360Routes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', authenticate);
  app.get('/customers/:id/360', { schema: { tags: ['Customers'], params: z.object({ id: z.uuid() }), response: { 200: Customer360 } } },
    async (req) => customer360(app.db, req.scope, req.params.id));
};
