import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../platform/db/index.ts';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { expectRefused, type Refusal } from '../test/refusals.ts';
import { auditOf } from '../test/written.ts';

let t: TestApp;
let manager: Client;
let channel: { id: string; code: string; unitId: string; token: string };

beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  manager = await t.as('cs.manager');
});
afterAll(() => t.close());

const hall = { name: '长沙掌上营业厅', code: 'cs-mobile-hall', kind: 'mobile_hall' };
const intake = (token: string) => t.app.inject({
  method: 'POST', url: '/api/v1/channels/intake', headers: { authorization: `Bearer ${token}` },
  payload: { transactions: [{ transactionId: `q-${Math.random().toString(36).slice(2)}`, occurredAt: '2026-12-01T10:00:00+08:00', kind: 'query', status: 'succeeded' }] },
});

describe('channels', () => {
  it('registers a channel and shows its token once; only the token\'s SHA-256 is stored; audited without it', async () => {
    const res = await manager({ method: 'POST', url: '/api/v1/channels', payload: hall });
    expect(res.statusCode, res.body).toBe(201);
    channel = res.json();
    expect(channel).toMatchObject({ ...hall, isActive: true, todayCount: 0, todayFailed: 0, lastTransactionAt: null });
    expect(channel.token).toMatch(/^xch_[A-Za-z0-9_-]{43}$/);
    const [stored] = await rows<{ tokenHash: string }>(t.database.db, sql`select token_hash as "tokenHash" from channels where id = ${channel.id}`);
    expect(stored.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.tokenHash).not.toContain(channel.token);
    const trail = await auditOf(t.database.db, 'channel', channel.id);
    expect(trail.map((a) => a.action)).toEqual(['channel.created']);
    expect(JSON.stringify(trail)).not.toContain(channel.token);
    // The list never carries a token.
    const listed = (await manager({ method: 'GET', url: '/api/v1/channels' })).json().items;
    expect(listed.map((c: { id: string }) => c.id)).toEqual([channel.id]);
    expect(JSON.stringify(listed)).not.toContain('token');
    expect((await intake(channel.token)).statusCode).toBe(200);
  });

  it('lists the channels to every staff role of the unit, with today\'s transactions and the last one\'s time', async () => {
    const agent = await t.as('cs.agent');
    const [listed] = (await agent({ method: 'GET', url: '/api/v1/channels' })).json().items;
    expect(listed).toMatchObject({ id: channel.id, todayCount: 0, lastTransactionAt: '2026-12-01T02:00:00.000Z' });
  });

  it('lets only administrators and managers register or change channels; a stranger gets 401', async () => {
    const am = await t.as('cs.am1');
    expect((await am({ method: 'POST', url: '/api/v1/channels', payload: { ...hall, code: 'other' } })).statusCode).toBe(403);
    expect((await am({ method: 'PATCH', url: `/api/v1/channels/${channel.id}`, payload: { name: 'x' } })).statusCode).toBe(403);
    expect((await am({ method: 'POST', url: `/api/v1/channels/${channel.id}/token` })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/channels' })).statusCode).toBe(401);
  });

  it('hides a channel from another local network\'s manager: not listed, and a change or a new token is a 404', async () => {
    const zhuzhou = await t.as('zz.manager');
    expect((await zhuzhou({ method: 'GET', url: '/api/v1/channels' })).json().items).toEqual([]);
    for (const request of [
      { method: 'PATCH' as const, url: `/api/v1/channels/${channel.id}`, payload: { isActive: false } },
      { method: 'POST' as const, url: `/api/v1/channels/${channel.id}/token` },
      { method: 'GET' as const, url: `/api/v1/channels/${channel.id}/transactions` },
    ]) expect((await zhuzhou(request)).statusCode, request.url).toBe(404);
    expect((await intake(channel.token)).statusCode).toBe(200);
  });

  it('a new token revokes the old one at once; the trail says only that it changed', async () => {
    const res = await manager({ method: 'POST', url: `/api/v1/channels/${channel.id}/token` });
    expect(res.statusCode, res.body).toBe(200);
    const renewed = res.json().token as string;
    expect(renewed).not.toBe(channel.token);
    expect((await intake(channel.token)).statusCode).toBe(401);
    expect((await intake(renewed)).statusCode).toBe(200);
    const trail = await auditOf(t.database.db, 'channel', channel.id);
    expect(trail.at(-1)).toMatchObject({ action: 'channel.token_renewed', before: null, after: {} });
    channel.token = renewed;
  });

  it('switching a channel off refuses its token; the change is audited field by field', async () => {
    const res = await manager({ method: 'PATCH', url: `/api/v1/channels/${channel.id}`, payload: { isActive: false, name: '长沙掌厅' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ isActive: false, name: '长沙掌厅', code: hall.code });
    expect((await intake(channel.token)).statusCode).toBe(401);
    expect((await auditOf(t.database.db, 'channel', channel.id)).at(-1)).toMatchObject({
      action: 'channel.changed', before: { isActive: true, name: hall.name }, after: { isActive: false, name: '长沙掌厅' } });
    await manager({ method: 'PATCH', url: `/api/v1/channels/${channel.id}`, payload: { isActive: true } });
    expect((await intake(channel.token)).statusCode).toBe(200);
  });

  const refusals: Refusal[] = [
    { name: 'no name', request: { method: 'POST', url: '/api/v1/channels', payload: { ...hall, code: 'a1', name: ' ' } }, status: 400, field: 'name' },
    { name: 'a code with capitals', request: { method: 'POST', url: '/api/v1/channels', payload: { ...hall, code: 'CS Hall' } }, status: 400, field: 'code' },
    { name: 'an unknown kind', request: { method: 'POST', url: '/api/v1/channels', payload: { ...hall, code: 'a2', kind: 'fax' } }, status: 400, field: 'kind' },
    { name: 'a code another channel has', request: { method: 'POST', url: '/api/v1/channels', payload: hall }, status: 409, field: 'code' },
    { name: 'a unit out of reach', request: { method: 'POST', url: '/api/v1/channels', payload: { ...hall, code: 'a3', unitId: '00000000-0000-4000-8000-000000000000' } }, status: 400, field: 'unitId' },
    { name: 'a field that cannot change', request: { method: 'PATCH', url: '/api/v1/channels/{id}', payload: { code: 'new-code' } }, status: 400, field: 'code' },
  ];
  for (const row of refusals) {
    it(`refuses ${row.name} and writes nothing`, async () => {
      await expectRefused(t, manager, { ...row, request: { ...row.request, url: String(row.request.url).replace('{id}', channel.id) } });
    });
  }
});
