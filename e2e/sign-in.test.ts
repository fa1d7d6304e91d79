import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { apiAs, launchBrowser, signIn, startServer, type RunningServer } from './support.ts';

/** Records every Content-Security-Policy violation a page reports, from its first script on. */
async function watchPolicy(context: BrowserContext) {
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const consoleReports: string[] = [];
  context.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) consoleReports.push(m.text()); });
  return async (page: Page) => [...consoleReports, ...await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)];
}

const sessionsAnswer = (page: Page) => page.waitForResponse((r) => r.url().endsWith('/api/v1/sessions') && r.request().method() === 'POST');

describe('signing in, passwords and the security policy', { timeout: 600_000 }, () => {
  let server: RunningServer;
  let browser: Browser;

  before(async () => {
    server = await startServer({ customers: 200 });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('runs the console and the API documentation under the Content-Security-Policy without one violation', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const violations = await watchPolicy(context);
    const page = await context.newPage();
    const admin = await apiAs(server.baseUrl, 'admin');
    const { items } = await admin.get<{ items: { id: string }[] }>('/customers?limit=1');
    await signIn(page, server.baseUrl, 'admin');
    for (const [path, ready] of [
      ['/', '[data-testid="side-menu"]'], ['/customers', '.ant-table-row'], [`/customers/${items[0].id}`, '[data-testid="customer-name"]'],
      ['/admin/users', '.ant-table-row'], ['/admin/api-tokens', '.ant-card'], ['/admin/audit', '.ant-table'], ['/password', '[data-testid="password-form"]'],
    ] as const) {
      await page.goto(`${server.baseUrl}${path}`);
      await page.waitForSelector(ready);
      await page.waitForLoadState('networkidle');
      assert.deepEqual(await violations(page), [], `violations on ${path}`);
    }
    // A write from the console still passes the CSRF check under the Referrer-Policy.
    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/api-tokens') && r.request().method() === 'POST');
    await page.goto(`${server.baseUrl}/admin/api-tokens`);
    await page.getByPlaceholder('令牌名称').fill('CSP 检查');
    await page.getByRole('button', { name: /创建令牌/ }).click();
    assert.equal((await created).status(), 201);
    await page.getByTestId('new-token').waitFor();

    await page.goto(`${server.baseUrl}/api/docs`);
    await page.locator('.opblock').first().waitFor();
    await page.waitForLoadState('networkidle');
    assert.deepEqual(await violations(page), [], 'violations on /api/docs');
    await context.close();
  });

  it('tells how long to wait after too many wrong passwords, in both languages', async () => {
    const username = `nobody.${Date.now()}`;
    const pages = await Promise.all((['zh-CN', 'en'] as const).map(async (locale) => {
      const context = await browser.newContext({ locale, viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.goto(`${server.baseUrl}/login`);
      await page.getByLabel(/用户名|Username/).fill(username);
      await page.getByLabel(/密码|Password/).fill('wrong-password');
      return { context, page, said: locale === 'en' ? /Too many attempts\. Try again in \d+ s\./ : /尝试次数过多，请 \d+ 秒后再试/ };
    }));
    // Wrong passwords through the API until the wait outlasts a slow browser: 1 s after the
    // sixth, then 2, 4, 8, 16 s. The refused tries below count nowhere.
    for (let wait = 0; wait < 16;) {
      const res = await fetch(`${server.baseUrl}/api/v1/sessions`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'wrong-password' }),
      });
      wait = res.status === 429 ? Number(res.headers.get('retry-after')) : 0;
      if (wait && wait < 16) await new Promise((r) => setTimeout(r, wait * 1000));
    }
    for (const { context, page, said } of pages) {
      const answer = sessionsAnswer(page);
      await page.getByRole('button', { name: /登\s*录|Sign in/ }).click();
      assert.equal((await answer).status(), 429);
      await page.getByRole('alert').filter({ hasText: said }).waitFor();
      await context.close();
    }
  });

  it('shows the password rule, and the server\'s reason when a new password is too common', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await signIn(page, server.baseUrl, 'cs.am2');
    await page.goto(`${server.baseUrl}/password`);
    await page.getByText('至少 10 个字符，不能包含用户名，也不能是攻击者最先尝试的常见密码。').waitFor();
    await page.getByLabel('当前密码').fill('xiang-demo-2026');
    await page.getByLabel('新密码', { exact: true }).fill('password123');
    await page.getByLabel('确认新密码').fill('password123');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('该密码是最常见的密码之一，攻击者会最先尝试，请换一个。').waitFor();
    await context.close();
  });
});
