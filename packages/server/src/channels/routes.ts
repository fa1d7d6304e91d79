import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  ChannelToken, ChannelTransactionPage, ChannelTransactionQuery, ElectronicChannel, ElectronicChannelChange, ElectronicChannelCreated, ElectronicChannelList,
  IntakeBatch, IntakeReceipt, intakeLimits, NewElectronicChannel,
} from '@xiang/shared';
import { anyone, reaching } from '../platform/access.ts';
import { languageOf } from '../platform/messages.ts';
import { changeChannel, createChannel, listChannels, renewChannelToken } from './channels.ts';
import { listChannelTransactions } from './transactions.ts';
import { callingChannel, takeTransactions } from './intake.ts';
import type { CallingChannel } from './tokens.ts';

const ChannelParam = z.object({ channelId: z.uuid() });
const tags = ['Channels'];
const to = reaching('channel');

export const channelRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/channels', { config: to('channel.read'), schema: { tags, response: { 200: ElectronicChannelList } } },
    async (req) => listChannels(app.db, req.scope, app.config.timeZone));
  app.post('/channels', { config: to('channel.manage'), schema: { tags, body: NewElectronicChannel, response: { 201: ElectronicChannelCreated } } },
    async (req, reply) => reply.code(201).send(await createChannel(app.db, req.scope, req.body)));
  app.patch('/channels/:channelId', { config: to('channel.manage'), schema: { tags, params: ChannelParam, body: ElectronicChannelChange, response: { 200: ElectronicChannel } } },
    async (req) => changeChannel(app.db, req.scope, req.params.channelId, req.body, app.config.timeZone));
  // The token has its own address and is answered only here and at creation: no list carries it.
  app.post('/channels/:channelId/token', { config: to('channel.manage'), schema: { tags, params: ChannelParam, response: { 200: ChannelToken } } },
    async (req) => renewChannelToken(app.db, req.scope, req.params.channelId));
  app.get('/channels/:channelId/transactions', { config: to('channel.read'), schema: { tags, params: ChannelParam, querystring: ChannelTransactionQuery, response: { 200: ChannelTransactionPage } } },
    async (req) => listChannelTransactions(app.db, req.scope, req.params.channelId, req.query));
  await app.register(intakeRoutes);
};

/**
 * 渠道接入 — a channel's own system posts here with its channel token (`Authorization: Bearer …`).
 * No person's session or API token: the token is who is calling, checked before the body is read,
 * so a stranger gets a 401 and nothing else.
 */
const intakeRoutes: FastifyPluginAsyncZod = async (app) => {
  const callers = new WeakMap<FastifyRequest, CallingChannel>();
  app.post('/channels/intake', {
    config: anyone, bodyLimit: intakeLimits.bodyBytes,
    onRequest: async (req) => { callers.set(req, await callingChannel(app.db, req.headers.authorization)); },
    schema: { tags, body: IntakeBatch, response: { 200: IntakeReceipt } },
  }, async (req) => takeTransactions(app.db, callers.get(req)!, req.body.transactions, languageOf(req.headers['accept-language'])));
};
