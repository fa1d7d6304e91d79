import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, root, signIn, startServer, type RunningServer } from './support.ts';

/** A first start: the console says the demo is still arriving, and counts it all once it has. */
describe('a first start with the demo', { timeout: 600_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  // Enough customers that the load outlasts a sign-in on a fast machine (8,000 load in about 8 s here).
  const wanted = 12_000;

  before(async () => {
    // The browser first, so the sign-in follows the server's start at once.
    browser = await launchBrowser();
    server = await startServer({ customers: wanted, isDemoAwaited: false });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows how many demo customers have loaded while they load, then the figures of all of them', async () => {
    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    await signIn(page, server.baseUrl, 'admin');
    const banner = page.getByTestId('demo-load');
    await banner.waitFor();
    assert.match(await banner.innerText(), /正在载入演示数据：[\d,]+ \/ 12,000 位客户/);
    await page.screenshot({ path: path.join(root, 'e2e/screenshots/demo-load-banner.png') });
    // The figures seen now are taken mid-load (and kept by the server for a few minutes) ...
    await page.getByTestId('manager-dashboard').waitFor();
    const early = Number((await page.getByTestId('kpi').first().innerText()).replace(/\D/g, ''));
    assert.ok(early < wanted, `${early} customers seen mid-load`);
    // ... and when the load ends the banner goes and the figures count every customer.
    await banner.waitFor({ state: 'detached', timeout: 300_000 });
    await page.waitForFunction((n) => document.querySelector('[data-testid="kpi"]')?.textContent?.replace(/\D/g, '') === String(n), wanted, { timeout: 20_000 });
    await ctx.close();
  });
});
