import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './platform/config.ts';
import type { Database } from './platform/db/index.ts';
import { databaseBlobStore, fileBlobStore } from './platform/blobs.ts';
import { registerErrorHandling } from './platform/http.ts';
import { anyone, API_PREFIX, registerAccess } from './platform/access.ts';
import { registerInputGuards } from './platform/input-guards.ts';
import { registerThrottleAnswers } from './platform/throttle.ts';
import { registerSecurityHeaders } from './platform/security-headers.ts';
import { orgRoutes, sessionRoutes } from './platform/org/routes.ts';
import { customerRoutes } from './customers/routes.ts';
import { subscriptionRoutes } from './subscriptions/routes.ts';
import { interactionRoutes } from './interactions/routes.ts';
import { customer360Routes } from './customer360/routes.ts';
import { importRoutes } from './imports/routes.ts';
import { dashboardRoutes } from './dashboard/routes.ts';
import { auditTrailRoutes } from './audit-trail/routes.ts';
import { taskRoutes } from './tasks/routes.ts';
import { notificationRoutes } from './notifications/routes.ts';
import { followReassignment, moveTasksOnMerge } from './tasks/service.ts';
import { onCustomerChanges } from './customers/hooks.ts';
import { consoleRoutes } from './platform/console.ts';
import { jobRoutes } from './platform/jobs/routes.ts';
import { eventRoutes } from './platform/events/routes.ts';
import { realtimeRoutes } from './platform/realtime/routes.ts';
import { customerTopics } from './customers/realtime.ts';
import path from 'node:path';

/** What the process knows that the app reports: how far a first start's demo load is. */
export interface AppContext {
  demoProgress?: () => { customersWanted: number; customersLoaded: number } | null;
}

/** The application: the platform, then one plugin per business capability. */
export async function buildApp(config: Config, database: Database, context: AppContext = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel, redact: ['req.headers.cookie', 'req.headers.authorization'] },
    bodyLimit: 1024 * 1024,
    trustProxy: process.env.TRUST_PROXY === '1',
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('db', database.db);
  app.decorate('config', config);
  app.decorate('blobs', database.kind === 'embedded' ? fileBlobStore(path.join(config.dataDir, 'blobs')) : databaseBlobStore(database.db));
  app.decorateRequest('scope', null as never);
  // Requests being answered: background work (the demo load) waits while there are any.
  const inFlight = new Set<object>();
  app.decorate('isAnswering', () => inFlight.size > 0);
  app.addHook('onRequest', async (req) => { inFlight.add(req.raw); });
  app.addHook('onResponse', async (req) => { inFlight.delete(req.raw); });
  app.addHook('onRequestAbort', async (req) => { inFlight.delete(req.raw); });
  registerErrorHandling(app);
  // Before any route: each one is checked for its declared access as it is added.
  registerAccess(app);
  registerInputGuards(app);
  registerThrottleAnswers(app);

  await registerSecurityHeaders(app, config);
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: config.maxUploadBytes, files: 1, fields: 20 } });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Xiang CRM API', version: '1.0.0', description: 'REST API of Xiang CRM. Authenticate with a session cookie (POST /api/v1/sessions) or `Authorization: Bearer <API token>`.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.get('/api/health', { config: anyone, schema: { hide: true } }, async () => ({ status: 'ok', database: database.kind, demo: context.demoProgress?.() ?? null }));

  await app.register(async (api) => {
    await api.register(sessionRoutes);
    await api.register(orgRoutes);
    await api.register(customerRoutes);
    await api.register(subscriptionRoutes);
    await api.register(interactionRoutes);
    await api.register(customer360Routes);
    await api.register(importRoutes);
    await api.register(dashboardRoutes);
    await api.register(auditTrailRoutes);
    await api.register(taskRoutes);
    await api.register(notificationRoutes);
    await api.register(jobRoutes);
    await api.register(eventRoutes);
    await api.register(realtimeRoutes, { database, topics: customerTopics });
  }, { prefix: API_PREFIX });
  await app.register(consoleRoutes);

  // Records that belong to a customer follow it when it is merged or changes hands.
  onCustomerChanges('tasks', { merged: moveTasksOnMerge, reassigned: followReassignment });

  return app;
}
