import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import { createServer, type AddressInfo } from 'node:net';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';

let t: TestApp;
let port: number;
let manager: Client;
const address = 'complaints@operator.example';

const call = (callId: string, number: string) => ({ callId, number, direction: 'inbound', outcome: 'resolved', startedAt: '2026-12-01T09:30:00+08:00', durationSeconds: 60 });
const send = (from: string, messageId: string) => nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true })
  .sendMail({ from, to: address, subject: '投诉', text: '内容', messageId });

beforeAll(async () => {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  port = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  t = await startTestApp({ customers: 0, config: { mailboxSmtpPort: port, mailboxAddress: '@operator.example', host: '127.0.0.1' } });
  manager = await t.as('hn.manager');
});
afterAll(() => t.close());

const network = (code: string) => t.org.networks.find((n) => n.code === code)!.id;

describe('calls and mail follow their customer', () => {
  it('moves a customer\'s calls and mail to another local network with the customer: the old one no longer sees them, the new one does', async () => {
    const customer = (await manager({ method: 'POST', url: '/api/v1/customers', payload: { name: '调整客户', unitId: network('CS'),
      identities: [{ kind: 'phone', value: '13907312001' }, { kind: 'email', value: 'move@example.cn' }] } })).json();
    // The province's call centre files the call for Changsha; it lands in the customer's unit.
    const logged = (await manager({ method: 'POST', url: '/api/v1/hotline/calls', payload: { ...call('MOVE-1', '13907312001'), unitId: network('CS') } })).json();
    expect(logged).toMatchObject({ customerId: customer.id, unitId: customer.unitId });
    await send('move@example.cn', '<move-1@example.cn>');
    const [changsha, zhuzhou] = [await t.as('cs.manager'), await t.as('zz.manager')];
    const seen = async (client: Client) => ({
      calls: (await client({ method: 'GET', url: '/api/v1/hotline/calls' })).json().items.map((c: { id: string }) => c.id),
      mail: (await client({ method: 'GET', url: '/api/v1/mailbox/messages' })).json().items.map((m: { messageId: string }) => m.messageId),
    });
    expect(await seen(changsha)).toEqual({ calls: [logged.id], mail: ['<move-1@example.cn>'] });
    expect(await seen(zhuzhou)).toEqual({ calls: [], mail: [] });

    const moved = await manager({ method: 'POST', url: '/api/v1/customers/reassign', payload: { customerIds: [customer.id], unitId: network('ZZ') } });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await seen(changsha)).toEqual({ calls: [], mail: [] });
    expect(await seen(zhuzhou)).toEqual({ calls: [logged.id], mail: ['<move-1@example.cn>'] });
  });

  it('gives a merged customer\'s calls and mail to the survivor', async () => {
    const make = async (name: string, phone: string, email: string) => (await manager({ method: 'POST', url: '/api/v1/customers',
      payload: { name, unitId: network('CS'), identities: [{ kind: 'phone', value: phone }, { kind: 'email', value: email }] } })).json();
    const survivor = await make('合并留下', '13907312002', 'keep@example.cn');
    const merged = await make('合并并入', '13907312003', 'gone@example.cn');
    const logged = (await manager({ method: 'POST', url: '/api/v1/hotline/calls', payload: { ...call('MERGE-1', '13907312003'), unitId: network('CS') } })).json();
    await send('gone@example.cn', '<merge-1@example.cn>');
    const res = await manager({ method: 'POST', url: '/api/v1/customers/merge', payload: { survivorId: survivor.id, mergedId: merged.id } });
    expect(res.statusCode, res.body).toBe(200);
    expect((await manager({ method: 'GET', url: `/api/v1/hotline/calls/${logged.id}` })).json().customerId).toBe(survivor.id);
    const mail = (await manager({ method: 'GET', url: '/api/v1/mailbox/messages' })).json().items.find((m: { messageId: string }) => m.messageId === '<merge-1@example.cn>');
    expect(mail.customerId).toBe(survivor.id);
  });

  it('takes mail for any address of the configured domain, and refuses a NUL in the text for good (554), keeping nothing', async () => {
    await nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true })
      .sendMail({ from: 'x@example.cn', to: 'service@operator.example', subject: '域名来信', text: '内容', messageId: '<domain-1@example.cn>' });
    const admin = await t.as('admin');
    const all = async () => (await admin({ method: 'GET', url: '/api/v1/mailbox/messages?limit=100' })).json().items as { messageId: string }[];
    expect((await all()).map((m) => m.messageId)).toContain('<domain-1@example.cn>');
    const before = (await all()).length;
    await expect(nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true })
      .sendMail({ from: 'x@example.cn', to: address, subject: '空字符', text: 'a\u0000b', messageId: '<nul-1@example.cn>' })).rejects.toMatchObject({ responseCode: 554 });
    expect((await all()).length).toBe(before);
  });
});
