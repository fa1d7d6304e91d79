import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ServiceStats, ServiceStatsQuery } from '@xiang/shared';
import { reaching } from '../platform/access.ts';
import { serviceStats } from './stats.ts';

const to = reaching('ticket');

/** 服务统计 — everyone who reads the queue reads its figures, within their own units. */
export const statsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/service/stats', { config: to('ticket.read'), schema: { tags: ['Service'], summary: 'Service statistics for a period, grouped by one dimension', querystring: ServiceStatsQuery, response: { 200: ServiceStats } } },
    async (req) => serviceStats(app.db, req.scope, req.query, app.config));
};
