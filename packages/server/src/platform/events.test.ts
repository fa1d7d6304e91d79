import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from './db/index.ts';
import { startTestApp, type TestApp } from '../test/harness.ts';

let t: TestApp;
beforeAll(async () => { t = await startTestApp({ customers: 0 }); });
afterAll(() => t.close());

describe('domain events and audit', () => {
  it('writes an outbox event and an audit row with every change, and neither when the change is refused', async () => {
    const am = await t.as('cs.am1');
    const count = async () => (await rows<{ events: number; audits: number }>(t.database.db,
      sql`select (select count(*) from outbox_events)::int as events, (select count(*) from audit_log where action like 'customer.%')::int as audits`))[0];
    const before = await count();
    const created = await am({ method: 'POST', url: '/api/v1/customers', payload: { name: '事件测试', identities: [{ kind: 'phone', value: '17707310009' }] } });
    const [event] = await rows<{ type: string; entity_id: string; payload: { name: string } }>(t.database.db,
      sql`select type, entity_id, payload from outbox_events order by id desc limit 1`);
    expect(event).toMatchObject({ type: 'customer.created', entity_id: created.json().id });
    expect(event.payload.name).toBe('事件测试');
    const refused = await am({ method: 'POST', url: '/api/v1/customers', payload: { name: '重复', identities: [{ kind: 'phone', value: '177 0731 0009' }] } });
    expect(refused.statusCode).toBe(409);
    const after = await count();
    expect(after.events - before.events).toBe(1);
    expect(after.audits - before.audits).toBe(1);
  });

  it('filters the audit trail by actor and time, newest first, a page at a time', async () => {
    const admin = await t.as('admin');
    const me = (await admin({ method: 'GET', url: '/api/v1/me' })).json().user;
    for (let i = 0; i < 3; i++) await admin({ method: 'POST', url: '/api/v1/customers', payload: { name: `审计 ${i}` } });
    const page = (await admin({ method: 'GET', url: `/api/v1/audit?actorId=${me.id}&action=customer.created&limit=2` })).json();
    expect(page.items.map((e: { after: { name: string } }) => e.after.name)).toEqual(['审计 2', '审计 1']);
    const next = (await admin({ method: 'GET', url: `/api/v1/audit?actorId=${me.id}&action=customer.created&limit=2&cursor=${page.nextCursor}` })).json();
    expect(next.items.map((e: { after: { name: string } }) => e.after.name)).toEqual(['审计 0']);
    const future = (await admin({ method: 'GET', url: `/api/v1/audit?from=${new Date(Date.now() + 3_600_000).toISOString()}` })).json();
    expect(future.items).toHaveLength(0);
  });
});
