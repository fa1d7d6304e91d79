import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FailedJob, OperationsListQuery, QueueFigures } from '@xiang/shared';
import { reaching } from '../access.ts';
import { failedJobs, queueFigures, retryJob } from './admin.ts';

const tags = ['Operations'];
const to = reaching('job');

/** The job queues, for administrators (operations.manage). */
export const jobRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/jobs/queues', { config: to('operations.manage'), schema: { tags, response: { 200: z.object({ items: z.array(QueueFigures) }) } } },
    async (req) => ({ items: await queueFigures(app.db, req.scope) }));
  app.get('/jobs/failed', { config: to('operations.manage'), schema: { tags, querystring: OperationsListQuery.extend({ queue: z.string().max(200).optional() }), response: { 200: z.object({ items: z.array(FailedJob) }) } } },
    async (req) => ({ items: await failedJobs(app.db, req.scope, req.query) }));
  app.post('/jobs/:jobId/retry', { config: to('operations.manage'), schema: { tags, params: z.object({ jobId: z.coerce.number().int().positive() }), response: { 204: z.null() } } },
    async (req, reply) => reply.code(204).send(await retryJob(app.db, req.scope, req.params.jobId).then(() => null)));
};
