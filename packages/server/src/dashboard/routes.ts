import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { FiguresQuery, MyWork, UnitFigures } from '@xiang/shared';
import { reaching } from '../platform/access.ts';
import { myWork, unitFigures } from './service.ts';

const tags = ['Dashboard'];
const to = reaching('figures');
export const dashboardRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/dashboard/figures', { config: to('customer.read'), schema: { tags, querystring: FiguresQuery, response: { 200: UnitFigures } } },
    async (req) => unitFigures(app.db, req.scope, req.query));
  app.get('/dashboard/my-work', { config: to('customer.read'), schema: { tags, response: { 200: MyWork } } }, async (req) => myWork(app.db, req.scope));
};
