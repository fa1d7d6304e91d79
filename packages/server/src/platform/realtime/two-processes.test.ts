import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exited, newServerDatabase, signIn, startServer } from '../../test/processes.ts';
import { until } from '../../test/until.ts';
import { pause, TestSocket } from '../../test/sockets.ts';

/**
 * Two real server processes on one PostgreSQL database, as behind a load balancer: a change
 * made through one reaches a socket held by the other (LISTEN/NOTIFY, then the outbox), and a
 * client that moves from one to the other resumes where it was. Always on the PostgreSQL
 * server: the embedded store is one process by design.
 */
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
type Server = Awaited<ReturnType<typeof startServer>>;
let database: Awaited<ReturnType<typeof newServerDatabase>>;
let a: Server;
let b: Server;
let cookie: string;

beforeAll(async () => {
  database = await newServerDatabase(serverUrl, 'xiang_realtime');
  // One after the other: the first seeds the demo organisation into the empty database.
  a = await startServer({ DATABASE_URL: database.url }, 3400);
  b = await startServer({ DATABASE_URL: database.url }, 3400);
  cookie = await signIn(a.baseUrl);
}, 120_000);
afterAll(async () => {
  for (const server of [a, b]) if (server) { server.child.kill(); await exited(server.child); }
  await database?.drop();
});

const socketOn = (server: Server) =>
  TestSocket.open(`ws://127.0.0.1:${server.port}/api/v1/realtime`, { origin: server.baseUrl, cookie });

async function followUnit(socket: TestSocket, after?: string) {
  const ready = await socket.next((m) => m.type === 'ready');
  socket.send({ op: 'subscribe', topics: [`unit:${ready.unitId}:customers`], ...(after ? { after } : {}) });
  return socket.next((m) => m.type === 'subscribed');
}

async function create(server: Server, name: string): Promise<{ id: string; unitId: string }> {
  const res = await fetch(`${server.baseUrl}/api/v1/customers`, {
    method: 'POST', headers: { cookie, origin: server.baseUrl, 'content-type': 'application/json' }, body: JSON.stringify({ name }),
  });
  expect(res.status).toBe(201);
  return res.json() as never;
}

describe('realtime across server processes (PostgreSQL)', () => {
  it('tells a socket on process B of a change made through process A', async () => {
    const onB = await socketOn(b);
    await followUnit(onB);
    const started = Date.now();
    const customer = await create(a, '跨进程 客户');
    const told = await onB.next((m) => m.type === 'event');
    expect(told.event).toMatchObject({ type: 'customer.created', entity: 'customer', entityId: customer.id });
    expect(Date.now() - started).toBeLessThan(2_000);
    await onB.close();
  });

  it('resumes on process A from the cursor process B handed out: the missed changes once each', async () => {
    const onB = await socketOn(b);
    await followUnit(onB);
    const before = await create(a, '跨进程 之前');
    const last = await onB.next((m) => m.type === 'event' && m.event?.entityId === before.id);
    await onB.close();

    const missed = [];
    for (const n of [1, 2, 3]) missed.push((await create(b, `跨进程 离线 ${n}`)).id);
    const onA = await socketOn(a);
    await followUnit(onA, last.cursor);
    // Another database's open transaction on the same server can hold the outbox horizon back, and
    // the replay then arrives in parts: wait for all of it, then check each came once, in order.
    await until(() => onA.events().length >= missed.length);
    expect(onA.events().map((m) => m.event?.entityId)).toEqual(missed);
    const after = await create(b, '跨进程 之后');
    await onA.next((m) => m.type === 'event' && m.event?.entityId === after.id);
    await pause(200);
    expect(onA.events()).toHaveLength(4);
    await onA.close();
  });

  it('loses no event of a transaction that commits after a later one', async () => {
    const onB = await socketOn(b);
    await followUnit(onB);
    const customer = await create(a, '跨进程 事务顺序');
    await onB.next((m) => m.type === 'event' && m.event?.entityId === customer.id);

    // An early transaction writes its event and stays open while a later one commits.
    const early = new pg.Client({ connectionString: database.url });
    await early.connect();
    try {
      await early.query('begin');
      await early.query(`insert into outbox_events (type, entity, entity_id, unit_id, payload) values ('customer.updated', 'customer', $1, $2, '{}')`, [customer.id, customer.unitId]);
      const later = await create(a, '跨进程 后开始先提交');
      await pause(300);
      // Nothing behind the open transaction is told yet: the cursor never passes it.
      expect(onB.events().some((m) => m.event?.entityId === later.id)).toBe(false);
      await early.query('commit');
      const first = await onB.next((m) => m.type === 'event' && m.event?.entityId === customer.id);
      const second = await onB.next((m) => m.type === 'event' && m.event?.entityId === later.id);
      expect(onB.received.indexOf(first)).toBeLessThan(onB.received.indexOf(second));
    } finally {
      await early.end();
    }
    await onB.close();
  });
});
