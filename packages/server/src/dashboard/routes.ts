import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { FiguresQuery, MyWork, UnitFigures } from '@xiang/shared';
import { authenticate } from '../platform/http.ts';
import { myWork, unitFigures } from './service.ts';

const tags = ['Dashboard'];
export const dashboardRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', authenticate);
  app.get('/dashboard/figures', { schema: { tags, querystring: FiguresQuery, response: { 200: UnitFigures } } },
    async (req) => unitFigures(app.db, req.scope, req.query));
  app.get('/dashboard/my-work', { schema: { tags, response: { 200: MyWork } } }, async (req) => myWork(app.db, req.scope));
};
