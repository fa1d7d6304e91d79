import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/harness.ts';
import { pause, TestSocket, listening, sessionCookie } from '../../test/sockets.ts';
import { until } from '../../test/until.ts';

/**
 * The realtime endpoint as a browser and an integration use it: real sockets on a listening
 * server, changes made through the API, what arrives on each socket.
 */
let t: TestApp;
let url: string;
let origin: string;
const heartbeatMs = 300;

beforeAll(async () => {
  t = await startTestApp({ customers: 0, config: { realtimeHeartbeatMs: heartbeatMs } });
  ({ origin, url } = await listening(t.app));
});
afterAll(() => t.close());

const cookieOf = (username: string) => sessionCookie(t, username);

async function newCustomer(cookie: string, name: string): Promise<{ id: string; unitId: string }> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/customers', headers: { cookie }, payload: { name } });
  expect(res.statusCode).toBe(201);
  return res.json();
}

const rename = (cookie: string, id: string, name: string) =>
  t.app.inject({ method: 'PATCH', url: `/api/v1/customers/${id}`, headers: { cookie }, payload: { name } });

async function subscribed(socket: TestSocket, topics: string[], after?: string) {
  socket.send({ op: 'subscribe', topics, ...(after ? { after } : {}) });
  return socket.next((m) => m.type === 'subscribed');
}

describe('the handshake', () => {
  it.each([
    ['no credential', () => ({ origin }), 401],
    ['a session cookie from another site', async () => ({ origin: 'https://evil.example', cookie: await cookieOf('cs.am1') }), 403],
    ['a session cookie from the same host on another port', async () => ({ origin: 'http://127.0.0.1:1', cookie: await cookieOf('cs.am1') }), 403],
    ['a session cookie with Origin "null" (a sandboxed page)', async () => ({ origin: 'null', cookie: await cookieOf('cs.am1') }), 403],
    ['a session cookie with no Origin at all', async () => ({ cookie: await cookieOf('cs.am1') }), 403],
    ['a session cookie that was never handed out', () => ({ origin, cookie: 'xiang_session=forged' }), 401],
    ['a forged bearer token', () => ({ authorization: 'Bearer xct_forged' }), 401],
  ])('refuses %s before upgrading (%s)', async (_what, headersOf, status) => {
    const headers = await headersOf() as Record<string, string>;
    const refusal = await TestSocket.open(url, headers).then(() => null, (e: { status: number; body: string }) => e);
    expect(refusal?.status).toBe(status);
    expect(JSON.parse(refusal!.body)).toMatchObject({ status });
  });

  it('answers a plain GET with 426 Upgrade Required', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/realtime', headers: { cookie: await cookieOf('cs.am1') } });
    expect(res.statusCode).toBe(426);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('opens for a session from our own pages, and for an API token without Origin', async () => {
    const cookie = await cookieOf('cs.am1');
    const page = await TestSocket.open(url, { origin, cookie });
    const ready = await page.next((m) => m.type === 'ready');
    expect(ready.cursor).toMatch(/^\d+\.\d+$/);
    await page.close();

    const minted = await t.app.inject({ method: 'POST', url: '/api/v1/api-tokens', headers: { cookie }, payload: { name: '实时集成' } });
    expect(minted.statusCode).toBe(201);
    const program = await TestSocket.open(url, { authorization: `Bearer ${minted.json().token}` });
    await program.next((m) => m.type === 'ready');
    await program.close();
  });

  it('does not count an open socket as a request being answered: background work (the demo load) goes on', async () => {
    const page = await TestSocket.open(url, { origin, cookie: await cookieOf('cs.am1') });
    await page.next((m) => m.type === 'ready');
    expect(t.app.isAnswering()).toBe(false);
    await page.close();
  });
});

describe('topics', () => {
  it('opens topics in the caller\'s scope and refuses another unit\'s customer exactly as a missing one', async () => {
    const am = await cookieOf('cs.am1');
    const key = await cookieOf('cs.key1');
    const mine = await newCustomer(am, '实时 我的客户');
    const socket = await TestSocket.open(url, { origin, cookie: key, 'accept-language': 'en' });
    const me = await socket.next((m) => m.type === 'ready') as unknown as { userId: string; unitId: string };
    const answer = await subscribed(socket, [
      `customer:${mine.id}`, 'customer:00000000-0000-4000-8000-000000000001', `unit:${mine.unitId}:customers`,
      `unit:${me.unitId}:customers`, `user:${me.userId}`, 'user:00000000-0000-4000-8000-000000000002', 'customers:everything',
    ]);
    expect(answer.topics).toEqual([`unit:${me.unitId}:customers`, `user:${me.userId}`]);
    const refused = answer.refused as { topic: string; status: number; detail: string }[];
    expect(refused.map((r) => [r.topic.split(':')[0], r.status])).toEqual([['customer', 404], ['customer', 404], ['unit', 404], ['user', 404], ['customers', 400]]);
    expect(refused[0].detail).toBe(refused[1].detail);
    await socket.close();
  });

  it('tells a change to whoever follows the customer or its unit, and nothing to another unit', async () => {
    const am = await cookieOf('cs.am1');
    const manager = await cookieOf('cs.manager');
    const other = await cookieOf('cs.key1');
    const customer = await newCustomer(am, '实时 改名前');
    const follower = await TestSocket.open(url, { origin, cookie: manager });
    const bystander = await TestSocket.open(url, { origin, cookie: other });
    const managerUnit = (await follower.next((m) => m.type === 'ready')).unitId as string;
    const otherUnit = (await bystander.next((m) => m.type === 'ready')).unitId as string;
    await subscribed(follower, [`customer:${customer.id}`, `unit:${managerUnit}:customers`]);
    await subscribed(bystander, [`unit:${otherUnit}:customers`]);

    expect((await rename(am, customer.id, '实时 改名后')).statusCode).toBe(200);
    const told = await follower.next((m) => m.type === 'event' && m.event?.type === 'customer.updated');
    expect(told).toMatchObject({ topics: [`customer:${customer.id}`, `unit:${managerUnit}:customers`], event: { type: 'customer.updated', entity: 'customer', entityId: customer.id } });
    expect(JSON.stringify(told)).not.toContain('改名后');

    // A note on the 360° page is a change to the customer too.
    await t.app.inject({ method: 'POST', url: `/api/v1/customers/${customer.id}/interactions`, headers: { cookie: am },
      payload: { kind: 'descriptive', channel: 'staff', type: 'visit.note', summary: '拜访' } });
    expect(await follower.next((m) => m.type === 'event' && m.event?.type === 'interaction.added')).toMatchObject({ topics: [`customer:${customer.id}`, `unit:${managerUnit}:customers`] });

    await pause(200);
    expect(bystander.events()).toEqual([]);
    await Promise.all([follower.close(), bystander.close()]);
  });

  it('stops telling a topic once it is unsubscribed', async () => {
    const am = await cookieOf('cs.am1');
    const customer = await newCustomer(am, '实时 退订');
    const socket = await TestSocket.open(url, { origin, cookie: am });
    await subscribed(socket, [`customer:${customer.id}`]);
    socket.send({ op: 'unsubscribe', topics: [`customer:${customer.id}`] });
    await pause(50);
    await rename(am, customer.id, '实时 退订后');
    await pause(300);
    expect(socket.events()).toEqual([]);
    await socket.close();
  });
});

describe('messages the server refuses', () => {
  it.each([
    ['text that is not JSON', 'subscribe please', undefined],
    ['a JSON array', '[]', undefined],
    ['an unknown op', { op: 'publish', topics: ['x'] }, 'op'],
    ['no topics', { op: 'subscribe', topics: [] }, 'topics'],
    ['a topic that is not text', { op: 'subscribe', topics: [7] }, 'topics.0'],
    ['too many topics', { op: 'subscribe', topics: Array.from({ length: 101 }, (_, i) => `customer:${i}`) }, 'topics'],
    ['a cursor the server never handed out', { op: 'subscribe', topics: ['user:x'], after: 'yesterday' }, 'after'],
    ['a cursor past 64 bits', { op: 'subscribe', topics: ['user:x'], after: '99999999999999999999.1' }, 'after'],
  ])('answers %s with an error naming the field, and stays open', async (_what, message, field) => {
    const socket = await TestSocket.open(url, { origin, cookie: await cookieOf('cs.am1') });
    socket.send(message);
    const error = await socket.next((m) => m.type === 'error');
    expect(error.status).toBe(400);
    expect(error.field).toBe(field);
    expect(error.detail).toEqual(expect.any(String));
    const ready = await socket.next((m) => m.type === 'ready');
    socket.send({ op: 'subscribe', topics: [`user:${ready.userId}`] });
    expect((await socket.next((m) => m.type === 'subscribed')).topics).toEqual([`user:${ready.userId}`]);
    await socket.close();
  });
});

describe('resume', () => {
  it('replays exactly what was missed while away, once, then goes on live', async () => {
    const am = await cookieOf('cs.am1');
    const customer = await newCustomer(am, '实时 续传 0');
    const unrelated = await newCustomer(am, '实时 无关');
    let socket = await TestSocket.open(url, { origin, cookie: am });
    await subscribed(socket, [`customer:${customer.id}`]);
    await rename(am, customer.id, '实时 续传 1');
    // By type: with the horizon held back (see below) the creation can arrive as news first.
    const seen = await socket.next((m) => m.type === 'event' && m.event?.type === 'customer.updated');
    await socket.close();

    for (const n of [2, 3, 4]) expect((await rename(am, customer.id, `实时 续传 ${n}`)).statusCode).toBe(200);
    await rename(am, unrelated.id, '实时 无关 改');

    socket = await TestSocket.open(url, { origin, cookie: am });
    const answer = await subscribed(socket, [`customer:${customer.id}`], seen.cursor);
    expect(answer.reset).toBeUndefined();
    // On a shared server another database's open transaction can hold the outbox horizon back,
    // and the replay then arrives in parts: wait for it, then check nothing came twice.
    await until(() => socket.events().length >= 3);
    await pause(100);
    const replayed = socket.events();
    expect(replayed).toHaveLength(3);
    expect(new Set(replayed.map((m) => m.cursor)).size).toBe(3);
    expect(replayed.every((m) => m.event?.entityId === customer.id && m.cursor !== seen.cursor)).toBe(true);

    await rename(am, customer.id, '实时 续传 5');
    await socket.next((m) => m.type === 'event' && !replayed.includes(m));
    await pause(200);
    expect(socket.events()).toHaveLength(4);
    await socket.close();
  });
});

describe('liveness', () => {
  it('closes a socket that stops answering pings', async () => {
    const socket = await TestSocket.open(url, { origin, cookie: await cookieOf('cs.am1') }, { autoPong: false });
    const closed = await socket.closedWith(heartbeatMs * 4);
    expect(closed.code).toBe(1006);
  });

  it('keeps a socket that answers', async () => {
    const socket = await TestSocket.open(url, { origin, cookie: await cookieOf('cs.am1') });
    await pause(heartbeatMs * 4);
    expect(socket.closed).toBeNull();
    await socket.close();
  });

  it('pings many sockets spread over the interval, each once an interval, not all in one burst', async () => {
    const cookie = await cookieOf('cs.am1');
    const sockets = await Promise.all(Array.from({ length: 20 }, () => TestSocket.open(url, { origin, cookie })));
    const pings = sockets.map(() => [] as number[]);
    sockets.forEach((socket, i) => socket.ws.on('ping', () => pings[i].push(Date.now())));
    await pause(heartbeatMs * 5);
    const firsts = pings.map((p) => p[1]);
    expect(firsts.every((at) => at !== undefined)).toBe(true);
    // Ping after ping, each socket about one interval apart; across sockets, most of an interval.
    for (const p of pings) expect(p[2] - p[1]).toBeGreaterThan(heartbeatMs / 2);
    expect(Math.max(...firsts) - Math.min(...firsts)).toBeGreaterThan(heartbeatMs / 2);
    expect(sockets.every((socket) => socket.closed === null)).toBe(true);
    await Promise.all(sockets.map((socket) => socket.close()));
  });

  it('closes the socket when its session is signed out, and a disabled user\'s', async () => {
    const cookie = await cookieOf('cs.am1');
    const socket = await TestSocket.open(url, { origin, cookie });
    const other = await TestSocket.open(url, { origin, cookie: await cookieOf('cs.sales') });
    const sales = (await other.next((m) => m.type === 'ready')).userId as string;
    expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/sessions/current', headers: { cookie } })).statusCode).toBe(204);
    expect((await socket.closedWith(heartbeatMs * 4)).code).toBe(4401);

    const admin = await cookieOf('admin');
    expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${sales}`, headers: { cookie: admin }, payload: { isDisabled: true } })).statusCode).toBe(200);
    expect((await other.closedWith(heartbeatMs * 4)).code).toBe(4401);
    await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${sales}`, headers: { cookie: admin }, payload: { isDisabled: false } });
  });
});
