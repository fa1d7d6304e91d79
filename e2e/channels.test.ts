import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { apiAs, root, serverAndBrowser, signIn } from './support.ts';

describe('a manager registers a channel and watches its transactions arrive', { timeout: 300_000 }, () => {
  const running = serverAndBrowser({ customers: 0, isDemoAwaited: false });

  it('shows the token once, takes a transaction posted with it, and counts it on the channels page, at phone width too', async () => {
    const { baseUrl } = running.server;
    const manager = await apiAs(baseUrl, 'cs.manager');
    const { id: customerId } = await manager.post<{ id: string }>('/customers', { name: '刘芳', identities: [{ kind: 'phone', value: '13807318802' }] });
    const page = await running.browser.newPage({ locale: 'zh-CN', viewport: { width: 390, height: 844 } });
    await signIn(page, baseUrl, 'cs.manager');
    await page.goto(`${baseUrl}/channels`);
    await page.getByText('还没有渠道').waitFor();
    await page.getByTestId('new-channel').click();
    await page.getByTestId('channel-name').fill('长沙掌上营业厅');
    await page.getByTestId('channel-code').fill('cs-mobile-hall');
    await page.getByRole('button', { name: /^登\s*记$/ }).click();
    const token = (await page.getByTestId('channel-token').innerText()).trim();
    assert.match(token, /^xch_/);
    await page.getByText('curl -X POST').waitFor();
    await page.getByRole('button', { name: /^关\s*闭$/ }).click();

    // The channel's system posts a recharge with the token it was given.
    const res = await fetch(`${baseUrl}/api/v1/channels/intake`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ transactions: [{ transactionId: 'MH-1', occurredAt: new Date().toISOString(), kind: 'recharge', status: 'failed', reason: '支付超时', amountFen: 5000, phone: '13807318802' }] }),
    });
    assert.equal(res.status, 200);
    assert.equal((await res.json() as { stored: number }).stored, 1);

    await page.reload();
    const row = page.getByTestId('channels').locator('tr.ant-table-row').first();
    await row.getByText('长沙掌上营业厅').waitFor();
    assert.match(await row.innerText(), /掌上营业厅[\s\S]*cs-mobile-hall[\s\S]*1[\s\S]*1/);
    const overflow = await page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
    await page.screenshot({ path: path.join(root, 'e2e/screenshots/channels-phone.png'), fullPage: true });

    await row.getByRole('link', { name: '长沙掌上营业厅' }).click();
    await page.getByTestId('channel-transactions').getByText('MH-1').waitFor();
    assert.match(await page.getByTestId('channel-transactions').innerText(), /支付超时/);
    const timeline = await manager.get<{ items: { type: string; summary: string }[] }>(`/customers/${customerId}/timeline`);
    assert.equal(timeline.items[0]?.type, 'channel.recharge');
    await page.close();
  });
});
