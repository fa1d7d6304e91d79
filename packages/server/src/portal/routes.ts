import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  NoticeChannel, NoticeChannelChange, PortalPoints,
  PortalAttachment, PortalBills, PortalCodeRequest, PortalCodeSent, PortalConsentChange, PortalConsents, PortalMe, PortalNewTicket,
  PortalPasswordSet, PortalRating, PortalServices, PortalSignIn, PortalTicketAnswer, PortalTicketDetail, PortalTicketPage, PortalTicketQuery,
} from '@xiang/shared';
import { anyone, customerOwn } from '../platform/access.ts';
import { PORTAL_COOKIE, PORTAL_PATH } from '../platform/http.ts';
import { sourceAddress } from '../platform/throttle.ts';
import { readOneFile, sendFile, uploadOf } from '../platform/uploads.ts';
import { CUSTOMER_SESSION_DAYS, endCustomerSession } from '../platform/auth/customer-sessions.ts';
import { requestCode, setPortalPassword, signInToPortal } from './sign-in.ts';
import { customerConsents, customerFile, customerPhoto, myBills, myNoticeChannel, myPoints, setMyNoticeChannel, myServices, portalMe, setCustomerConsent } from './service.ts';
import { answerTicketAsCustomer, customerTicket, customerTickets, openTicketAsCustomer, rateTicketAsCustomer } from '../service/customer-tickets.ts';

const tags = ['Portal'];
const own = customerOwn('portal_customer');
const TicketParam = z.object({ ticketId: z.uuid() });

/**
 * 网上营业厅 — the customer's own API. Signing in is public and throttled; every other route is
 * the signed-in customer's, about their own records (a staff session or API token opens none).
 * The cookie is sent only to these routes.
 */
export const portalRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/portal/codes', { config: anyone, schema: { tags, body: PortalCodeRequest, response: { 202: PortalCodeSent } } },
    async (req, reply) => reply.code(202).send(await requestCode(app.db, app.gateways, { phone: req.body.phone, source: sourceAddress(req.ip) }, (line) => req.log.warn(line))));

  app.post('/portal/sessions', { config: anyone, schema: { tags, body: PortalSignIn, response: { 204: z.null() } } }, async (req, reply) => {
    const { secret, expiresAt } = await signInToPortal(app.db, { ...req.body, source: sourceAddress(req.ip) });
    reply.setCookie(PORTAL_COOKIE, secret, {
      path: PORTAL_PATH, httpOnly: true, sameSite: 'lax', secure: app.config.secureCookies, expires: expiresAt, maxAge: CUSTOMER_SESSION_DAYS * 86_400,
    });
    return reply.code(204).send(null);
  });

  app.delete('/portal/sessions/current', { config: anyone, schema: { tags, response: { 204: z.null() } } }, async (req, reply) => {
    const secret = req.cookies[PORTAL_COOKIE];
    if (secret) await endCustomerSession(app.db, secret);
    reply.clearCookie(PORTAL_COOKIE, { path: PORTAL_PATH });
    return reply.code(204).send(null);
  });

  app.get('/portal/me', { config: own, schema: { tags, response: { 200: PortalMe } } }, async (req) => portalMe(app.db, req.customer));
  app.put('/portal/me/password', { config: own, schema: { tags, body: PortalPasswordSet, response: { 204: z.null() } } }, async (req, reply) => {
    await setPortalPassword(app.db, req.customer, req.body, sourceAddress(req.ip));
    return reply.code(204).send(null);
  });
  app.get('/portal/services', { config: own, schema: { tags, response: { 200: PortalServices } } }, async (req) => myServices(app.db, req.customer));
  app.get('/portal/points', { config: own, schema: { tags, summary: 'My points', response: { 200: PortalPoints } } }, async (req) => myPoints(app.db, req.customer));
  app.get('/portal/bills', { config: own, schema: { tags, response: { 200: PortalBills } } }, async (req) => myBills(app.db, req.customer));

  app.get('/portal/tickets', { config: own, schema: { tags, querystring: PortalTicketQuery, response: { 200: PortalTicketPage } } },
    async (req) => customerTickets(app.db, req.customer, req.query));
  app.post('/portal/tickets', { config: own, schema: { tags, body: PortalNewTicket, response: { 201: PortalTicketDetail } } },
    async (req, reply) => reply.code(201).send(await openTicketAsCustomer(app.db, req.customer, req.body, app.config)));
  app.get('/portal/tickets/:ticketId', { config: own, schema: { tags, params: TicketParam, response: { 200: PortalTicketDetail } } },
    async (req) => customerTicket(app.db, req.customer, req.params.ticketId));
  app.post('/portal/tickets/:ticketId/messages', { config: own, schema: { tags, params: TicketParam, body: PortalTicketAnswer, response: { 200: PortalTicketDetail } } },
    async (req) => answerTicketAsCustomer(app.db, req.customer, req.params.ticketId, req.body, app.config));
  app.post('/portal/tickets/:ticketId/rating', { config: own, schema: { tags, params: TicketParam, body: PortalRating, response: { 200: PortalTicketDetail } } },
    async (req) => rateTicketAsCustomer(app.db, req.customer, req.params.ticketId, req.body));

  app.post('/portal/attachments', { config: own, schema: { tags, ...uploadOf(), response: { 201: PortalAttachment } } },
    async (req, reply) => reply.code(201).send(await customerPhoto(app.db, app.blobs, req.customer, await readOneFile(req))));
  app.get('/portal/attachments/:attachmentId', { config: own, schema: { tags, params: z.object({ attachmentId: z.uuid() }) } },
    async (req, reply) => sendFile(reply, await customerFile(app.db, app.blobs, req.customer, req.params.attachmentId)));

  app.get('/portal/consents', { config: own, schema: { tags, response: { 200: PortalConsents } } }, async (req) => customerConsents(app.db, req.customer));
  app.put('/portal/consents', { config: own, schema: { tags, body: PortalConsentChange, response: { 200: PortalConsents } } },
    async (req) => setCustomerConsent(app.db, req.customer, req.body));
  app.get('/portal/notice-channel', { config: own, schema: { tags, summary: 'How I hear of my tickets', response: { 200: NoticeChannel } } }, async (req) => myNoticeChannel(app.db, req.customer));
  app.put('/portal/notice-channel', { config: own, schema: { tags, summary: 'Choose how I hear of my tickets', body: NoticeChannelChange, response: { 200: NoticeChannel } } },
    async (req) => setMyNoticeChannel(app.db, req.customer, req.body.channel));
};
