import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { writtenState } from '../test/written.ts';
import { rows } from '../platform/db/index.ts';

let t: TestApp;
let manager: Client;
let callCentre: Client;
let customer: { id: string };

const call = (over: Record<string, unknown> = {}) => ({
  callId: `CC-${Math.random().toString(36).slice(2, 10)}`, number: '139 0731 0001', direction: 'inbound', outcome: 'resolved',
  startedAt: '2026-12-01T09:30:00+08:00', durationSeconds: 185, recording: 'rec/2026/12/01/0930-0001.wav', note: '咨询宽带提速', ...over,
});

beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  manager = await t.as('cs.manager');
  customer = (await manager({ method: 'POST', url: '/api/v1/customers', payload: { name: '热线测试客户', identities: [{ kind: 'phone', value: '13907310001' }] } })).json();
  // The call-centre system posts with an API token of a staff user (the Changsha service desk).
  const agent = await t.as('cs.agent');
  const { token } = (await agent({ method: 'POST', url: '/api/v1/api-tokens', payload: { name: '10000 号呼叫中心' } })).json();
  callCentre = (options) => t.app.inject({ ...options, headers: { ...options.headers, authorization: `Bearer ${token}` } });
});
afterAll(() => t.close());

describe('the call centre posting its calls', () => {
  it('logs a call, matches the caller by number to the customer, and puts it on their timeline', async () => {
    const res = await callCentre({ method: 'POST', url: '/api/v1/hotline/calls', payload: call({ callId: 'CC-1' }) });
    expect(res.statusCode, res.body).toBe(201);
    const logged = res.json();
    expect(logged).toMatchObject({ callId: 'CC-1', customerId: customer.id, customerName: '热线测试客户', number: '139****0001', durationSeconds: 185,
      startedAt: '2026-12-01T01:30:00.000Z', recording: 'rec/2026/12/01/0930-0001.wav', note: '咨询宽带提速', outcome: 'resolved', ticketId: null });
    // 去标识化: the number leaves the server masked, and is kept as the switch gave it.
    const [kept] = await rows<{ number: string }>(t.database.db, sql`select number from hotline_calls where id = ${logged.id}`);
    expect(kept.number).toBe('139 0731 0001');
    const timeline = (await manager({ method: 'GET', url: `/api/v1/customers/${customer.id}/timeline` })).json();
    expect(timeline.items[0].summary).not.toContain('0731');
    expect(timeline.items[0]).toMatchObject({ channel: 'hotline', type: 'hotline.call', kind: 'transactional', occurredAt: '2026-12-01T01:30:00.000Z',
      payload: { hotlineCallId: logged.id, callId: 'CC-1' } });
  });

  it('answers the same call posted again with the stored one (200), and writes nothing more', async () => {
    const first = await callCentre({ method: 'POST', url: '/api/v1/hotline/calls', payload: call({ callId: 'CC-2' }) });
    const before = await writtenState(t.database.db);
    const again = await callCentre({ method: 'POST', url: '/api/v1/hotline/calls', payload: call({ callId: 'CC-2' }) });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(await writtenState(t.database.db)).toEqual(before);
  });

  it('refuses the same call id with other details (409, naming callId), and keeps the first', async () => {
    const first = (await callCentre({ method: 'POST', url: '/api/v1/hotline/calls', payload: call({ callId: 'CC-3' }) })).json();
    const before = await writtenState(t.database.db);
    const other = await callCentre({ method: 'POST', url: '/api/v1/hotline/calls', payload: call({ callId: 'CC-3', durationSeconds: 10 }) });
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({ field: 'callId', detail: expect.stringContaining('CC-3') });
    expect(await writtenState(t.database.db)).toEqual(before);
    expect((await manager({ method: 'GET', url: `/api/v1/hotline/calls/${first.id}` })).json().durationSeconds).toBe(185);
  });

  it('logs a call from a number no customer holds, with no customer and nothing on any timeline', async () => {
    const res = await callCentre({ method: 'POST', url: '/api/v1/hotline/calls', payload: call({ callId: 'CC-4', number: '+86 139 0731 9999' }) });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ customerId: null, customerName: null });
  });

  it('turns a call into a ticket in one click, linked back; a second click gives the same ticket', async () => {
    const logged = (await callCentre({ method: 'POST', url: '/api/v1/hotline/calls', payload: call({ callId: 'CC-5', outcome: 'ticket', note: '宽带频繁掉线' }) })).json();
    const made = await manager({ method: 'POST', url: `/api/v1/hotline/calls/${logged.id}/ticket`, payload: {} });
    expect(made.statusCode, made.body).toBe(200);
    const ticket = (await manager({ method: 'GET', url: `/api/v1/tickets/${made.json().ticketId}` })).json();
    expect(ticket).toMatchObject({ kind: 'complaint', channel: 'hotline', customerId: customer.id, description: '宽带频繁掉线' });
    expect((await manager({ method: 'GET', url: `/api/v1/hotline/calls/${logged.id}` })).json().ticketId).toBe(ticket.id);
    expect((await manager({ method: 'POST', url: `/api/v1/hotline/calls/${logged.id}/ticket`, payload: { kind: 'fault' } })).json().ticketId).toBe(ticket.id);
  });

  it('refuses a ticket from a call with no customer (400) and opens none', async () => {
    const logged = (await callCentre({ method: 'POST', url: '/api/v1/hotline/calls', payload: call({ callId: 'CC-6', number: '13907319998' }) })).json();
    const before = await writtenState(t.database.db);
    const res = await manager({ method: 'POST', url: `/api/v1/hotline/calls/${logged.id}/ticket`, payload: {} });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe('customerId');
    expect(await writtenState(t.database.db)).toEqual(before);
  });

  it('logs a call typed in by hand in the console (a session), with the agent who took it', async () => {
    const [{ id: agentId }] = await rows<{ id: string }>(t.database.db, sql`select id from users where username = 'cs.manager'`);
    const res = await manager({ method: 'POST', url: '/api/v1/hotline/calls', payload: call({ callId: 'HAND-1', direction: 'outbound', outcome: 'callback', agentId }) });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ direction: 'outbound', agentId, agentName: '长沙经理' });
  });
});

describe('who sees calls', () => {
  it('shows another local network\'s manager none of Changsha\'s calls: not in the list, 404 by id, no ticket', async () => {
    const logged = (await callCentre({ method: 'POST', url: '/api/v1/hotline/calls', payload: call({ callId: 'CC-7' }) })).json();
    const zhuzhou = await t.as('zz.manager');
    expect((await zhuzhou({ method: 'GET', url: '/api/v1/hotline/calls' })).json().items).toEqual([]);
    expect((await zhuzhou({ method: 'GET', url: `/api/v1/hotline/calls/${logged.id}` })).statusCode).toBe(404);
    expect((await zhuzhou({ method: 'POST', url: `/api/v1/hotline/calls/${logged.id}/ticket`, payload: {} })).statusCode).toBe(404);
    const mine = (await manager({ method: 'GET', url: '/api/v1/hotline/calls?limit=100' })).json().items.map((c: { id: string }) => c.id);
    expect(mine).toContain(logged.id);
  });

  it('pages the calls latest first by cursor, each once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string; startedAt: string }[]; nextCursor: string | null } = (await manager({ method: 'GET', url: `/api/v1/hotline/calls?limit=2${cursor ? `&cursor=${cursor}` : ''}` })).json();
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(7);
  });

  it('refuses an analyst logging a call (403): they only read', async () => {
    const analyst = await t.as('hn.analyst');
    expect((await analyst({ method: 'POST', url: '/api/v1/hotline/calls', payload: call() })).statusCode).toBe(403);
    expect((await analyst({ method: 'GET', url: '/api/v1/hotline/calls' })).statusCode).toBe(200);
  });
});
