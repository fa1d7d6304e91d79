import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { identityMessage } from '@xiang/shared';
import { apiAs, serverAndBrowser, shopSite, signIn } from './support.ts';

describe('a signed-in visitor is identified and their web activity shows on the 360° page and in the site\'s funnel', { timeout: 300_000 }, () => {
  const running = serverAndBrowser({ customers: 0, isDemoAwaited: false });

  it('links the visitor by the site server\'s signature, earlier pages included, and shows the sessions at phone width', async () => {
    let siteKey = '';
    let secret = '';
    // The account page, which the shop's server renders for a signed-in customer, carries the identity it signed for this visitor.
    const shop = await shopSite(({ path, visitorId }) => {
      const expiresAt = Date.now() + 3_600_000;
      const signature = createHmac('sha256', secret).update(identityMessage({ kind: 'phone', value: '138 0731 0009', visitorId, expiresAt })).digest('hex');
      const identify = path === '/account' ? `<script>window.xiang = window.xiang || []; xiang.push(['identify', 'phone', '138 0731 0009', '${signature}', ${expiresAt}]);</script>` : '';
      return `<!doctype html><html><head><title>湘网商城 ${path}</title></head><body>
        <a id="account" href="/account">我的账户</a>${identify}<script async src="${running.server.baseUrl}/widget.js" data-site="${siteKey}"></script></body></html>`;
    });
    try {
      const manager = await apiAs(running.server.baseUrl, 'cs.manager');
      const site = await manager.post<{ id: string; siteKey: string }>('/tracking/sites', { name: '湘网商城', allowedOrigins: [shop.origin] });
      siteKey = site.siteKey;
      secret = (await manager.get<{ identitySecret: string }>(`/tracking/sites/${site.id}/identity-secret`)).identitySecret;
      const am = await apiAs(running.server.baseUrl, 'cs.am1');
      const customer = await am.post<{ id: string }>('/customers', { name: '网上客户', identities: [{ kind: 'phone', value: '13807310009' }] });

      // Headless Chromium names itself HeadlessChrome, which isbot counts as a crawler (never identified): a phone's browser instead.
      const ctx = await running.browser.newContext({ viewport: { width: 390, height: 844 },
        userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36' });
      const shopPage = await ctx.newPage();
      await shopPage.goto(`${shop.origin}/?utm_source=weixin`);
      await shopPage.waitForResponse((r) => r.url().endsWith('/api/v1/collect'));
      await shopPage.click('#account');
      const identified = await shopPage.waitForResponse((r) => r.url().endsWith('/api/v1/collect') && (r.request().postData() ?? '').includes('"identity"'));
      assert.equal(identified.status(), 200, await identified.text());
      assert.equal((await identified.json()).identified, true);
      await shopPage.close();

      await ctx.close();

      const staff = await running.browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      const page = await staff.newPage();
      await signIn(page, running.server.baseUrl, 'cs.am1');
      await page.goto(`${running.server.baseUrl}/customers/${customer.id}`);
      // At phone width the tabs that do not fit are in the tab bar's "more" menu.
      const tab = page.getByRole('tab', { name: '网上行为' });
      await page.getByRole('tab').first().waitFor();
      if (await tab.isVisible()) {
        await tab.scrollIntoViewIfNeeded();
        await tab.click();
        await page.waitForSelector('[role="tab"][aria-selected="true"]:has-text("网上行为")', { timeout: 5000 }).catch(() => tab.click());
      }
      else {
        await page.locator('.ant-tabs-nav-more').first().hover();
        await page.getByRole('option', { name: '网上行为' }).or(page.getByRole('menuitem', { name: '网上行为' })).first().click();
      }
      const session = page.getByTestId('web-session').first();
      await session.waitFor();
      const text = await page.getByTestId('web-activity').innerText();
      assert.match(text, /湘网商城/);
      assert.match(text, /2 次浏览/);
      assert.match(text, /weixin/);
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, innerWidth: window.innerWidth }));
      assert.ok(scrollWidth <= innerWidth, `the 360° page scrolls sideways at 390 px: ${scrollWidth} > ${innerWidth}`);
      await staff.close();

      // The same visit in the site's funnel: the front page, then the account page, in one session.
      const funnel = await manager.post<{ steps: { visitors: number; dropOff: number }[] }>(`/tracking/sites/${site.id}/reports/funnel`,
        { steps: [{ kind: 'page', pattern: '/' }, { kind: 'page', pattern: '/account' }, { kind: 'page', pattern: '/checkout' }] });
      assert.deepEqual(funnel.steps.map((s) => [s.visitors, s.dropOff]), [[1, 0], [1, 0], [0, 1]]);
    } finally {
      await shop.close();
    }
  });
});
