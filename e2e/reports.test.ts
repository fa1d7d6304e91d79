import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiAs, serverAndBrowser, signIn } from './support.ts';

const person = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1';
const origin = 'https://shop.example.cn';

describe('a site\'s reports (网站分析报表)', { timeout: 300_000 }, () => {
  const running = serverAndBrowser({ customers: 0, isDemoAwaited: false });

  it('shows the week\'s figures of the events the site sent, and a funnel built on the page', async () => {
    const manager = await apiAs(running.server.baseUrl, 'cs.manager');
    const site = await manager.post<{ id: string; siteKey: string }>('/tracking/sites', { name: '报表商城', allowedOrigins: [origin] });
    let n = 0;
    const minute = 60_000;
    const now = Date.now();
    /** A visitor's pages, a minute apart, ending five minutes ago: one session each. */
    const visit = async (visitorId: string, pages: (string | { event: string })[]) => {
      const start = now - (5 + pages.length) * minute;
      const res = await fetch(`${running.server.baseUrl}/api/v1/collect`, {
        method: 'POST', headers: { 'content-type': 'text/plain', origin, 'user-agent': person },
        body: JSON.stringify({ site: site.siteKey, visitorId, sentAt: Date.now(), events: pages.map((p, i) => ({
          id: `e2e-report-${++n}`, at: start + i * minute,
          ...(typeof p === 'string' ? { type: 'pageview', url: `${origin}${p}` } : { type: 'custom', name: p.event, url: `${origin}/plans/5g` }),
        })) }),
      });
      assert.equal(res.status, 200, await res.text());
    };
    await visit('visitor-buyer-1', ['/', '/plans/5g', { event: 'add_to_cart' }, '/cart']);
    await visit('visitor-looker-1', ['/', '/plans/5g']);
    await visit('visitor-bouncer', ['/']);

    const ctx = await running.browser.newContext({ locale: 'en', viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await signIn(page, running.server.baseUrl, 'cs.manager');
    await page.getByTestId('language-switch').getByText('EN').click();
    await page.goto(`${running.server.baseUrl}/tracking/sites/${site.id}`);
    await page.getByTestId('site-reports-link').click();
    await page.getByTestId('reports-overview').waitFor();

    // Six page views by three visitors, each one session; the one who saw one page bounced.
    assert.match(await page.getByTestId('reports-pageViews').innerText(), /6/);
    assert.match(await page.getByTestId('reports-visitors').innerText(), /3/);
    assert.match(await page.getByTestId('reports-sessions').innerText(), /3/);
    assert.match(await page.getByTestId('reports-bounceRate').innerText(), /33\.3\s?%/);
    const topPages = await page.getByTestId('reports-pages-top').innerText();
    assert.match(topPages, /\/\s+3\s+3\s+3/);
    assert.match(topPages, /\/plans\/5g\s+2\s+2\s+2/);

    // Home, then a plan, then the cart: three, two, one, in one session.
    await page.getByTestId('funnel-step-1').fill('/');
    await page.getByTestId('funnel-step-2').fill('/plans/*');
    await page.getByTestId('funnel-add').click();
    await page.getByTestId('funnel-step-3').fill('/cart');
    await page.getByTestId('funnel-run').click();
    await page.getByTestId('funnel-table').waitFor();
    const rows = await page.getByTestId('funnel-table').locator('tbody tr').allInnerTexts();
    assert.deepEqual(rows.map((r) => r.split('\t').map((c) => c.trim()).slice(3)), [['3', '0', '100%'], ['2', '1', '66.7%'], ['1', '1', '33.3%']]);
    await page.screenshot({ path: '/tmp/xiang-e2e-reports.png', fullPage: true });
    await ctx.close();
  });
});
