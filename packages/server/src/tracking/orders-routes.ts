import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BrowserRegistration, CustomerOrderPage, CustomerOrderQuery, NewOnlineOrder, NewSiteRegistration, OrderReceipt, RegistrationReceipt, RegistrationTaken } from '@xiang/shared';
import { anyone, reaching } from '../platform/access.ts';
import { sourceAddress } from '../platform/throttle.ts';
import { customerOrders, recordOrder } from './orders.ts';
import { registerBySite, registerFromBrowser } from './registrations.ts';
import { acceptPagesOfSites } from './site-pages.ts';

const SiteParam = z.object({ siteId: z.uuid() });
const CustomerParam = z.object({ customerId: z.uuid() });
const tags = ['Tracking'];
/** An order's body with 200 items of long names stays well under this; anything larger is no order. */
const orderBodyBytes = 256 * 1024;

/**
 * 网上注册、网上订单 — what a site's own server posts, server to server, with an API token of a manager
 * of the site's unit (`Authorization: Bearer …`, action `tracking.vouch`). A token, not an HMAC of the
 * body with the site's identity secret: the token names a person who answers for what it writes (the
 * audit trail and the timeline say who), carries that person's units (another unit's site is a 404),
 * is revoked on its own, and the platform already checks it; the identity secret stays what it is, a
 * key that signs one visitor's identity for the page.
 */
export const siteServerRoutes: FastifyPluginAsyncZod = async (app) => {
  const toSite = reaching('site');
  app.post('/tracking/sites/:siteId/orders', {
    config: toSite('tracking.vouch'), bodyLimit: orderBodyBytes,
    schema: { tags, params: SiteParam, body: NewOnlineOrder, response: { 200: OrderReceipt, 201: OrderReceipt } },
  }, async (req, reply) => {
    const { isNew, order } = await recordOrder(app.db, req.scope, req.params.siteId, req.body);
    return reply.code(isNew ? 201 : 200).send(order);
  });
  app.post('/tracking/sites/:siteId/registrations', {
    config: toSite('tracking.vouch'), schema: { tags, params: SiteParam, body: NewSiteRegistration, response: { 200: RegistrationReceipt } },
  }, async (req) => registerBySite(app.db, req.scope, req.params.siteId, req.body));
  app.get('/customers/:customerId/orders', {
    config: reaching('customer')('tracking.read'), schema: { tags, params: CustomerParam, querystring: CustomerOrderQuery, response: { 200: CustomerOrderPage } },
  }, async (req) => customerOrders(app.db, req.scope, req.params.customerId, req.query));
  await app.register(browserRegistrationRoutes);
};

/**
 * 网上注册（表单）— a page's form posts here, through `xiang.register(…)` or a plain fetch: public, the
 * site named by its key, the page's Origin one of the site's, always the same 202 (see registerFromBrowser).
 */
const browserRegistrationRoutes: FastifyPluginAsyncZod = async (app) => {
  acceptPagesOfSites(app);
  app.post('/collect/registrations', {
    config: anyone, bodyLimit: 8 * 1024, schema: { tags, body: BrowserRegistration, response: { 202: RegistrationTaken } },
  }, async (req, reply) => reply.code(202).send(await registerFromBrowser(app.db, req.body, req.headers.origin, sourceAddress(req.ip))));
};
