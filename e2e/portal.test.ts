import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiAs, DEMO_PASSWORD, makePng, serverAndBrowser, signIn } from './support.ts';

/**
 * 网上营业厅 — the customer's journey on a phone: sign in with a code the SMS would have carried
 * (the demo writes it to the log), report a fault with a photo, see an agent's answer from the
 * console, and rate the resolution.
 */
describe('the customer portal (网上营业厅)', { timeout: 600_000 }, () => {
  const running = serverAndBrowser({ customers: 200 });
  const phone = '13807310001';

  it('a customer reports a fault with a photo on a phone, an agent resolves it in the console, the customer reads the answer and rates it', async () => {
    const { baseUrl } = running.server;
    const mobile = await running.browser.newContext({ locale: 'zh-CN', viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
    const page = await mobile.newPage();
    await page.goto(`${baseUrl}/portal/tickets`);
    // Not signed in: the sign-in page, and back to where they were going.
    await page.waitForURL(/\/portal\/login\?next=/);
    await page.getByTestId('portal-phone').fill('138 0731 0001');
    await page.getByTestId('portal-get-code').click();
    await page.getByText(/验证码已发送/).waitFor();
    // The resend button counts down; the code is in the server's log, as the demo promises.
    await page.getByTestId('portal-get-code').getByText(/秒后重发/).waitFor();
    let code: string | undefined;
    for (let i = 0; i < 50 && !code; i++) {
      code = /Portal sign-in code for \+8613807310001: (\d{6})/.exec(running.server.output())?.[1];
      if (!code) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(code, 'the demo server logs the code');
    await page.getByTestId('portal-code').fill(code);
    await page.getByTestId('portal-sign-in').click();
    await page.waitForURL(`${baseUrl}/portal/tickets`);
    // The demo's customer has two tickets already: one waiting for them, one resolved.
    await page.getByTestId('portal-ticket-link').first().waitFor();

    // 报障: a fault on their broadband, with a photo of the modem.
    await page.getByTestId('portal-tab-report').click();
    await page.getByTestId('portal-report-service').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: '宽带' }).first().click();
    await page.getByTestId('portal-report-title').fill('光猫 LOS 灯红，宽带上不了网（浏览器测试）');
    await page.getByTestId('portal-report-details').fill('今天早上开始');
    // The photo goes up at once (the form's only file input: the picker's button holds it).
    await page.getByTestId('portal-report').locator('input[type=file]').setInputFiles({ name: '光猫.png', mimeType: 'image/png', buffer: makePng() });
    await page.getByTestId('portal-report').getByRole('img', { name: '光猫.png' }).waitFor();
    await page.getByTestId('portal-report-submit').click();
    await page.waitForURL(/\/portal\/tickets\/[0-9a-f-]{36}$/);
    const ticketId = page.url().split('/').pop()!;
    await page.getByTestId('portal-ticket-status').filter({ hasText: '已受理' }).waitFor();
    // Their photo comes back from the server, on their ticket.
    const photo = page.getByTestId('portal-ticket').locator('img').first();
    await photo.waitFor();
    await photo.evaluate((img: HTMLImageElement) => img.decode());
    assert.ok(await photo.evaluate((img: HTMLImageElement) => img.naturalWidth > 0), 'the photo loads');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 375, `nothing wider than the phone (${width}px)`);

    // The agent in the console: the ticket is the customer's own, with the photo; answered and resolved.
    const desk = await running.browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const console_ = await desk.newPage();
    await signIn(console_, baseUrl, 'cs.am1');
    await console_.goto(`${baseUrl}/tickets/${ticketId}`);
    await console_.getByTestId('ticket-page').getByText('客户本人（网上营业厅）').waitFor();
    const agentSees = console_.getByTestId('ticket-files').locator('img').first();
    await agentSees.waitFor();
    await agentSees.evaluate((img: HTMLImageElement) => img.decode());
    assert.ok(await agentSees.evaluate((img: HTMLImageElement) => img.naturalWidth > 0), 'the agent sees the photo');
    await console_.getByTestId('ticket-assignee').click();
    await console_.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: '(cs.am1)' }).click();
    await console_.getByTestId('ticket-step-in_progress').click();
    await console_.locator('.ant-segmented-item').filter({ hasText: '回复客户' }).click();
    await console_.getByTestId('ticket-message-body').fill('已远程重置您的光猫端口，现在可以上网了。');
    await console_.getByTestId('ticket-message-save').click();
    await console_.getByTestId('ticket-messages').getByText('已远程重置您的光猫端口').waitFor();
    await console_.getByTestId('ticket-step-resolved').click();
    await console_.getByTestId('ticket-page').getByText('已解决', { exact: true }).first().waitFor();

    // Back on the phone: the answer, the new status, and the rating.
    await page.reload();
    await page.getByTestId('portal-ticket-status').filter({ hasText: '已解决' }).waitFor();
    await page.getByTestId('portal-message-staff').filter({ hasText: '已远程重置您的光猫端口，现在可以上网了。' }).waitFor();
    const rate = page.getByTestId('portal-rate');
    await rate.locator('.ant-rate-star').nth(4).click();
    await page.getByTestId('portal-rate-comment').fill('很快就修好了');
    await page.getByTestId('portal-rate-send').click();
    await page.getByTestId('portal-rated').getByText('很快就修好了').waitFor();
    assert.equal(await page.getByTestId('portal-rate').count(), 0, 'rated once, the rating is not offered again');

    // The desk sees the customer's five stars.
    await console_.reload();
    await console_.getByTestId('ticket-satisfaction').getByText('很快就修好了').waitFor();
    const am = await apiAs(baseUrl, 'cs.am1');
    const seen = await am.get<{ satisfaction: number; channel: string }>(`/tickets/${ticketId}`);
    assert.deepEqual([seen.satisfaction, seen.channel], [5, 'portal']);
    await desk.close();
    await mobile.close();
  });

  it('signs in with the password, shows the customer\'s own bills, points and services in English, chooses how to hear of tickets, and signs out', async () => {
    const { baseUrl } = running.server;
    const ctx = await running.browser.newContext({ locale: 'en-US', viewport: { width: 375, height: 740 }, isMobile: true });
    const page = await ctx.newPage();
    await page.goto(`${baseUrl}/portal`);
    await page.getByTestId('portal-sign-in-method').getByText('Password').click();
    await page.getByTestId('portal-phone').fill(phone);
    await page.getByTestId('portal-password').fill('not-the-password');
    await page.getByTestId('portal-sign-in').click();
    await page.getByTestId('portal-sign-in-error').getByText(/do not match/).waitFor();
    await page.getByTestId('portal-password').fill(DEMO_PASSWORD);
    await page.getByTestId('portal-sign-in').click();
    const home = page.getByTestId('portal-home');
    await home.getByText('Hello, 王建国').waitFor();
    await page.getByTestId('portal-services').getByText('138 0731 0001').waitFor();
    await page.getByTestId('portal-bills').getByText('2026-11').waitFor();
    await page.getByTestId('portal-bills').getByText('To pay').waitFor();
    // Their points: the October bill of ¥157.00 was paid in full, a point a yuan.
    await page.getByTestId('portal-points').getByText('Bill 2026-10 paid').waitFor();
    assert.equal((await page.getByTestId('portal-points-balance').innerText()).replace(/\D/g, ''), '157');
    // Help: the operator's public articles, searched in Chinese.
    await page.getByTestId('portal-tab-articles').click();
    await page.getByTestId('portal-help-search').fill('光猫');
    await page.getByTestId('portal-help-search').press('Enter');
    await page.getByTestId('portal-help-list').locator('mark').first().waitFor();
    await page.getByTestId('portal-tab-me').click();
    // Notices: by SMS (the only address on file); e-mail cannot be chosen without one.
    const notices = page.getByTestId('portal-notice-channel');
    assert.ok(await notices.getByRole('radio', { name: /E-mail/ }).isDisabled(), 'no e-mail address on file');
    await notices.getByText('SMS', { exact: true }).click();
    await page.getByText('Saved').first().waitFor();
    await page.reload();
    assert.ok(await page.getByTestId('portal-notice-channel').getByRole('radio', { name: 'SMS', exact: true }).isChecked(), 'the choice is kept');
    await page.getByTestId('portal-sign-out').click();
    await page.waitForURL(/\/portal\/login/);
    await page.goto(`${baseUrl}/portal/me`);
    await page.waitForURL(/\/portal\/login\?next=%2Fportal%2Fme/);
    await ctx.close();
  });
});
