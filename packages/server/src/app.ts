import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { documentUploads } from './platform/uploads.ts';
import type { Config } from './platform/config.ts';
import type { Database } from './platform/db/index.ts';
import { databaseBlobStore, fileBlobStore } from './platform/blobs.ts';
import { registerErrorHandling } from './platform/http.ts';
import { anyone, API_PREFIX, registerAccess } from './platform/access.ts';
import { registerInputGuards } from './platform/input-guards.ts';
import { registerThrottleAnswers } from './platform/throttle.ts';
import { registerSecurityHeaders } from './platform/security-headers.ts';
import { consoleRoutes } from './platform/console.ts';
import { realtimeRoutes } from './platform/realtime/routes.ts';
import { installModules, modules } from './modules.ts';
import path from 'node:path';
import { gatewaysOf } from './background.ts';
import type { Gateways } from './notifications/gateways.ts';

/** What the process knows that the app reports: how far a first start's demo load is. */
export interface AppContext {
  demoProgress?: () => { customersWanted: number; customersLoaded: number } | null;
  /** Where e-mail and SMS go; from the config (SMTP_URL, else the log) when not given. */
  gateways?: Gateways;
}

/** The application: the platform, then each module of `modules.ts` (its routes, actions, hooks). */
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
  // A request that must send at once (a sign-in code) uses these; the rest goes through the delivery job.
  // A message kept in the log is no news to the person starting the demo (its tickets' notices are dozens at the
  // first start): at debug level, LOG_LEVEL=debug shows them. A portal sign-in code is logged on its own, at warn.
  app.decorate('gateways', context.gateways ?? gatewaysOf(config, (line) => app.log.debug(line)));
  app.decorate('blobs', database.kind === 'embedded' ? fileBlobStore(path.join(config.dataDir, 'blobs')) : databaseBlobStore(database.db));
  app.decorateRequest('scope', null as never);
  // Requests being answered: background work (the demo load) waits while there are any. An
  // upgraded socket stays open for as long as its tab does, so it is not one: a console left
  // open would otherwise hold the load to a batch every few seconds.
  const inFlight = new Set<object>();
  app.decorate('isAnswering', () => inFlight.size > 0);
  app.addHook('onRequest', async (req) => { if (req.headers.upgrade === undefined) inFlight.add(req.raw); });
  app.addHook('onResponse', async (req) => { inFlight.delete(req.raw); });
  app.addHook('onRequestAbort', async (req) => { inFlight.delete(req.raw); });
  registerErrorHandling(app);
  // Before any route: each one is checked for its declared access as it is added.
  registerAccess(app);
  registerInputGuards(app);
  registerThrottleAnswers(app);

  registerSecurityHeaders(app, config);
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: config.maxUploadBytes, files: 1, fields: 20 } });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Xiang CRM API', version: '1.0.0', description: 'REST API of Xiang CRM. Authenticate with a session cookie (POST /api/v1/sessions) or `Authorization: Bearer <API token>`.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: documentUploads,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.get('/api/health', { config: anyone, schema: { hide: true } }, async () => ({ status: 'ok', database: database.kind, demo: context.demoProgress?.() ?? null }));

  installModules();
  await app.register(async (api) => {
    for (const module of modules) if (module.routes) await api.register(module.routes);
    await api.register(realtimeRoutes, { database, topics: modules.flatMap((m) => m.topics ?? []) });
  }, { prefix: API_PREFIX });
  for (const module of modules) if (module.siteRoutes) await app.register(module.siteRoutes);
  await app.register(consoleRoutes);

  return app;
}
