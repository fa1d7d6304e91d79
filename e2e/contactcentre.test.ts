import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import { apiAs, makePng, serverAndBrowser, signIn } from './support.ts';

// The mailbox listens where the server the suite starts is told to (the server reads its environment).
const probe = createServer();
await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
const smtpPort = (probe.address() as AddressInfo).port;
await new Promise((resolve) => probe.close(resolve));
process.env.MAILBOX_SMTP_PORT = String(smtpPort);
process.env.MAILBOX_ADDRESS = 'complaints@operator.example';

describe('the hotline and the complaint mailbox (热线与信箱)', { timeout: 600_000 }, () => {
  const running = serverAndBrowser({ customers: 200 });

  it('logs a call by hand and makes it a ticket, and reads a complaint that came by e-mail, at phone width', async () => {
    const { baseUrl } = running.server;
    const manager = await apiAs(baseUrl, 'cs.manager');
    const customer = await manager.post<{ id: string }>('/customers', { name: '热线浏览器测试客户', identities: [{ kind: 'phone', value: '13907318801' }, { kind: 'email', value: 'li.na@example.cn' }] });
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
    await transport.sendMail({ from: 'li.na@example.cn', to: 'complaints@operator.example', subject: '话费多扣了', messageId: '<e2e-1@example.cn>',
      html: '<p>本月话费<b>多扣了 30 元</b>，请核实。</p><script>document.title="pwned"</script>', attachments: [{ filename: '账单截图.png', content: makePng() }] });

    const ctx = await running.browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 } });
    const page = await ctx.newPage();
    await signIn(page, baseUrl, 'cs.manager');
    await page.goto(`${baseUrl}/contact-centre`);
    await page.getByText('还没有通话记录', { exact: false }).waitFor();

    await page.getByTestId('log-call').click();
    await page.getByTestId('call-number').fill('139 0731 8801');
    await page.getByTestId('call-save').click();
    const calls = page.getByTestId('call-table');
    await calls.getByRole('link', { name: '热线浏览器测试客户' }).waitFor();
    await calls.getByTestId('make-ticket').click();
    await calls.getByRole('link', { name: '查看工单' }).waitFor();
    const stored = await manager.get<{ items: { ticketId: string | null; customerId: string }[] }>('/hotline/calls');
    assert.equal(stored.items[0].customerId, customer.id);
    assert.ok(stored.items[0].ticketId);

    await page.getByRole('tab', { name: '投诉信箱' }).click();
    await page.getByTestId('mail-table').getByRole('button', { name: /话费多扣了/ }).click();
    const detail = page.getByTestId('mail-detail');
    await detail.getByText('本月话费多扣了 30 元，请核实。').waitFor();
    await page.waitForTimeout(500); // the drawer's slide-in
    await page.screenshot({ path: 'e2e/screenshots/contact-centre-mail-phone.png' });
    await detail.getByRole('link', { name: /账单截图\.png/ }).waitFor();
    assert.doesNotMatch(await detail.innerText(), /pwned|script/);
    assert.notEqual(await page.title(), 'pwned');
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, innerWidth: window.innerWidth }));
    assert.ok(scrollWidth <= innerWidth, `the page is ${scrollWidth}px wide on a ${innerWidth}px phone`);
    await ctx.close();

    const en = await running.browser.newContext({ locale: 'en', viewport: { width: 1280, height: 800 } });
    const enPage = await en.newPage();
    await signIn(enPage, baseUrl, 'cs.manager');
    await enPage.goto(`${baseUrl}/contact-centre?tab=mail`);
    await enPage.getByRole('tab', { name: 'Complaint mailbox' }).waitFor();
    await enPage.getByTestId('mail-table').getByRole('link', { name: 'Open the ticket' }).count();
    await enPage.getByRole('heading', { name: 'Hotline & mailbox' }).waitFor();
    await en.close();
  });
});
