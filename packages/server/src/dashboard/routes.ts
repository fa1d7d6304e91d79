import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authenticate } from '../platform/http.ts';
import { myWork, unitFigures } from './service.ts';

const tags = ['Dashboard'];
const Count = z.number();

export const UnitFigures = z.object({
  totals: z.object({
    customers: Count, keyCustomers: Count, enterprises: Count, activeServices: Count, monthlyFeeFen: Count, owedFen: Count, overdueBills: Count,
  }),
  byUnit: z.array(z.object({ unitId: z.string(), unitName: z.string(), unitNameEn: z.string().nullable(), customers: Count })),
  byTier: z.array(z.object({ tier: z.string(), customers: Count })),
  newByMonth: z.array(z.object({ month: z.string(), customers: Count })),
  interactionsByMonth: z.array(z.object({ month: z.string(), kind: z.string(), count: Count })),
  servicesByCategory: z.array(z.object({ category: z.string(), count: Count })),
});

export const MyWork = z.object({
  counts: z.object({ customers: Count, keyCustomers: Count }),
  openBills: z.array(z.object({
    billId: z.string(), customerId: z.string(), customerName: z.string(), period: z.string(),
    amountFen: Count, paidFen: Count, dueDate: z.string(), status: z.string(),
  })),
  recentInteractions: z.array(z.object({
    id: Count, customerId: z.string(), customerName: z.string(), occurredAt: z.date(), kind: z.string(),
    channel: z.string(), type: z.string(), summary: z.string(), actorName: z.string().nullable(),
  })),
});

export const dashboardRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('preHandler', authenticate);
  app.get('/dashboard/figures', { schema: { tags, response: { 200: UnitFigures } } }, async (req) => unitFigures(app.db, req.scope));
  app.get('/dashboard/my-work', { schema: { tags, response: { 200: MyWork } } }, async (req) => myWork(app.db, req.scope));
};
