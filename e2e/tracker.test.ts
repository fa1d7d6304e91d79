import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiAs, serverAndBrowser, signIn } from './support.ts';

/** A plain shop page of another origin, carrying the snippet the console gives. */
function shopSite(snippet: () => string) {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><head><title>湘网商城 ${path}</title></head><body>
      <a id="plan" href="/plans/5g">5G 套餐</a>
      <a id="offer" href="/offers/broadband" target="_blank">宽带优惠</a>
      <button id="coupon" data-xiang-event="coupon_opened">领券</button>
      ${snippet()}</body></html>`);
  });
  return new Promise<{ origin: string; close(): Promise<void> }>((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => server.close(() => r())),
  })));
}

interface Sent { visitorId?: string; events: { id: string; type: string; url: string; name?: string; target?: string; utm?: Record<string, string>; props?: Record<string, unknown> }[] }

describe('the tracker on a site\'s page (网站数据采集)', { timeout: 300_000 }, () => {
  const running = serverAndBrowser({ customers: 0, isDemoAwaited: false });

  it('records page views (also a single-page app\'s), clicks, a custom event and the campaign, each once, for one visitor across pages', async () => {
    let siteKey = '';
    const shop = await shopSite(() => `<script async src="${running.server.baseUrl}/widget.js" data-site="${siteKey}"></script>`);
    try {
      const manager = await apiAs(running.server.baseUrl, 'cs.manager');
      const made = await manager.raw('/tracking/sites', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: '湘网商城', allowedOrigins: [shop.origin] }) });
      assert.equal(made.status, 201, await made.clone().text());
      siteKey = (await made.json()).siteKey;

      // A phone's browser: headless Chromium says so in its user agent, and the server rightly counts it as a crawler.
      const ctx = await running.browser.newContext({ viewport: { width: 390, height: 844 },
        userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36' });
      const page = await ctx.newPage();
      const sent: Sent[] = [];
      const answers: Promise<{ status: number; stored: number }>[] = [];
      ctx.on('request', (req) => { if (req.url().endsWith('/api/v1/collect')) sent.push(JSON.parse(req.postData() ?? '{}')); });
      ctx.on('response', (res) => {
        // The answer's status is always there; its body is gone once the page that asked has navigated away.
        if (res.url().endsWith('/api/v1/collect')) {
          answers.push(res.json().then((b: { stored: number }) => ({ status: res.status(), stored: b.stored }), () => ({ status: res.status(), stored: Number.NaN })));
        }
      });

      await page.goto(`${shop.origin}/?utm_source=weixin&utm_campaign=newyear`);
      await page.waitForFunction(() => typeof (window as unknown as { xiang?: { track?: unknown } }).xiang?.track === 'function');
      // A single-page app's navigation, the site's search, a marked button, a custom event.
      await page.evaluate(() => history.pushState({}, '', '/search?q=5G'));
      await page.click('#coupon');
      await page.evaluate(() => (window as unknown as { xiang: { track(n: string, p: object): void } }).xiang.track('coupon_claimed', { coupon: 'NEWYEAR' }));
      await page.waitForResponse((r) => r.url().endsWith('/api/v1/collect'));
      // A link that opens another tab: the click goes with the next batch.
      const [offer] = await Promise.all([ctx.waitForEvent('page'), page.click('#offer')]);
      await page.waitForResponse((r) => r.url().endsWith('/api/v1/collect') && (r.request().postData() ?? '').includes('/offers/broadband'));
      await offer.close();
      // A link to the next page: the same visitor there (the cookie). What the page hands the
      // browser as it leaves (sendBeacon) is not seen by playwright's request events.
      await page.click('#plan');
      await page.waitForURL(`${shop.origin}/plans/5g`);
      await page.waitForResponse((r) => r.url().endsWith('/api/v1/collect'), { timeout: 10_000 }).catch(() => undefined);
      await page.waitForTimeout(1500);
      await ctx.close();

      const events = sent.flatMap((b) => b.events);
      const kinds = events.map((e) => `${e.type} ${new URL(e.url).pathname}${e.name ? ` ${e.name}` : ''}`);
      for (const expected of ['pageview /', 'pageview /search', 'click /search coupon_opened', 'custom /search coupon_claimed', 'click /search', 'pageview /plans/5g']) {
        assert.ok(kinds.includes(expected), `${expected} in ${JSON.stringify(kinds)}`);
      }
      assert.deepEqual(events.find((e) => e.type === 'pageview')!.utm, { source: 'weixin', campaign: 'newyear' });
      assert.equal(events.find((e) => e.type === 'click' && !e.name)!.target, `${shop.origin}/offers/broadband`);
      // One visitor on both pages (the first-party cookie), every event id once.
      assert.equal(new Set(sent.map((b) => b.visitorId)).size, 1);
      assert.match(sent[0].visitorId ?? '', /^[0-9a-f]{32}$/);
      assert.equal(new Set(events.map((e) => e.id)).size, events.length);
      const seen = await Promise.all(answers);
      assert.ok(seen.every((a) => a.status === 200), JSON.stringify(seen));
    } finally {
      await shop.close();
    }
  });

  it('sends from the demo shop (/demo/shop): a product, the cart and a search show in the demo site\'s visitors list', async () => {
    const base = running.server.baseUrl;
    // The demo site loads after the demo's customers, in the background.
    for (let i = 0; i < 120 && (await fetch(`${base}/demo/shop`)).status !== 200; i++) await new Promise((r) => setTimeout(r, 500));
    const ctx = await running.browser.newContext({ viewport: { width: 390, height: 844 },
      userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36' });
    const page = await ctx.newPage();
    // Each page's batch is awaited before leaving it: a batch handed over as the page goes (sendBeacon)
    // carries headless Chromium's own user agent, not the context's, and is rightly kept as a crawler's.
    const sentFrom = (path: string) => page.waitForResponse((r) => r.url().endsWith('/api/v1/collect') && (r.request().postData() ?? '').includes(path));
    await Promise.all([sentFrom('/demo/shop"'), page.goto(`${base}/demo/shop`)]);
    await Promise.all([sentFrom('/products/gigabit-broadband'), page.getByRole('link', { name: '千兆光宽带' }).click()]);
    await Promise.all([sentFrom('add_to_cart'), page.getByRole('button', { name: '加入购物车' }).click()]);
    await page.getByRole('status').filter({ hasText: '已加入购物车' }).waitFor();
    await page.getByLabel('搜索商品').fill('路由器');
    await Promise.all([sentFrom('/demo/shop/search?q='), page.getByRole('button', { name: '搜索', exact: true }).click()]);
    await page.getByRole('link', { name: 'Wi-Fi 7 路由器' }).waitFor();
    const visitorId = (await ctx.cookies()).find((c) => c.name === 'xiang_vid')!.value;
    await ctx.close();

    const manager = await apiAs(base, 'cs.manager');
    const site = (await manager.get<{ items: { id: string; siteKey: string }[] }>('/tracking/sites')).items.find((s) => s.siteKey === 'xiang-demo-shop-2026')!;
    type Listed = { visitorId: string; pageViews: number; landingPage: string };
    let mine: Listed | undefined;
    for (let i = 0; i < 40 && !(mine && mine.pageViews >= 3); i++) {
      mine = (await manager.get<{ items: Listed[] }>(`/tracking/sites/${site.id}/visitors?limit=5`)).items.find((v) => v.visitorId === visitorId);
      if (!(mine && mine.pageViews >= 3)) await new Promise((r) => setTimeout(r, 500));
    }
    // Home, the product, the search: three page views; the visitor is the most recent one, landing on the shop's home.
    assert.ok(mine, `visitor ${visitorId} in the list`);
    assert.equal(mine.pageViews, 3);
    assert.equal(new URL(mine.landingPage).pathname, '/demo/shop');
    // And in the console, the visitors table shows them first.
    const staff = await running.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const console_ = await staff.newPage();
    await signIn(console_, base, 'cs.manager');
    await console_.goto(`${base}/tracking/sites/${site.id}`);
    await console_.getByTestId('visitors-table').locator('.ant-table-row').first().getByText(visitorId.slice(0, 8)).waitFor();
    await staff.close();
  });
});
