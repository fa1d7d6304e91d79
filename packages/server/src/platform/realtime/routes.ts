import websocket from '@fastify/websocket';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Database } from '../db/index.ts';
import { Problem } from '../errors.ts';
import { SESSION_COOKIE } from '../http.ts';
import { signedIn } from '../access.ts';
import { defineMessages, languageOf } from '../messages.ts';
import { Hub, send, type Connection } from './hub.ts';
import { positionOf, start } from './outbox-reader.ts';
import { userTopic, type TopicKind } from './topics.ts';

const tell = defineMessages({
  upgradeRequired: { en: 'This address speaks WebSocket only: open a WebSocket to it.', zh: '此地址只接受 WebSocket 连接。' },
  messageNotJson: { en: 'A message must be a JSON object.', zh: '消息必须是 JSON 对象。' },
  cursorWrong: { en: 'The cursor is not one this server handed out.', zh: '游标无效，不是服务器发出的游标。' },
});

const Topics = z.array(z.string().max(200)).min(1).max(100);
const ClientMessage = z.discriminatedUnion('op', [
  z.object({ op: z.literal('subscribe'), topics: Topics, after: z.string().max(48).optional() }),
  z.object({ op: z.literal('unsubscribe'), topics: Topics }),
]);

/**
 * WebSocket handshakes must come from our own pages (ASVS 4.4.2): a browser always sends Origin
 * on one, and it must name this server's host. A handshake without Origin is a program, not a
 * page; it may use a bearer token, never a session cookie. Refused before the upgrade.
 */
async function checkOrigin(req: FastifyRequest) {
  if (!req.ws) return;
  const origin = req.headers.origin;
  if (origin === undefined) {
    if (req.cookies[SESSION_COOKIE] && !req.headers.authorization) throw new Problem(403, 'Forbidden', { key: 'otherSite' });
    return;
  }
  let url: URL | null = null;
  try { url = new URL(origin); } catch { /* refused below */ }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.host !== req.headers.host) {
    throw new Problem(403, 'Forbidden', { key: 'otherSite' });
  }
}

/**
 * 实时 — `GET /api/v1/realtime`, one WebSocket per console tab. The client subscribes to topics
 * and gets what changed on them, as it is committed anywhere in the cluster, each with a
 * cursor to resume from after a reconnect.
 */
export const realtimeRoutes: FastifyPluginAsync<{ database: Database; topics: readonly TopicKind[] }> = async (app, { database, topics }) => {
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  const hub = new Hub(database, [userTopic, ...topics], { heartbeatMs: app.config.realtimeHeartbeatMs });
  app.addHook('onReady', () => hub.start());
  app.addHook('preClose', () => hub.stop());

  app.route({
    method: 'GET',
    url: '/realtime',
    // Signed in (the pipeline authenticates first); each topic is then opened through the scope.
    config: signedIn('customer'),
    onRequest: [checkOrigin],
    schema: {
      tags: ['Realtime'],
      summary: 'Live changes (WebSocket)',
      description: 'Open a WebSocket (same origin; session cookie or bearer token). Send `{"op":"subscribe","topics":["customer:<id>","unit:<id>:customers","user:<id>"],"after":"<cursor>"}`; '
        + 'receive `subscribed` (with refused topics and the current cursor) and `event` messages `{cursor, topics, event: {type, entity, entityId, at}}`. '
        + 'Resume after a reconnect by sending the last cursor as `after`; `reset: true` means reload what is shown.',
    },
    handler: async () => { throw new Problem(426, 'Upgrade Required', tell('upgradeRequired')); },
    wsHandler: (socket, req) => {
      const connection: Connection = {
        socket, scope: req.scope, language: languageOf(req.headers['accept-language']), topics: new Map(), floor: start, isAlive: true,
      };
      hub.add(connection);
      send(connection, JSON.stringify({ type: 'ready', cursor: hub.cursor, userId: req.scope.userId, unitId: req.scope.unitId }));
      socket.on('message', (data, isBinary) => {
        void answer(connection, isBinary ? null : data.toString()).catch((error: unknown) => {
          req.log.error({ err: error }, 'realtime message failed');
          send(connection, JSON.stringify({ type: 'error', status: 500, detail: 'The server failed on this message.' }));
        });
      });
    },
  });

  async function answer(connection: Connection, text: string | null) {
    const refuse = (field: string | undefined, detail: string) => send(connection, JSON.stringify({ type: 'error', status: 400, field, detail }));
    let json: unknown;
    try { json = text === null ? undefined : JSON.parse(text); } catch { /* refused below */ }
    if (!json || typeof json !== 'object' || Array.isArray(json)) return refuse(undefined, new Problem(400, 'Bad Request', tell('messageNotJson')).detailIn(connection.language));
    const parsed = ClientMessage.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return refuse(issue.path.join('.') || 'op', issue.message);
    }
    const message = parsed.data;
    if (message.op === 'unsubscribe') return hub.unsubscribe(connection, message.topics);
    const after = message.after === undefined ? undefined : positionOf(message.after);
    if (after === null) return refuse('after', new Problem(400, 'Bad Request', tell('cursorWrong')).detailIn(connection.language));
    await hub.subscribe(connection, message.topics, after);
  }
};
