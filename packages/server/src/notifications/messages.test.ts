import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../platform/db/index.ts';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { customersHereAndElsewhere, expectRefused } from '../test/refusals.ts';
import { writtenState } from '../test/written.ts';
import { startSmtpServer } from '../test/smtp.ts';
import { deliverDueMessages } from './service.ts';
import { loggingGateways, smtpGateway, type Gateways } from './gateways.ts';

let t: TestApp;
let am: Client;
let marketing: Client;
let ids: { mine: string; elsewhere: string };
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let gateways: Gateways;
const smsSent: { to: string; body: string }[] = [];

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp({ customers: 0, config: { quietHours: null, promotionalCapPerWeek: 2 } });
  am = await t.as('cs.am1');
  marketing = await t.as('hn.marketing');
  ids = await customersHereAndElsewhere(t, am);
  const logged = loggingGateways(() => {});
  gateways = { email: smtpGateway(smtp.url, 'Xiang CRM <no-reply@xiang-crm.example>'), sms: { send: async (m) => { smsSent.push(m); return logged.sms.send(m); } } };
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

async function customerWith(identities: { kind: string; value: string }[], name = '欧阳娜娜') {
  const res = await am({ method: 'POST', url: '/api/v1/customers', payload: { name, identities } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}
async function template(body: Record<string, unknown>) {
  const res = await marketing({ method: 'POST', url: '/api/v1/message-templates', payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}
const billNotice = {
  name: '账单提醒', channel: 'email', kind: 'service',
  texts: {
    'zh-CN': { subject: '{{customer.name}}，您的账单已出', body: '尊敬的{{customer.name}}（客户编号 {{customer.number}}）：您本月的账单已出。{{unit.name}} {{staff.name}}' },
    en: { subject: 'Your bill is ready, {{customer.name}}', body: 'Dear {{customer.name}} ({{customer.number}}), your bill for this month is ready. {{unit.name}}' },
  },
};
const promoSms = { name: '宽带优惠', channel: 'sms', kind: 'promotional', texts: { 'zh-CN': { body: '{{customer.name}}您好，千兆宽带本月八折。回T退订' }, en: { body: 'Hello {{customer.name}}, gigabit broadband 20% off this month. Reply T to stop' } } };

describe('a message template', () => {
  const rowsOf = (): [string, Record<string, unknown>, number, string | undefined][] => [
    ['a field that does not exist', { ...billNotice, texts: { ...billNotice.texts, 'zh-CN': { subject: '账单', body: '尊敬的{{custmer.name}}' } } }, 400, 'texts.zh-CN.body'],
    ['a brace left open', { ...billNotice, texts: { ...billNotice.texts, en: { subject: 'Bill', body: 'Dear {{customer.name' } } }, 400, 'texts.en.body'],
    ['an unknown field in the subject', { ...billNotice, texts: { ...billNotice.texts, en: { subject: '{{bill.amount}}', body: 'x' } } }, 400, 'texts.en.subject'],
    ['an e-mail without a subject', { ...billNotice, texts: { ...billNotice.texts, en: { body: 'x' } } }, 400, 'texts.en.subject'],
    ['an SMS with a subject', { ...promoSms, texts: { ...promoSms.texts, en: { subject: 'Hi', body: 'x' } } }, 400, 'texts.en.subject'],
    ['only one language', { ...billNotice, texts: { 'zh-CN': billNotice.texts['zh-CN'] } }, 400, 'texts.en'],
    ['a channel that does not exist', { ...billNotice, channel: 'fax' }, 400, 'channel'],
    ['a body over 2,000 characters', { ...promoSms, texts: { ...promoSms.texts, en: { body: 'x'.repeat(2001) } } }, 400, 'texts.en.body'],
  ];
  for (const [name, body, status, field] of rowsOf()) {
    it(`is refused with ${name}, in both languages, and nothing is written`, () =>
      expectRefused(t, marketing, { name, request: { method: 'POST', url: '/api/v1/message-templates', payload: body }, status, field }));
  }
  it('is written by marketing and managers, not by an account manager', async () => {
    expect((await am({ method: 'POST', url: '/api/v1/message-templates', payload: billNotice })).statusCode).toBe(403);
  });
});

describe('a service e-mail', () => {
  it('is previewed for the customer, sent through SMTP in the language chosen, and put on the timeline', async () => {
    const customerId = await customerWith([{ kind: 'email', value: 'nana@example.com' }]);
    const templateId = await template(billNotice);
    const preview = (await am({ method: 'POST', url: `/api/v1/customers/${customerId}/messages/preview`, payload: { templateId } })).json();
    expect(preview).toMatchObject({ channel: 'email', to: 'nana@example.com', subject: '欧阳娜娜，您的账单已出', refusals: [] });
    expect(preview.body).toContain('长沙公众客户部');
    for (const language of ['zh-CN', 'en']) {
      const res = await am({ method: 'POST', url: `/api/v1/customers/${customerId}/messages`, payload: { templateId, language } });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ status: 'queued', language });
    }
    expect(await deliverDueMessages(t.database.db, gateways)).toBe(2);
    const mails = smtp.received.filter((r) => r.envelopeTo.includes('nana@example.com'));
    expect(mails.map((m) => m.mail.subject).sort()).toEqual(['Your bill is ready, 欧阳娜娜', '欧阳娜娜，您的账单已出']);
    const zh = mails.find((m) => m.mail.subject?.startsWith('欧阳'))!.mail;
    expect(zh.headers.get('content-language')).toBe('zh-CN');
    expect(zh.text).toContain('尊敬的欧阳娜娜');
    expect(zh.from?.text).toContain('no-reply@xiang-crm.example');
    expect(zh.headers.get('list-unsubscribe')).toBeUndefined();
    const sent = (await am({ method: 'GET', url: `/api/v1/customers/${customerId}/messages` })).json().items;
    expect(sent.map((m: { status: string }) => m.status)).toEqual(['sent', 'sent']);
    // Our id is in the Message-ID, so a bounce can name the message it is about.
    expect(sent.map((m: { id: string }) => m.id)).toContain(/<([^@]+)@/.exec(zh.messageId ?? '')?.[1]);
    const timeline = (await am({ method: 'GET', url: `/api/v1/customers/${customerId}/timeline` })).json().items;
    expect(timeline.filter((i: { type: string; channel: string }) => i.type === 'message.service' && i.channel === 'email')).toHaveLength(2);
  });

  it('tells before sending that the customer has no e-mail address, and refuses to send', async () => {
    const customerId = await customerWith([{ kind: 'phone', value: '13807310001' }], '无邮箱客户');
    const templateId = await template({ ...billNotice, name: '账单提醒二' });
    for (const [language, words] of [['en', 'no e-mail address'], ['zh-CN', '电子邮箱']]) {
      const preview = (await am({ method: 'POST', url: `/api/v1/customers/${customerId}/messages/preview`, payload: { templateId }, headers: { 'accept-language': language } })).json();
      expect(preview.refusals.map((r: { message: string }) => r.message).join()).toContain(words);
    }
    const before = await writtenState(t.database.db);
    const res = await am({ method: 'POST', url: `/api/v1/customers/${customerId}/messages`, payload: { templateId } });
    expect(res.statusCode).toBe(409);
    expect(await writtenState(t.database.db)).toEqual(before);
  });

  it('is retried when the SMTP server cannot be reached, and fails after five tries', async () => {
    const customerId = await customerWith([{ kind: 'email', value: 'retry@example.com' }], '重试客户');
    const templateId = await template({ ...billNotice, name: '账单提醒三' });
    const queued = (await am({ method: 'POST', url: `/api/v1/customers/${customerId}/messages`, payload: { templateId } })).json();
    const unreachable: Gateways = { ...gateways, email: smtpGateway('smtp://127.0.0.1:1', 'x <x@example.com>') };
    for (let attempt = 1; attempt <= 5; attempt++) {
      // A second back: the database's clock reads microseconds and the sender compares with a JavaScript date (milliseconds).
      await t.database.db.execute(sql`update outbound_messages set send_after = now() - interval '1 second' where id = ${queued.id}`);
      await deliverDueMessages(t.database.db, unreachable);
      const [m] = await rows<{ status: string; attempts: number; error: string }>(t.database.db, sql`select status, attempts, error from outbound_messages where id = ${queued.id}`);
      expect(m.attempts).toBe(attempt);
      expect(m.status).toBe(attempt < 5 ? 'queued' : 'failed');
      expect(m.error).toMatch(/ECONNREFUSED|connect/i);
    }
  });
});

describe('a promotional SMS', () => {
  it('goes only with the customer\'s consent, within the weekly cap, with their name in it', async () => {
    const customerId = await customerWith([{ kind: 'phone', value: '0731-84123456' }, { kind: 'phone', value: '13907310002' }], '营销客户');
    const templateId = await template(promoSms);
    const send = () => am({ method: 'POST', url: `/api/v1/customers/${customerId}/messages`, payload: { templateId } });
    const refused = await send();
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toContain('not agreed');
    const granted = await am({ method: 'PUT', url: `/api/v1/customers/${customerId}/consents`, payload: { channel: 'sms', isGranted: true } });
    expect(granted.json().items).toMatchObject([{ channel: 'sms', isGranted: true, source: 'staff_phone' }]);
    const preview = (await am({ method: 'POST', url: `/api/v1/customers/${customerId}/messages/preview`, payload: { templateId } })).json();
    // To the mobile, not the fixed line; one SMS part.
    expect(preview).toMatchObject({ to: '+8613907310002', smsParts: 1, refusals: [] });
    expect((await send()).statusCode).toBe(201);
    expect((await send()).statusCode).toBe(201);
    const third = await send();
    expect(third.statusCode).toBe(409);
    expect(third.json().detail).toContain('at most 2');
    expect(await deliverDueMessages(t.database.db, gateways)).toBe(2);
    expect(smsSent.filter((m) => m.to === '+8613907310002').map((m) => m.body)).toEqual(['营销客户您好，千兆宽带本月八折。回T退订', '营销客户您好，千兆宽带本月八折。回T退订']);
    // Withdrawn: nothing more goes, whatever the cap.
    await am({ method: 'PUT', url: `/api/v1/customers/${customerId}/consents`, payload: { channel: 'sms', isGranted: false } });
    const after = (await am({ method: 'POST', url: `/api/v1/customers/${customerId}/messages/preview`, payload: { templateId } })).json();
    expect(after.refusals.map((r: { code: string }) => r.code)).toEqual(['noConsent', 'overCap']);
  });

  it('waits for the end of quiet hours', async () => {
    const now = new Date();
    const hhmm = (d: Date) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
    const quiet = await startTestApp({ customers: 0, config: { timeZone: 'Asia/Shanghai', quietHours: { from: hhmm(new Date(now.getTime() - 3600_000)), to: hhmm(new Date(now.getTime() + 3600_000)) } } });
    try {
      const q = await quiet.as('cs.am1');
      const m = await quiet.as('hn.marketing');
      const customerId = (await q({ method: 'POST', url: '/api/v1/customers', payload: { name: '夜间客户', identities: [{ kind: 'phone', value: '13907310003' }] } })).json().id;
      await q({ method: 'PUT', url: `/api/v1/customers/${customerId}/consents`, payload: { channel: 'sms', isGranted: true } });
      const promo = (await m({ method: 'POST', url: '/api/v1/message-templates', payload: promoSms })).json().id;
      const service = (await m({ method: 'POST', url: '/api/v1/message-templates', payload: { ...promoSms, name: '停机提醒', kind: 'service' } })).json().id;
      const later = (await q({ method: 'POST', url: `/api/v1/customers/${customerId}/messages`, payload: { templateId: promo } })).json();
      const atOnce = (await q({ method: 'POST', url: `/api/v1/customers/${customerId}/messages`, payload: { templateId: service } })).json();
      const wait = new Date(later.sendAfter).getTime() - now.getTime();
      expect(wait).toBeGreaterThan(58 * 60_000);
      expect(wait).toBeLessThanOrEqual(61 * 60_000);
      expect(new Date(atOnce.sendAfter).getTime() - now.getTime()).toBeLessThan(60_000);
      expect(await deliverDueMessages(quiet.database.db, gateways)).toBe(1);
    } finally {
      await quiet.close();
    }
  });
});

describe('messages of another unit\'s customer', () => {
  it('do not exist: 404 on preview, send, list and consents, and nothing is written', async () => {
    const templateId = await template({ ...billNotice, name: '账单提醒四' });
    for (const request of [
      { method: 'POST' as const, url: `/api/v1/customers/${ids.elsewhere}/messages/preview`, payload: { templateId } },
      { method: 'POST' as const, url: `/api/v1/customers/${ids.elsewhere}/messages`, payload: { templateId } },
      { method: 'GET' as const, url: `/api/v1/customers/${ids.elsewhere}/messages` },
      { method: 'GET' as const, url: `/api/v1/customers/${ids.elsewhere}/consents` },
      { method: 'PUT' as const, url: `/api/v1/customers/${ids.elsewhere}/consents`, payload: { channel: 'sms', isGranted: true } },
    ]) await expectRefused(t, am, { name: request.url, request, status: 404, field: undefined });
  });
});
