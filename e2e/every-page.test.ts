import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { apiAs, launchBrowser, root, signIn, startServer, type RunningServer } from './support.ts';

const shots = path.join(root, 'e2e/screenshots');
mkdirSync(shots, { recursive: true });

/** The staff pages a user reaches from the menu, and one customer's 360° page. */
const adminPages = ['/', '/customers', '/tasks', '/messages/templates', '/imports', '/admin/org-units', '/admin/users', '/admin/api-tokens', '/admin/audit', '/admin/operations', '/tracking/sites', '/tracking/surveys', '/channels', '/contact-centre', '/tickets', '/service-terms', '/knowledge', '/service-stats', '/password'];
const accountManagerPages = ['/', '/customers', '/tasks', '/tickets', '/service-terms', '/knowledge', '/service-stats', '/messages/templates', '/tracking/sites', '/tracking/surveys', '/channels', '/contact-centre'];
const languages = [{ locale: 'zh-CN', switchTo: '中文' }, { locale: 'en', switchTo: 'EN' }] as const;

/**
 * Opens a page as the console's own links do once it runs (the router follows the history; the
 * first page is a full load), so each page costs its own drawing, not the bundle's start again.
 * A page is ready when its content is drawn: no spinner or skeleton left in the main area.
 */
async function openPage(page: Page, baseUrl: string, pathname: string) {
  if (page.url().startsWith(baseUrl) && await page.locator('#root > *').count()) {
    await page.evaluate((to) => { history.pushState(null, '', to); window.dispatchEvent(new PopStateEvent('popstate')); }, pathname);
    await page.waitForURL(`${baseUrl}${pathname}`);
  } else {
    await page.goto(`${baseUrl}${pathname}`);
  }
  await page.locator('#root > *').first().waitFor();
  await page.waitForFunction(() => !document.querySelector('#root .ant-spin-spinning, #root .ant-skeleton-active'), undefined, { timeout: 20_000 });
  await page.waitForTimeout(300);
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical findings on the page as it is now, one line each. */
async function seriousViolations(page: Page) {
  // Colours are read once the page's transitions end (up to 2 s: a spinner never does); mid-way
  // a button fading in from disabled measures as too pale.
  await page.evaluate(() => Promise.race([
    Promise.all(document.getAnimations().filter((a) => a.effect?.getTiming().iterations !== Infinity).map((a) => a.finished.catch(() => undefined))),
    new Promise((resolve) => setTimeout(resolve, 2000)),
  ]));
  // Evaluated, not added as a script tag: the console's CSP rightly refuses inline script.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 8).map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.targets.join(', ')}`);
}

const horizontalOverflow = (page: Page) => page.evaluate(() => {
  const scroller = document.scrollingElement!;
  return { scrollWidth: scroller.scrollWidth, innerWidth: window.innerWidth };
});

describe('every staff page', { timeout: 900_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let customerId: string;
  let ticketId: string;
  let articleId: string;
  let surveyKey: string;
  /** A site with no events yet: its reports page shows its empty states. */
  let reportsPage: string;

  before(async () => {
    server = await startServer({ customers: 600 });
    browser = await launchBrowser();
    const am = await apiAs(server.baseUrl, 'cs.am1');
    customerId = (await am.get<{ items: { id: string }[] }>('/customers?ownerId=me&limit=1')).items[0].id;
    // One of the demo's tickets, as the queue links to it.
    ticketId = (await am.get<{ items: { id: string }[] }>('/tickets?status=all&limit=1')).items[0].id;
    // One of the demo's knowledge articles, as the knowledge list links to it.
    articleId = (await am.get<{ items: { id: string }[] }>('/knowledge/articles?limit=1')).items[0].id;
    // 问卷 — a site's open survey with an answer, so its results have charts and its editor shows the fixed questions.
    const manager = await apiAs(server.baseUrl, 'cs.manager');
    const site = await manager.post<{ id: string }>('/tracking/sites', { name: '网上营业厅', allowedOrigins: ['https://shop.example.cn'] });
    const survey = await manager.post<{ id: string; key: string }>('/tracking/surveys', { siteId: site.id, title: '满意度调查', intro: '占用您一分钟。', questions: [
      { id: 'q1', kind: 'single', title: '常办业务', isRequired: true, options: [{ id: 'o1', label: '充值' }, { id: 'o2', label: '宽带' }] },
      { id: 'q2', kind: 'rating', scale: 'nps', title: '推荐可能性' }, { id: 'q3', kind: 'text', title: '建议' }] });
    await manager.post(`/tracking/surveys/${survey.id}/open`, {});
    const answered = await fetch(`${server.baseUrl}/api/v1/surveys/${survey.key}/responses`, { method: 'POST', headers: { 'content-type': 'text/plain', origin: server.baseUrl },
      body: JSON.stringify({ submissionId: 'every-page-0001', answers: { q1: ['o2'], q2: 9, q3: '很好' } }) });
    assert.equal(answered.status, 200, await answered.text());
    surveyKey = survey.key;
    adminPages.push(`/tracking/surveys/${survey.id}`, `/tracking/surveys/${survey.id}/edit`, '/tracking/surveys/new');
    const admin = await apiAs(server.baseUrl, 'admin');
    reportsPage = `/tracking/sites/${(await admin.post<{ id: string }>('/tracking/sites', { name: '报表页检查', allowedOrigins: ['https://check.example.cn'] })).id}/reports`;
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
        for (const pathname of [...pages, `/customers/${customerId}`, `/tickets/${ticketId}`, `/knowledge/${articleId}`, ...(username === 'admin' ? [reportsPage] : [])]) {
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

  for (const { locale, switchTo } of languages) {
    it(`has no serious or critical accessibility violation (axe-core) on any main page at 1440 px, in ${locale}`, async () => {
      const found: string[] = [];
      for (const [username, pages] of [['admin', adminPages], ['cs.am1', accountManagerPages]] as const) {
        const ctx = await browser.newContext({ locale, viewport: { width: 1440, height: 900 } });
        const page = await ctx.newPage();
        await signIn(page, server.baseUrl, username);
        await page.getByTestId('language-switch').getByText(switchTo).click();
        for (const pathname of [...pages, ...(username === 'admin' ? [reportsPage] : [`/customers/${customerId}`, `/tickets/${ticketId}`, `/knowledge/${articleId}`])]) {
          await openPage(page, server.baseUrl, pathname);
          await page.screenshot({ path: path.join(shots, `desktop-${locale}-${username}${pathname.replace(/\//g, '_')}.png`) });
          for (const v of await seriousViolations(page)) found.push(`${username} ${pathname}: ${v}`);
        }
        await ctx.close();
      }
      assert.deepEqual(found, []);
    });
  }

  it('serves the survey link page that fits a 390 px phone and has no serious accessibility violation, in both languages', async () => {
    const found: string[] = [];
    for (const { locale } of languages) {
      for (const viewport of [{ width: 390, height: 844 }, { width: 1440, height: 900 }]) {
        const ctx = await browser.newContext({ locale, viewport });
        const page = await ctx.newPage();
        await page.goto(`${server.baseUrl}/s/${surveyKey}`);
        await page.getByRole('button', { name: /提交|Submit/ }).waitFor();
        assert.equal(await page.evaluate(() => document.documentElement.lang), locale);
        const { scrollWidth, innerWidth } = await horizontalOverflow(page);
        if (scrollWidth > innerWidth) found.push(`${locale} ${viewport.width}: scrolls sideways ${scrollWidth} > ${innerWidth}`);
        for (const v of await seriousViolations(page)) found.push(`${locale} ${viewport.width}: ${v}`);
        await page.screenshot({ path: path.join(shots, `survey-link-${locale}-${viewport.width}.png`), fullPage: true });
        await ctx.close();
      }
    }
    assert.deepEqual(found, []);
  });

  it('has the demo site\'s page (with its visitors) and the demo shop fit a phone and pass axe-core, for each role that sees the site, in both languages', async () => {
    const manager = await apiAs(server.baseUrl, 'cs.manager');
    const site = (await manager.get<{ items: { id: string; siteKey: string }[] }>('/tracking/sites')).items.find((s) => s.siteKey === 'xiang-demo-shop-2026');
    assert.ok(site, 'the demo site is loaded with the demo');
    const shopPages = ['/demo/shop', '/demo/shop/products/gigabit-broadband', '/demo/shop/search?q=5G', '/demo/shop/cart', '/demo/shop/thanks'];
    const found: string[] = [];
    for (const { locale, switchTo } of languages) {
      for (const viewport of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
        const isPhone = viewport.width === 390;
        // The site is Changsha's: the administrator and Changsha's manager see it (an account manager's team holds no site).
        for (const username of ['admin', 'cs.manager']) {
          const ctx = await browser.newContext({ locale, viewport, ...(isPhone ? { isMobile: true, hasTouch: true } : {}) });
          const page = await ctx.newPage();
          await signIn(page, server.baseUrl, username);
          await page.getByTestId('language-switch').getByText(switchTo).click();
          await openPage(page, server.baseUrl, `/tracking/sites/${site.id}`);
          await page.getByTestId('visitors-table').locator('.ant-table-row').first().waitFor();
          const { scrollWidth, innerWidth } = await horizontalOverflow(page);
          if (scrollWidth > innerWidth) found.push(`${username} site page at ${viewport.width} px, ${locale}: scrolls sideways (${scrollWidth} > ${innerWidth})`);
          await page.screenshot({ path: path.join(shots, `${isPhone ? 'phone' : 'desktop'}-${locale}-${username}_tracking_site.png`) });
          for (const v of await seriousViolations(page)) found.push(`${username} site page at ${viewport.width} px, ${locale}: ${v}`);
          await ctx.close();
        }
        const ctx = await browser.newContext({ locale, viewport, ...(isPhone ? { isMobile: true, hasTouch: true } : {}) });
        const page = await ctx.newPage();
        for (const pathname of shopPages) {
          const url = `${server.baseUrl}${pathname}${locale === 'en' ? `${pathname.includes('?') ? '&' : '?'}lang=en` : ''}`;
          await page.goto(url);
          await page.locator('main h1').waitFor();
          const { scrollWidth, innerWidth } = await horizontalOverflow(page);
          if (scrollWidth > innerWidth) found.push(`${pathname} at ${viewport.width} px, ${locale}: scrolls sideways (${scrollWidth} > ${innerWidth})`);
          await page.screenshot({ path: path.join(shots, `${isPhone ? 'phone' : 'desktop'}-${locale}-shop${pathname.replace(/[/?=]/g, '_')}.png`) });
          for (const v of await seriousViolations(page)) found.push(`${pathname} at ${viewport.width} px, ${locale}: ${v}`);
        }
        await ctx.close();
      }
    }
    assert.deepEqual(found, []);
  });

  it('opens the user menu, changes the password page and signs out with the keyboard alone', async () => {
    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    await signIn(page, server.baseUrl, 'cs.am2');
    await openPage(page, server.baseUrl, '/');
    const menu = page.getByTestId('user-menu');
    // Tab until the user menu has the focus: it is in the tab order.
    for (let i = 0; i < 30 && !(await menu.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    assert.ok(await menu.evaluate((el) => el === document.activeElement), 'the user menu takes the focus by Tab');
    /** Opens the menu with Enter and moves down to the item with the arrow keys, as a keyboard user does. */
    const choose = async (item: string) => {
      await page.keyboard.press('Enter');
      await page.getByRole('menuitem', { name: item }).waitFor();
      // Keys go where the focus is: wait until the open menu holds it (the menu opens, then
      // takes the focus a frame later), and read the item under the focus, not a hover class.
      const focusedItem = () => page.evaluate(() => {
        const el = document.activeElement;
        return el?.closest('.ant-dropdown:not(.ant-dropdown-hidden) .ant-dropdown-menu') ? el.closest('[role="menuitem"]')?.textContent ?? '' : null;
      });
      await page.waitForFunction(() => document.activeElement?.closest('.ant-dropdown:not(.ant-dropdown-hidden) .ant-dropdown-menu'));
      for (let i = 0; i < 8 && !(await focusedItem())?.includes(item); i++) {
        await page.keyboard.press('ArrowDown');
        await page.waitForTimeout(50);
      }
      assert.ok((await focusedItem())?.includes(item), `the arrows reach ${item}`);
      await page.keyboard.press('Enter');
    };
    await choose('修改密码');
    await page.waitForURL(/\/password$/);
    await page.goBack();
    await menu.waitFor();
    await menu.focus();
    await choose('退出登录');
    await page.waitForURL(/\/login/);
    await ctx.close();
  });

  it('shows where the keyboard is on a table row link', async () => {
    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    await signIn(page, server.baseUrl, 'cs.am1');
    await openPage(page, server.baseUrl, '/customers');
    const link = page.locator('.ant-table-row a').first();
    await link.focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    const outline = await link.evaluate((a) => { const s = getComputedStyle(a); return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) }; });
    assert.notEqual(outline.style, 'none', 'a focused row link has an outline');
    assert.ok(outline.width >= 2, `outline ${outline.width}px`);
    await ctx.close();
  });
});
