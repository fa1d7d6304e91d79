import { createServer, type AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';

let t: TestApp;
let port: number;
let manager: Client;
let customer: { id: string };
const address = 'complaints@operator.example';

/** A port nothing listens on, for the mailbox the app starts from its config. */
async function freePort() {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port: free } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return free;
}

const transport = () => nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

const messages = async (client: Client) => (await client({ method: 'GET', url: '/api/v1/mailbox/messages?limit=100' })).json().items as
  { id: string; messageId: string; subject: string; text: string; customerId: string | null; attachments: { index: number; fileName: string; sizeBytes: number; mediaType: string }[] }[];

beforeAll(async () => {
  port = await freePort();
  t = await startTestApp({ customers: 0, config: { mailboxSmtpPort: port, mailboxAddress: address, host: '127.0.0.1' } });
  manager = await t.as('cs.manager');
  customer = (await manager({ method: 'POST', url: '/api/v1/customers', payload: { name: '来信客户', identities: [{ kind: 'email', value: 'zhang.wei@example.cn' }] } })).json();
});
afterAll(() => t.close());

describe('the complaint mailbox (投诉信箱) over SMTP', () => {
  it('keeps a message with its attachment once, though sent twice with the same Message-ID, on the sender\'s timeline', async () => {
    const mail = { from: '张伟 <Zhang.Wei@example.cn>', to: address, subject: '宽带三天没修好', text: '报修三天了还没人上门。',
      messageId: '<complaint-1@example.cn>', attachments: [{ filename: '光猫.png', content: png }] };
    await transport().sendMail(mail);
    await transport().sendMail(mail);
    const found = (await messages(manager)).filter((m) => m.messageId === '<complaint-1@example.cn>');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ subject: '宽带三天没修好', customerId: customer.id, attachments: [{ index: 0, fileName: '光猫.png', sizeBytes: png.length, mediaType: 'image/png' }] });
    expect(found[0].text.trim()).toBe('报修三天了还没人上门。');
    const file = await manager({ method: 'GET', url: `/api/v1/mailbox/messages/${found[0].id}/attachments/0` });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(png)).toBe(true);
    const timeline = (await manager({ method: 'GET', url: `/api/v1/customers/${customer.id}/timeline` })).json();
    expect(timeline.items.filter((i: { type: string }) => i.type === 'mailbox.message')).toMatchObject([
      { channel: 'email', summary: '宽带三天没修好', payload: { mailboxMessageId: found[0].id } }]);
  });

  for (const [shape, files] of [['the whole message', []], ['beside an attachment', [{ filename: 'a.png', content: png }]]] as const) {
    it(`keeps an HTML message as text, HTML ${shape}: the words stay, the script and its tags do not`, async () => {
      const messageId = `<html-${files.length}@example.cn>`;
      await transport().sendMail({ from: 'zhang.wei@example.cn', to: address, subject: 'HTML 来信', messageId, attachments: [...files],
        html: '<p>话费<b>多扣</b>了 30 元</p><script>alert("被注入")</script><style>p{color:red}</style>' });
      const [stored] = (await messages(manager)).filter((m) => m.messageId === messageId);
      expect(stored.text).toContain('话费多扣了 30 元');
      expect(stored.text).not.toMatch(/<|script|alert|被注入|color/);
    });
  }

  it('refuses mail to another address at the RCPT (550), and keeps nothing', async () => {
    const before = (await messages(await t.as('admin'))).length;
    await expect(transport().sendMail({ from: 'spam@example.net', to: 'someone@elsewhere.example', subject: '转发', text: 'x' }))
      .rejects.toMatchObject({ responseCode: 550 });
    expect((await messages(await t.as('admin'))).length).toBe(before);
  });

  it('refuses a message over 10 MB with an SMTP error (552), and keeps nothing', async () => {
    const before = (await messages(await t.as('admin'))).length;
    await expect(transport().sendMail({ from: 'zhang.wei@example.cn', to: address, subject: '大附件', text: 'x',
      attachments: [{ filename: 'big.bin', content: Buffer.alloc(11 * 1024 * 1024, 7) }] })).rejects.toMatchObject({ responseCode: 552 });
    expect((await messages(await t.as('admin'))).length).toBe(before);
  });

  it('keeps mail from an unknown sender unmatched, seen by the whole organisation only, and refuses it a ticket', async () => {
    await transport().sendMail({ from: 'stranger@example.net', to: address, subject: '陌生来信', text: '你好', messageId: '<stranger-1@example.net>' });
    const admin = await t.as('admin');
    const [stored] = (await messages(admin)).filter((m) => m.messageId === '<stranger-1@example.net>');
    expect(stored.customerId).toBeNull();
    expect((await messages(manager)).some((m) => m.id === stored.id)).toBe(false);
    const refused = await admin({ method: 'POST', url: `/api/v1/mailbox/messages/${stored.id}/ticket`, payload: {} });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().field).toBe('customerId');
  });

  it('shows another local network\'s manager none of Changsha\'s mail, and lets Changsha make a ticket of it in one click', async () => {
    const [stored] = (await messages(manager)).filter((m) => m.messageId === '<complaint-1@example.cn>');
    const zhuzhou = await t.as('zz.manager');
    expect(await messages(zhuzhou)).toEqual([]);
    expect((await zhuzhou({ method: 'GET', url: `/api/v1/mailbox/messages/${stored.id}` })).statusCode).toBe(404);
    expect((await zhuzhou({ method: 'GET', url: `/api/v1/mailbox/messages/${stored.id}/attachments/0` })).statusCode).toBe(404);
    expect((await zhuzhou({ method: 'POST', url: `/api/v1/mailbox/messages/${stored.id}/ticket`, payload: {} })).statusCode).toBe(404);
    const made = await manager({ method: 'POST', url: `/api/v1/mailbox/messages/${stored.id}/ticket`, payload: {} });
    expect(made.statusCode, made.body).toBe(200);
    const ticket = (await manager({ method: 'GET', url: `/api/v1/tickets/${made.json().ticketId}` })).json();
    expect(ticket).toMatchObject({ kind: 'complaint', channel: 'email', title: '宽带三天没修好', customerId: customer.id });
    expect((await manager({ method: 'GET', url: `/api/v1/mailbox/messages/${stored.id}` })).json().ticketId).toBe(ticket.id);
  });
});
