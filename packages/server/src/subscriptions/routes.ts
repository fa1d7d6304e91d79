import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Bill, NewPayment, NewProduct, NewSubscription, Payment, Points, PointsAdjustment, Product, RevealedValue, Subscription, SubscriptionChange } from '@xiang/shared';
import { reaching, signedIn } from '../platform/access.ts';
import {
  addSubscription, changeSubscription, createProduct, listBills, listPayments, listProducts, listSubscriptions, recordPayment, revealServiceNumber,
} from './service.ts';
import { getCustomer } from '../customers/service.ts';
import { adjustPoints, pointsOf } from './points.ts';

const CustomerParam = z.object({ customerId: z.uuid() });
const tags = ['Services and billing'];
const to = reaching('customer');
const Limit = z.object({ limit: z.coerce.number().int().min(1).max(120).default(12) });

export const subscriptionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/products', { config: signedIn('product'), schema: { tags, response: { 200: z.object({ items: z.array(Product) }) } } },
    async () => ({ items: await listProducts(app.db) }));
  app.post('/products', { config: reaching('product')('product.manage'), schema: { tags, body: NewProduct, response: { 201: Product } } },
    async (req, reply) => reply.code(201).send(await createProduct(app.db, req.scope, req.body)));
  app.patch('/customers/:customerId/subscriptions/:subscriptionId', { config: to('subscription.write'),
    schema: { tags, params: CustomerParam.extend({ subscriptionId: z.uuid() }), body: SubscriptionChange, response: { 200: Subscription } },
  }, async (req) => changeSubscription(app.db, req.scope, req.params.customerId, req.params.subscriptionId, req.body));
  app.post('/customers/:customerId/subscriptions/:subscriptionId/reveal', { config: to('customer.reveal'),
    schema: { tags, params: CustomerParam.extend({ subscriptionId: z.uuid() }), response: { 200: RevealedValue } },
  }, async (req) => revealServiceNumber(app.db, req.scope, req.params.customerId, req.params.subscriptionId));
  app.post('/customers/:customerId/payments', { config: to('subscription.write'), schema: { tags, params: CustomerParam, body: NewPayment, response: { 201: Payment } } },
    async (req, reply) => reply.code(201).send(await recordPayment(app.db, req.scope, req.params.customerId, req.body)));
  app.get('/customers/:customerId/subscriptions', { config: to('customer.read'), schema: { tags, params: CustomerParam, response: { 200: z.object({ items: z.array(Subscription) }) } } },
    async (req) => ({ items: await listSubscriptions(app.db, await getCustomer(app.db, req.scope, req.params.customerId)) }));
  app.post('/customers/:customerId/subscriptions', { config: to('subscription.write'), schema: { tags, params: CustomerParam, body: NewSubscription, response: { 201: Subscription } } },
    async (req, reply) => reply.code(201).send(await addSubscription(app.db, req.scope, req.params.customerId, req.body)));
  app.get('/customers/:customerId/bills', { config: to('customer.read'), schema: { tags, params: CustomerParam, querystring: Limit, response: { 200: z.object({ items: z.array(Bill) }) } } },
    async (req) => ({ items: await listBills(app.db, await getCustomer(app.db, req.scope, req.params.customerId), req.query) }));
  app.get('/customers/:customerId/payments', { config: to('customer.read'), schema: { tags, params: CustomerParam, querystring: Limit, response: { 200: z.object({ items: z.array(Payment) }) } } },
    async (req) => ({ items: await listPayments(app.db, await getCustomer(app.db, req.scope, req.params.customerId), req.query) }));
  app.get('/customers/:customerId/points', { config: to('customer.read'), schema: { tags, summary: 'The customer\'s points: balance and latest entries', params: CustomerParam, querystring: Limit, response: { 200: Points } } },
    async (req) => pointsOf(app.db, await getCustomer(app.db, req.scope, req.params.customerId), req.query));
  app.post('/customers/:customerId/points', { config: to('subscription.write'), schema: { tags, summary: 'Add or take away points, with the reason', params: CustomerParam, body: PointsAdjustment, response: { 201: Points } } },
    async (req, reply) => reply.code(201).send(await adjustPoints(app.db, req.scope, req.params.customerId, req.body)));
};
