import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ServiceContract, ServiceContractInput } from '@xiang/shared';
import { reaching } from '../platform/access.ts';
import { serviceContract, setServiceContract } from './contracts.ts';

const CustomerParam = z.object({ customerId: z.uuid() });
const tags = ['Service'];
const to = reaching('customer');

/** 服务合同 — a customer's own SLA terms: everyone who sees the customer reads them; those who set SLA terms set them. */
export const contractRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/customers/:customerId/service-contract', { config: to('customer.read'),
    schema: { tags, summary: 'The customer\'s service contract (their own SLA terms)', params: CustomerParam, response: { 200: ServiceContract } } },
  async (req) => serviceContract(app.db, req.scope, req.params.customerId));
  app.put('/customers/:customerId/service-contract', { config: to('sla.manage'),
    schema: { tags, summary: 'Set the customer\'s service contract; an empty list ends it', params: CustomerParam, body: ServiceContractInput, response: { 200: ServiceContract } } },
  async (req) => setServiceContract(app.db, req.scope, req.params.customerId, req.body));
};
