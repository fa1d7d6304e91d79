import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../platform/auth/secrets.ts';
import { startTestApp, type TestApp } from '../test/harness.ts';
import { pause, TestSocket, listening, sessionCookie } from '../test/sockets.ts';

/** 工单实时 — an agent's open ticket and their own topic hear what happens on it, the customer's answers in the portal among them. */
let t: TestApp;
let url: string;
let origin: string;
beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  ({ origin, url } = await listening(t.app));
});
afterAll(() => t.close());

const cookieOf = (username: string) => sessionCookie(t, username);
const asked = (cookie: string) => (o: { method: 'GET' | 'POST'; url: string; payload?: object }) => t.app.inject({ ...o, headers: { cookie } });
const subscribe = async (socket: TestSocket, topics: string[]) => {
  socket.send({ op: 'subscribe', topics });
  return socket.next((m) => m.type === 'subscribed');
};

describe('a ticket, live', () => {
  it('tells whoever follows the ticket of each change, the assignee of the customer\'s answer, and another unit nothing (its topic is not found)', async () => {
    const am = asked(await cookieOf('cs.am1'));
    const me = (await am({ method: 'GET', url: '/api/v1/me' })).json().user.id as string;
    const customer = (await am({ method: 'POST', url: '/api/v1/customers', payload: { name: '实时工单客户', identities: [{ kind: 'phone', value: '13974177001' }] } })).json();
    const ticket = (await am({ method: 'POST', url: '/api/v1/tickets', payload: { kind: 'inquiry', title: '咨询套餐', customerId: customer.id, assigneeId: me } })).json();

    const agent = await TestSocket.open(url, { origin, cookie: await cookieOf('cs.am1') });
    await agent.next((m) => m.type === 'ready');
    expect(await subscribe(agent, [`ticket:${ticket.id}`, `user:${me}`])).toMatchObject({ type: 'subscribed' });
    const stranger = await TestSocket.open(url, { origin, cookie: await cookieOf('zz.am1') });
    await stranger.next((m) => m.type === 'ready');
    const refused = await subscribe(stranger, [`ticket:${ticket.id}`]);
    expect(JSON.stringify(refused)).toContain('404');

    await am({ method: 'POST', url: `/api/v1/tickets/${ticket.id}/steps`, payload: { to: 'in_progress' } });
    expect(await agent.next((m) => m.type === 'event' && m.event?.type === 'ticket.status_changed')).toMatchObject({ topics: [`ticket:${ticket.id}`], event: { entity: 'ticket', entityId: ticket.id } });
    await am({ method: 'POST', url: `/api/v1/tickets/${ticket.id}/messages`, payload: { kind: 'reply', body: '请问您要办理哪种套餐？' } });
    await am({ method: 'POST', url: `/api/v1/tickets/${ticket.id}/steps`, payload: { to: 'waiting_on_customer' } });
    // The agent's own reply is on the ticket's topic only: nothing to ring about.
    const reply = await agent.next((m) => m.type === 'event' && m.event?.type === 'ticket.message_added');
    expect(reply.topics).toEqual([`ticket:${ticket.id}`]);

    // The customer answers from the portal.
    await t.database.db.execute(sql`insert into portal_accounts (phone, customer_id, password_hash, password_set_at)
      values ('+8613974177001', ${customer.id}, ${await hashPassword('portal-live-01')}, now())`);
    const signIn = await t.app.inject({ method: 'POST', url: '/api/v1/portal/sessions', payload: { method: 'password', phone: '13974177001', password: 'portal-live-01' } });
    const portal = String(signIn.headers['set-cookie']).split(';')[0];
    const answer = await t.app.inject({ method: 'POST', url: `/api/v1/portal/tickets/${ticket.id}/messages`, headers: { cookie: portal }, payload: { body: '5G 畅享 129 元' } });
    expect(answer.statusCode, answer.body).toBe(200);
    const told = await agent.next((m) => m.type === 'event' && m.event?.type === 'ticket.message_added' && (m.topics as string[]).includes(`user:${me}`));
    expect([...(told.topics as string[])].sort()).toEqual([`ticket:${ticket.id}`, `user:${me}`].sort());
    expect(told).toMatchObject({ event: { entityId: ticket.id } });
    expect(JSON.stringify(told)).not.toContain('129');
    await pause(200);
    expect(stranger.events()).toEqual([]);
    await Promise.all([agent.close(), stranger.close()]);
  });
});
