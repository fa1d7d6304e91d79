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

describe('the channel the customer chose (通知方式)', () => {
  const customerWith = async (identities: { kind: string; value: string }[], name: string) => {
    const made = await am1({ method: 'POST', url: '/api/v1/customers', payload: { name, identities } });
    expect(made.statusCode, made.body).toBe(201);
    return made.json().id as string;
  };
  const openTicket = async (customerId: string) => {
    const me = (await am1({ method: 'GET', url: '/api/v1/me' })).json().user.id;
    const ticket = await am1({ method: 'POST', url: '/api/v1/tickets', payload: { kind: 'fault', title: '宽带断网', customerId, assigneeId: me } });
    expect(ticket.statusCode, ticket.body).toBe(201);
  };
  const choose = (customerId: string, channel: string | null) => am1({ method: 'PUT', url: `/api/v1/customers/${customerId}/notice-channel`, payload: { channel } });

  it('a customer who chose SMS hears by SMS though an e-mail address is on file, and back to e-mail when the choice is cleared', async () => {
    const id = await customerWith([{ kind: 'email', value: 'duanxin@example.cn' }, { kind: 'phone', value: '13974199011' }], '选短信的客户');
    expect((await am1({ method: 'GET', url: `/api/v1/customers/${id}/notice-channel` })).json()).toMatchObject({ channel: null, reachableBy: ['email', 'sms'] });
    const chosen = await choose(id, 'sms');
    expect(chosen.statusCode, chosen.body).toBe(200);
    expect(chosen.json()).toMatchObject({ channel: 'sms', source: 'staff' });
    await openTicket(id);
    expect((await messagesTo(id)).map((m) => [m.channel, m.to_address])).toEqual([['sms', '+8613974199011']]);
    expect((await choose(id, null)).json().channel).toBeNull();
    await openTicket(id);
    expect((await messagesTo(id)).map((m) => m.channel)).toEqual(['sms', 'email']);
    const trail = (await (await t.as('cs.manager'))({ method: 'GET', url: `/api/v1/audit?entity=customer&entityId=${id}&action=notice_channel.changed` })).json().items;
    expect(trail).toHaveLength(2);
  });

  it.each([
    ['e-mail with no address on file', [{ kind: 'phone', value: '13974199012' }], { channel: 'email' }, 'channel'],
    ['SMS with only a fixed line', [{ kind: 'phone', value: '0731-84123458' }, { kind: 'email', value: 'guhua@example.cn' }], { channel: 'sms' }, 'channel'],
    ['a channel it does not know', [{ kind: 'phone', value: '13974199013' }], { channel: 'wechat' }, 'channel'],
    ['no channel said', [{ kind: 'phone', value: '13974199014' }], {}, 'channel'],
    ['a field it does not know', [{ kind: 'phone', value: '13974199015' }], { channel: 'sms', until: '2027-01-01' }, 'until'],
  ])('refuses %s, and changes nothing', async (_, identities, payload, field) => {
    const id = await customerWith(identities, '通知方式');
    const res = await am1({ method: 'PUT', url: `/api/v1/customers/${id}/notice-channel`, payload });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    expect((await am1({ method: 'GET', url: `/api/v1/customers/${id}/notice-channel` })).json().channel).toBeNull();
  });

  it('a merge keeps what either customer said: the survivor\'s choice wins, a withdrawn consent stays withdrawn, the merged one\'s fill the gaps, and their messages move', async () => {
    const survivor = await customerWith([{ kind: 'email', value: 'liu@example.cn' }, { kind: 'phone', value: '13974199016' }], '合并保留');
    const merged = await customerWith([{ kind: 'phone', value: '13974199017' }], '合并并入');
    await choose(merged, 'sms');
    await openTicket(merged);
    await am1({ method: 'PUT', url: `/api/v1/customers/${merged}/consents`, payload: { channel: 'sms', isGranted: true } });
    await am1({ method: 'PUT', url: `/api/v1/customers/${merged}/consents`, payload: { channel: 'email', isGranted: false } });
    await am1({ method: 'PUT', url: `/api/v1/customers/${survivor}/consents`, payload: { channel: 'email', isGranted: true } });
    const res = await am1({ method: 'POST', url: '/api/v1/customers/merge', payload: { survivorId: survivor, mergedId: merged } });
    expect(res.statusCode, res.body).toBe(200);
    expect((await am1({ method: 'GET', url: `/api/v1/customers/${survivor}/notice-channel` })).json().channel).toBe('sms');
    const consents = (await am1({ method: 'GET', url: `/api/v1/customers/${survivor}/consents` })).json().items;
    expect(Object.fromEntries(consents.map((c: { channel: string; isGranted: boolean }) => [c.channel, c.isGranted]))).toEqual({ email: false, sms: true });
    expect((await messagesTo(survivor)).map((m) => m.to_address)).toEqual(['+8613974199017']);
  });
});

