import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CollectBatch, CollectReceipt, collectLimits, NewSite, Site, SiteChange, SiteIdentitySecret, SiteList, SiteLive, VisitorPage, VisitorQuery, WebActivityPage, WebActivityQuery } from '@xiang/shared';
import { anyone, reaching } from '../platform/access.ts';
import { sourceAddress } from '../platform/throttle.ts';
import { changeSite, createSite, getSite, listSites, rotateIdentitySecret, siteIdentitySecret } from './sites.ts';
import { customerWebActivity } from './web-activity.ts';
import { siteVisitors } from './visitors.ts';
import { siteLive } from './live.ts';
import { collect } from './ingest.ts';
import { acceptPagesOfSites } from './site-pages.ts';
import { siteServerRoutes } from './orders-routes.ts';
import { surveyRoutes } from './surveys-routes.ts';
import { reportRoutes } from './reports-routes.ts';

const SiteParam = z.object({ siteId: z.uuid() });
const CustomerParam = z.object({ customerId: z.uuid() });
const tags = ['Tracking'];
const to = reaching('site');

export const trackingRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/tracking/sites', { config: to('tracking.read'), schema: { tags, response: { 200: SiteList } } },
    async (req) => listSites(app.db, req.scope));
  app.post('/tracking/sites', { config: to('tracking.manage'), schema: { tags, body: NewSite, response: { 201: Site } } },
    async (req, reply) => reply.code(201).send(await createSite(app.db, req.scope, req.body)));
  app.get('/tracking/sites/:siteId', { config: to('tracking.read'), schema: { tags, params: SiteParam, response: { 200: Site } } },
    async (req) => getSite(app.db, req.scope, req.params.siteId));
  app.patch('/tracking/sites/:siteId', { config: to('tracking.manage'), schema: { tags, params: SiteParam, body: SiteChange, response: { 200: Site } } },
    async (req) => changeSite(app.db, req.scope, req.params.siteId, req.body));
  // The secret has its own address, so no list or page a reader sees can carry it.
  app.get('/tracking/sites/:siteId/identity-secret', { config: to('tracking.manage'), schema: { tags, params: SiteParam, response: { 200: SiteIdentitySecret } } },
    async (req) => siteIdentitySecret(app.db, req.scope, req.params.siteId));
  app.post('/tracking/sites/:siteId/identity-secret', { config: to('tracking.manage'), schema: { tags, params: SiteParam, response: { 200: SiteIdentitySecret } } },
    async (req) => rotateIdentitySecret(app.db, req.scope, req.params.siteId));
  app.get('/tracking/sites/:siteId/visitors', { config: to('tracking.read'), schema: { tags, params: SiteParam, querystring: VisitorQuery, response: { 200: VisitorPage } } },
    async (req) => siteVisitors(app.db, req.scope, req.params.siteId, req.query));
  app.get('/tracking/sites/:siteId/live', { config: to('tracking.read'), schema: { tags, params: SiteParam, response: { 200: SiteLive } } },
    async (req) => siteLive(app.db, req.scope, req.params.siteId));
  app.get('/customers/:customerId/web-activity', { config: reaching('customer')('tracking.read'), schema: { tags, params: CustomerParam, querystring: WebActivityQuery, response: { 200: WebActivityPage } } },
    async (req) => customerWebActivity(app.db, req.scope, req.params.customerId, req.query));

  await app.register(collectRoutes);
  await app.register(siteServerRoutes);
  await app.register(surveyRoutes);
  await app.register(reportRoutes);
};

/**
 * 采集接口 — called by the script on other sites' pages. Public (the site key names the site;
 * the page's Origin must be one of the site's). The script posts text/plain so that the browser
 * sends it without a preflight (sendBeacon cannot make one), so no OPTIONS route is needed; the
 * body is JSON either way.
 */
const collectRoutes: FastifyPluginAsyncZod = async (app) => {
  acceptPagesOfSites(app);
  app.post('/collect', {
    config: anyone, bodyLimit: collectLimits.bodyBytes,
    schema: { tags, body: CollectBatch, response: { 200: CollectReceipt } },
  }, async (req) => collect(app.db, { batch: req.body, origin: req.headers.origin, userAgent: req.headers['user-agent'], address: sourceAddress(req.ip) }, app.config.timeZone));
};
