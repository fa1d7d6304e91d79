import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AuditPage, AuditQuery } from '@xiang/shared';
import { reaching } from '../platform/access.ts';
import { auditTrail } from './service.ts';

const tags = ['Audit'];
export const auditTrailRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/audit', { config: reaching('audit_log')('audit.read'),
    schema: { tags, querystring: AuditQuery, response: { 200: AuditPage } },
  }, async (req) => auditTrail(app.db, req.scope, req.query));
};
