import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiAs, serverAndBrowser, shopSite, signIn } from './support.ts';

describe('an order posted by a shop\'s server shows on the customer\'s 360° page', { timeout: 300_000 }, () => {
  const running = serverAndBrowser({ customers: 0, isDemoAwaited: false });

  it('makes the buyer a customer at once, with the order and the pages they saw before it', async () => {
    const manager = await apiAs(running.server.baseUrl, 'cs.manager');
    let siteKey = '';
    let siteId = '';
    const { token } = await manager.post<{ token: string }>('/api-tokens', { name: '湘网商城服务器' });
    // Its checkout, like a real shop's server, reads the script's visitor cookie and posts the order to the CRM with its API token.
    const shop = await shopSite(async ({ path, visitorId }) => {
      if (path === '/checkout') {
        const res = await fetch(`${running.server.baseUrl}/api/v1/tracking/sites/${siteId}/orders`, {
          method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({
            orderNumber: 'XW-20261204-0001', customer: { name: '周敏', phone: '13807318801' }, visitorId,
            items: [{ productCode: '5G-199', productName: '5G 畅享套餐', quantity: 1, unitPrice: 19900 }, { productCode: 'ONT', productName: '千兆光猫', quantity: 1, unitPrice: 29900 }],
            total: 49800, paymentMethod: 'wechat_pay', isPaid: true, orderedAt: new Date().toISOString(),
            shippingAddress: { recipient: '周敏', phone: '13807318801', city: '长沙', line: '天心区书院路 9 号' },
          }),
        });
        if (res.status !== 201) throw new Error(`order: ${res.status} ${await res.text()}`);
      }
      return `<!doctype html><html><head><title>湘网商城 ${path}</title></head><body>
        <a id="plans" href="/plans">套餐</a> <a id="checkout" href="/checkout">下单</a>
        <script async src="${running.server.baseUrl}/widget.js" data-site="${siteKey}"></script></body></html>`;
    });
    try {
      const site = await manager.post<{ id: string; siteKey: string }>('/tracking/sites', { name: '湘网商城', allowedOrigins: [shop.origin] });
      siteKey = site.siteKey;
      siteId = site.id;

      // A phone's browser (headless Chromium is counted a crawler and never linked): two pages, then the checkout.
      const ctx = await running.browser.newContext({ viewport: { width: 390, height: 844 },
        userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36' });
      const shopPage = await ctx.newPage();
      await shopPage.goto(`${shop.origin}/?utm_source=weixin`);
      await shopPage.waitForResponse((r) => r.url().endsWith('/api/v1/collect'));
      await shopPage.click('#plans');
      await shopPage.waitForResponse((r) => r.url().endsWith('/api/v1/collect'));
      await shopPage.click('#checkout');
      await shopPage.waitForResponse((r) => r.url().endsWith('/api/v1/collect'));
      // The shop's newsletter form, through the script: received, and (unsigned) joined to no one.
      const isReceived = await shopPage.evaluate(() => (window as unknown as { xiang: { register(p: object): Promise<boolean> } }).xiang.register({ name: '周敏', phone: '13807318801' }));
      assert.equal(isReceived, true);
      await ctx.close();

      const staff = await running.browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
      const page = await staff.newPage();
      await signIn(page, running.server.baseUrl, 'cs.manager');
      await page.goto(`${running.server.baseUrl}/customers?q=13807318801`);
      await page.getByText('周敏').first().click();
      await page.getByRole('tab', { name: '网上订单' }).click();
      const order = page.getByTestId('online-order').first();
      await order.waitFor();
      const text = await order.innerText();
      assert.match(text, /XW-20261204-0001/);
      assert.match(text, /498\.00/);
      assert.match(text, /已支付/);
      assert.match(text, /微信支付/);
      await page.getByRole('tab', { name: '网上行为' }).click();
      await page.getByTestId('web-session').first().waitFor();
      const activity = await page.getByTestId('web-activity').innerText();
      assert.match(activity, /湘网商城/);
      assert.match(activity, /weixin/);
      await page.getByRole('tab', { name: '时间线' }).click();
      const timeline = await page.getByTestId('customer-360').innerText();
      assert.match(timeline, /XW-20261204-0001/);
      await staff.close();
    } finally {
      await shop.close();
    }
  });
});
