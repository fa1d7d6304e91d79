import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../db/index.ts';
import { startTestApp, type TestApp } from '../../test/harness.ts';
import { until } from '../../test/until.ts';
import { deliverBatch, registerSubscribers, startDispatcher, type DeliveredEvent, type Subscriber } from './dispatcher.ts';

let t: TestApp;
beforeAll(async () => { t = await startTestApp({ customers: 0 }); });
afterAll(() => t.close());


let phone = 17707320000;
async function createCustomer(name: string) {
  const am = await t.as('cs.am1');
  const res = await am({ method: 'POST', url: '/api/v1/customers', payload: { name, identities: [{ kind: 'phone', value: String(phone++) }] } });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string };
}

/**
 * Delivers this subscriber's batches until its cursor has passed every event kept. A batch that
 * finds nothing is not enough: on a shared PostgreSQL server another database's open transaction
 * holds the horizon back, and the events behind it wait for it (as they should).
 */
async function drain(subscriber: Subscriber) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const outcome = await deliverBatch(t.database.db, subscriber);
    if (outcome !== 0 && outcome !== 'held') continue;
    const [left] = await rows<{ n: number }>(t.database.db, sql`
      select count(*)::int as n from outbox_events e, event_subscribers s
      where s.name = ${subscriber.name} and (e.txid, e.id) > (s.cursor_txid, s.cursor_id)`);
    if (left!.n === 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('never drained');
}

describe('event delivery', () => {
  it('delivers each event of the types a subscriber wants, in order, with the catalog version, from its own cursor', async () => {
    const seen: DeliveredEvent[] = [];
    const subscriber: Subscriber = { name: 'test.order', events: ['customer.created', 'customer.archived'], async handle(e) { seen.push(e); } };
    await registerSubscribers(t.database.db, [subscriber]);
    const a = await createCustomer('事件甲');
    const b = await createCustomer('事件乙');
    const admin = await t.as('admin');
    expect((await admin({ method: 'POST', url: `/api/v1/customers/${a.id}/archive` })).statusCode).toBe(200);
    await admin({ method: 'PATCH', url: `/api/v1/customers/${b.id}`, payload: { name: '事件乙改' } });
    await drain(subscriber);
    expect(seen.map((e) => [e.type, e.entityId])).toEqual([['customer.created', a.id], ['customer.created', b.id], ['customer.archived', a.id]]);
    expect(seen[0]).toMatchObject({ version: 1, entity: 'customer', payload: { name: '事件甲' } });
    await drain(subscriber);
    expect(seen).toHaveLength(3);

    // A second subscriber has a cursor of its own and reads the same events from the start.
    const other: DeliveredEvent[] = [];
    const second: Subscriber = { name: 'test.order.second', events: ['customer.created'], async handle(e) { other.push(e); } };
    await registerSubscribers(t.database.db, [second]);
    await drain(second);
    expect(other.map((e) => e.entityId)).toEqual([a.id, b.id]);
  });

  it('delivers in the order of the writing transactions when their ids gain a digit (9 → 10, 99999 → 100000), each once', async () => {
    // Ids of transactions long committed, written as the outbox's default would have; the cursor set just before them.
    const [{ last }] = await rows<{ last: number }>(t.database.db, sql`select coalesce(max(id), 0)::int as last from outbox_events`);
    await t.database.db.execute(sql`insert into outbox_events (txid, type, entity, entity_id, payload)
      select x::text::xid8, 'unit.created', 'org_unit', 'digits-' || x, '{}'::jsonb from unnest(array[10, 9, 11, 8]) as x`);
    const seen: string[] = [];
    const subscriber: Subscriber = { name: 'test.digits', events: ['unit.created'], async handle(e) { seen.push(e.entityId); } };
    await registerSubscribers(t.database.db, [subscriber]);
    await t.database.db.execute(sql`update event_subscribers set cursor_txid = '7'::xid8, cursor_id = ${last} where name = 'test.digits'`);
    await drain(subscriber);
    const mine = seen.filter((id) => id.startsWith('digits-'));
    expect(mine).toEqual(['digits-8', 'digits-9', 'digits-10', 'digits-11']);
    // Everything after the cursor — the events of the earlier tests too — came once.
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('starts a subscriber registered to read from now after the events already kept', async () => {
    await createCustomer('之前');
    const seen: string[] = [];
    const late: Subscriber = { name: 'test.from-now', events: ['customer.created'], startAt: 'now', async handle(e) { seen.push(e.payload.name as string); } };
    await registerSubscribers(t.database.db, [late]);
    await createCustomer('之后');
    await drain(late);
    expect(seen).toEqual(['之后']);
  });

  it('commits a handler\'s own writes with the cursor: a handler that fails leaves nothing, and the retry writes once', async () => {
    await t.database.db.execute(sql`create table if not exists test_projection (event_id bigint primary key, name text)`);
    let failures = 1;
    const subscriber: Subscriber = {
      name: 'test.projection', events: ['customer.created'], startAt: 'now', backoffMs: 1,
      async handle(e, tx) {
        await tx.execute(sql`insert into test_projection (event_id, name) values (${e.id}, ${e.payload.name as string})`);
        if (failures-- > 0) throw new Error('the warehouse is away');
      },
    };
    await registerSubscribers(t.database.db, [subscriber]);
    await createCustomer('投影');
    expect(await deliverBatch(t.database.db, subscriber)).toBe(0);
    expect(await rows(t.database.db, sql`select * from test_projection`)).toHaveLength(0);
    const [state] = await rows<{ attempts: number; last_error: string }>(t.database.db, sql`select attempts, last_error from event_subscribers where name = 'test.projection'`);
    expect(state).toMatchObject({ attempts: 1, last_error: 'the warehouse is away' });
    await new Promise((r) => setTimeout(r, 20));
    await drain(subscriber);
    expect(await rows(t.database.db, sql`select name from test_projection`)).toEqual([{ name: '投影' }]);
  });

  it('holds later events back while one is retried, then dead-letters it after its attempts and goes on; a replay delivers it again', async () => {
    const delivered: string[] = [];
    let isBroken = true;
    const subscriber: Subscriber = {
      name: 'test.dead', events: ['customer.created'], startAt: 'now', maxAttempts: 3, backoffMs: 1,
      async handle(e) {
        const name = e.payload.name as string;
        if (name === '坏事件' && isBroken) throw new Error(`cannot take ${name}`);
        delivered.push(name);
      },
    };
    await registerSubscribers(t.database.db, [subscriber]);
    const bad = await createCustomer('坏事件');
    await createCustomer('后来的');
    const dispatcher = await startDispatcher(t.database.db, [subscriber], { idleMs: 5 });
    try {
      await until(() => delivered.includes('后来的'));
      expect(delivered).toEqual(['后来的']);

      // The handler ran inside the batch's transaction: the dead letter is there once it commits.
      const admin = await t.as('admin');
      const lettersNow = async () => (await admin({ method: 'GET', url: '/api/v1/events/dead-letters?subscriber=test.dead' })).json().items;
      await until(async () => (await lettersNow()).length > 0);
      const letters = await lettersNow();
      expect(letters).toHaveLength(1);
      expect(letters[0]).toMatchObject({ subscriber: 'test.dead', type: 'customer.created', entityId: bad.id, attempts: 3, error: 'cannot take 坏事件', isReplayRequested: false });
      const figures = (await admin({ method: 'GET', url: '/api/v1/events/subscribers' })).json().items;
      expect(figures.find((s: { name: string }) => s.name === 'test.dead')).toMatchObject({ behind: 0, deadLetters: 1, failing: null });

      isBroken = false;
      expect((await admin({ method: 'POST', url: `/api/v1/events/dead-letters/${letters[0].id}/replay` })).statusCode).toBe(204);
      const trail = (await admin({ method: 'GET', url: '/api/v1/audit?action=dead_letter.replayed' })).json().items;
      expect(trail[0]).toMatchObject({ entity: 'dead_letter', entityId: String(letters[0].id), after: { subscriber: 'test.dead' } });
      await until(() => delivered.includes('坏事件'));
      await until(async () => (await admin({ method: 'GET', url: '/api/v1/events/dead-letters?subscriber=test.dead' })).json().items.length === 0);
      expect(delivered).toEqual(['后来的', '坏事件']);
      expect((await admin({ method: 'POST', url: `/api/v1/events/dead-letters/${letters[0].id}/replay` })).statusCode).toBe(404);
    } finally { await dispatcher.stop(); }
  });

  it('never delivers to one subscriber from two dispatchers at once, and delivers every event once when nothing fails', async () => {
    const delivered: number[] = [];
    let inHandler = 0;
    let mostAtOnce = 0;
    const subscriber: Subscriber = {
      name: 'test.exclusive', events: ['customer.created'], startAt: 'now',
      async handle(e) {
        mostAtOnce = Math.max(mostAtOnce, ++inHandler);
        await new Promise((r) => setTimeout(r, 2));
        delivered.push(e.id);
        inHandler--;
      },
    };
    const dispatchers = [await startDispatcher(t.database.db, [subscriber], { idleMs: 5 }), await startDispatcher(t.database.db, [subscriber], { idleMs: 5 })];
    try {
      for (let i = 0; i < 20; i++) await createCustomer(`并发${i}`);
      await until(() => delivered.length >= 20);
      await new Promise((r) => setTimeout(r, 100));
      expect(delivered).toHaveLength(20);
      expect(new Set(delivered).size).toBe(20);
      expect(mostAtOnce).toBe(1);
    } finally { await Promise.all(dispatchers.map((d) => d.stop())); }
  });

  it('delivers an event as its commit is notified, long before the next poll', async () => {
    const delivered: string[] = [];
    const subscriber: Subscriber = { name: 'test.notified', events: ['customer.created'], startAt: 'now', async handle(e) { delivered.push(e.entityId); } };
    const dispatcher = await startDispatcher(t.database.db, [subscriber], { idleMs: 60_000, listen: t.database.listen });
    try {
      // The first look found nothing: the loop now waits its minute unless a commit wakes it.
      await new Promise((r) => setTimeout(r, 200));
      const customer = await createCustomer('通知即达');
      await until(() => delivered.includes(customer.id), 15_000);
      expect(delivered).toEqual([customer.id]);
    } finally { await dispatcher.stop(); }
  });

  it('refuses to write an event whose payload does not fit the catalog, and the change with it', async () => {
    const { emit } = await import('../audit.ts');
    const before = await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from outbox_events`);
    await expect(t.database.db.transaction(async (tx) => {
      await emit(tx, 'payment.recorded', { entity: 'payment', entityId: 'p1', payload: { id: 'p1', customerId: 'c1', amountFen: 'a lot' as unknown as number } });
    })).rejects.toThrow(/payment\.recorded.*amountFen/s);
    const after = await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from outbox_events`);
    expect(after[0].n).toBe(before[0].n);
  });
});
