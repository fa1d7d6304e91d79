import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { startSmtpServer } from '../test/smtp.ts';
import { smtpGateway } from '../notifications/gateways.ts';
import { emailDueReminders } from './reminders.ts';

let t: TestApp;
let am: Client;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let send: () => Promise<number>;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp({ customers: 0 });
  am = await t.as('cs.am1');
  const email = smtpGateway(smtp.url, 'Xiang CRM <no-reply@xiang-crm.example>');
  send = () => emailDueReminders(t.database.db, email, { timeZone: 'Asia/Shanghai' });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const ahead = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

describe('a task reminder by e-mail', () => {
  it('goes once to the assignee when its time has come, in both languages, with the customer named; again after a new reminder time', async () => {
    const customer = (await am({ method: 'POST', url: '/api/v1/customers', payload: { name: '提醒邮件客户' } })).json();
    const task = (await am({ method: 'POST', url: '/api/v1/tasks', payload: { title: '回电话', dueAt: '2031-05-06T02:00:00Z', remindAt: ago(1), customerId: customer.id } })).json();
    await am({ method: 'POST', url: '/api/v1/tasks', payload: { title: '以后再提醒', dueAt: ahead(120), remindAt: ahead(60) } });
    expect(await send()).toBe(1);
    const [mail] = smtp.received.filter((r) => r.envelopeTo.includes('cs.am1@xiang.example'));
    expect(mail.mail.subject).toBe('待办提醒 Reminder: 回电话');
    expect(mail.mail.text).toContain(`客户：提醒邮件客户（${customer.number}）`);
    expect(mail.mail.text).toContain('截止：2031年5月6日 10:00');
    expect(mail.mail.text).toContain('Due: May 6, 2031, 10:00 AM');
    expect(await send()).toBe(0);
    await am({ method: 'PATCH', url: `/api/v1/tasks/${task.id}`, payload: { remindAt: ago(0.5) } });
    expect(await send()).toBe(1);
    // Done: no reminder, whatever its time.
    await am({ method: 'PATCH', url: `/api/v1/tasks/${task.id}`, payload: { status: 'done', remindAt: ago(0.2) } });
    expect(await send()).toBe(0);
  });

  it('is not sent to an assignee without an address, nor tried again for them', async () => {
    await t.database.db.execute(sql`update users set email = null where username = 'cs.key1'`);
    const key = await t.as('cs.key1');
    await key({ method: 'POST', url: '/api/v1/tasks', payload: { title: '没有邮箱', dueAt: ahead(60), remindAt: ago(1) } });
    const before = smtp.received.length;
    expect(await send()).toBe(0);
    expect(smtp.received.length).toBe(before);
    // Still on the console's bell.
    expect((await key({ method: 'GET', url: '/api/v1/tasks/summary' })).json().reminders).toHaveLength(1);
  });
});
