import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { apiAs, launchBrowser, root, signIn, startServer, type RunningServer } from './support.ts';

const shots = path.join(root, 'e2e/screenshots');
mkdirSync(shots, { recursive: true });

/** The staff pages a user reaches from the menu, and one customer's 360° page. */
const adminPages = ['/', '/customers', '/imports', '/admin/org-units', '/admin/users', '/admin/api-tokens', '/admin/audit', '/password'];
const accountManagerPages = ['/', '/customers'];
const languages = [{ locale: 'zh-CN', switchTo: '中文' }, { locale: 'en', switchTo: 'EN' }] as const;

/** A page is ready when its content is drawn: no spinner or skeleton left in the main area. */
async function openPage(page: Page, baseUrl: string, pathname: string) {
  await page.goto(`${baseUrl}${pathname}`);
  await page.locator('#root > *').first().waitFor();
  await page.waitForFunction(() => !document.querySelector('#root .ant-spin-spinning, #root .ant-skeleton-active'), undefined, { timeout: 20_000 });
  await page.waitForTimeout(300);
}

const horizontalOverflow = (page: Page) => page.evaluate(() => {
  const scroller = document.scrollingElement!;
  return { scrollWidth: scroller.scrollWidth, innerWidth: window.innerWidth };
});

describe('every staff page', { timeout: 900_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let customerId: string;

  before(async () => {
    server = await startServer({ customers: 600 });
    browser = await launchBrowser();
    const am = await apiAs(server.baseUrl, 'cs.am1');
    customerId = (await am.get<{ items: { id: string }[] }>('/customers?ownerId=me&limit=1')).items[0].id;
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const { locale, switchTo } of languages) {
    it(`fits a 390 px phone in ${locale}: no page scrolls sideways, and the menu opens as a drawer`, async () => {
      for (const [username, pages] of [['admin', adminPages], ['cs.am1', accountManagerPages]] as const) {
        const ctx = await browser.newContext({ locale, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
        const page = await ctx.newPage();
        await signIn(page, server.baseUrl, username);
        await page.getByTestId('language-switch').getByText(switchTo).click();
        const wide: string[] = [];
        for (const pathname of [...pages, `/customers/${customerId}`]) {
          if (username === 'admin' && pathname.startsWith('/customers/')) continue;
          await openPage(page, server.baseUrl, pathname);
          const { scrollWidth, innerWidth } = await horizontalOverflow(page);
          if (scrollWidth > innerWidth) wide.push(`${pathname}: ${scrollWidth} > ${innerWidth}`);
          await page.screenshot({ path: path.join(shots, `phone-${locale}-${username}${pathname.replace(/\//g, '_') || '_home'}.png`) });
        }
        assert.deepEqual(wide, [], `${username}'s pages that scroll sideways at 390 px`);
        // The side menu is not on the page until asked for, then takes the user where they choose.
        await openPage(page, server.baseUrl, '/');
        assert.equal(await page.getByTestId('side-menu').isVisible(), false);
        await page.getByTestId('menu-open').click();
        await page.getByTestId('side-menu').waitFor();
        await page.screenshot({ path: path.join(shots, `phone-${locale}-${username}-menu.png`) });
        await page.getByTestId('side-menu').getByRole('menuitem').nth(1).click();
        await page.waitForURL(/\/customers$/);
        await page.getByTestId('side-menu').waitFor({ state: 'hidden' });
        await ctx.close();
      }
    });
  }
});
