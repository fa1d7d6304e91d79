import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../platform/db/index.ts';
import { deliverDueMessages } from '../notifications/service.ts';
import type { Gateways, OutboundEmail, OutboundSms } from '../notifications/gateways.ts';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';

/** 服务通知 — the customer hears of their ticket: opened, answered (each reply), resolved; by e-mail, else by SMS to a mobile. */
let t: TestApp;
let am1: Client;
const emails: OutboundEmail[] = [];
const sms: OutboundSms[] = [];
const gateways: Gateways = {
  email: { send: async (m) => { emails.push(m); return { providerId: `e-${emails.length}` }; } },
  sms: { send: async (m) => { sms.push(m); return { providerId: `s-${sms.length}` }; } },
};

beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  am1 = await t.as('cs.am1');
});
afterAll(() => t.close());

async function ticketFor(identities: { kind: string; value: string }[], name: string) {
  const customer = await am1({ method: 'POST', url: '/api/v1/customers', payload: { name, identities } });
  expect(customer.statusCode, customer.body).toBe(201);
  const ticket = await am1({ method: 'POST', url: '/api/v1/tickets', payload: { kind: 'fault', title: '宽带断网', customerId: customer.json().id, assigneeId: (await am1({ method: 'GET', url: '/api/v1/me' })).json().user.id } });
  expect(ticket.statusCode, ticket.body).toBe(201);
  return { customerId: customer.json().id as string, ticketId: ticket.json().id as string };
}
const messagesTo = (customerId: string) => rows<{ channel: string; kind: string; subject: string | null; body: string; to_address: string }>(t.database.db,
  sql`select channel, kind, subject, body, to_address from outbound_messages where customer_id = ${customerId} order by created_at, id`);

describe('the customer hears of their ticket', () => {
  it('by e-mail when an address is on file: opened, each reply to the customer (not internal notes), resolved', async () => {
    const { customerId, ticketId } = await ticketFor([{ kind: 'email', value: 'kehu@example.cn' }, { kind: 'phone', value: '13974199001' }], '邮件通知客户');
    await am1({ method: 'POST', url: `/api/v1/tickets/${ticketId}/messages`, payload: { kind: 'note', body: '内部：光猫型号老旧' } });
    await am1({ method: 'POST', url: `/api/v1/tickets/${ticketId}/messages`, payload: { kind: 'reply', body: '师傅明天上午上门更换光猫。' } });
    await am1({ method: 'POST', url: `/api/v1/tickets/${ticketId}/steps`, payload: { to: 'in_progress' } });
    await am1({ method: 'POST', url: `/api/v1/tickets/${ticketId}/steps`, payload: { to: 'resolved' } });
    const queued = await messagesTo(customerId);
    expect(queued.map((m) => [m.channel, m.kind, m.to_address, m.subject])).toEqual([
      ['email', 'service', 'kehu@example.cn', '您的工单已受理：宽带断网'],
      ['email', 'service', 'kehu@example.cn', '关于您的工单：宽带断网'],
      ['email', 'service', 'kehu@example.cn', '您的工单已处理完毕：宽带断网'],
    ]);
    expect(queued[1].body).toContain('师傅明天上午上门更换光猫。');
    expect(queued.map((m) => m.body).join()).not.toContain('光猫型号老旧');
    await deliverDueMessages(t.database.db, gateways);
    expect(emails.filter((e) => e.to === 'kehu@example.cn').map((e) => e.subject)).toEqual(queued.map((m) => m.subject));
    // Once sent, each is on the customer's timeline.
    const timeline = (await am1({ method: 'GET', url: `/api/v1/customers/${customerId}/timeline` })).json().items;
    expect(timeline.filter((i: { type: string }) => i.type === 'message.service')).toHaveLength(3);
  });

  it('by SMS to a mobile when there is no e-mail address, and not at all to a fixed line only', async () => {
    const mobile = await ticketFor([{ kind: 'phone', value: '13974199002' }], '短信通知客户');
    expect((await messagesTo(mobile.customerId)).map((m) => [m.channel, m.to_address, m.subject])).toEqual([['sms', '+8613974199002', null]]);
    expect((await messagesTo(mobile.customerId))[0].body).toContain('宽带断网');
    const fixed = await ticketFor([{ kind: 'phone', value: '0731-84123457' }], '固话客户');
    expect(await messagesTo(fixed.customerId)).toEqual([]);
  });
});
