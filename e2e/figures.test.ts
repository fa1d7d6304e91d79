import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { apiAs, launchBrowser, signIn, startServer, type RunningServer } from './support.ts';

/** The figures the console shows are the data's: the header agrees with the tabs below it. */
describe('the figures on screen', { timeout: 600_000 }, () => {
  let server: RunningServer;
  let browser: Browser;

  before(async () => {
    server = await startServer({ customers: 600 });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows on the 360° header as many unpaid and overdue bills as the bills tab lists', async () => {
    const am = await apiAs(server.baseUrl, 'cs.am1');
    const { items: mine } = await am.get<{ items: { id: string; name: string }[] }>('/customers?ownerId=me&limit=100');
    type View = { openItems: { unpaidBills: number; overdueBills: number } };
    let customer: { id: string; name: string } | undefined;
    for (const c of mine) {
      const view = await am.get<View>(`/customers/${c.id}/360`);
      if (view.openItems.unpaidBills >= 2 && view.openItems.overdueBills >= 1) { customer = c; break; }
    }
    assert.ok(customer, 'an own customer with two unpaid bills, one overdue');

    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    await signIn(page, server.baseUrl, 'cs.am1');
    await page.goto(`${server.baseUrl}/customers/${customer.id}`);
    await page.getByTestId('customer-name').getByText(customer.name).waitFor();
    const unpaid = Number(await page.getByTestId('header-unpaid').getAttribute('data-count'));
    const overdue = Number(await page.getByTestId('header-overdue').getAttribute('data-count'));
    assert.match(await page.getByTestId('header-unpaid').innerText(), new RegExp(String(unpaid)));

    await page.getByRole('tab', { name: /账单与缴费/ }).click();
    const bills = page.getByTestId('bills');
    await bills.locator('.ant-table-row').first().waitFor();
    const statuses = await bills.locator('.ant-table-row [data-status]').evaluateAll((tags) => tags.map((t) => t.getAttribute('data-status')));
    assert.equal(statuses.filter((s) => s !== 'paid').length, unpaid, 'unpaid bills: header and tab');
    assert.equal(statuses.filter((s) => s === 'overdue').length, overdue, 'overdue bills: header and tab');
    await ctx.close();
  });

  for (const { locale, switchTo, soFar } of [{ locale: 'zh-CN', switchTo: '中文', soFar: '本月至今' }, { locale: 'en', switchTo: 'EN', soFar: 'so far' }]) {
    it(`gives a manager KPI cards of one height and marks the current month as partial, in ${locale}`, async () => {
      const ctx = await browser.newContext({ locale, viewport: { width: 1440, height: 900 } });
      const page = await ctx.newPage();
      await signIn(page, server.baseUrl, 'hn.manager');
      await page.getByTestId('language-switch').getByText(switchTo).click();
      await page.getByTestId('chart-new-by-month').locator('canvas').waitFor();
      await page.waitForTimeout(800);
      const heights = await page.getByTestId('kpi').evaluateAll((cards) => cards.map((c) => Math.round(c.getBoundingClientRect().height)));
      assert.equal(heights.length, 6);
      assert.equal(new Set(heights).size, 1, `KPI card heights ${heights.join(', ')}`);
      // The charts describe themselves (ECharts aria); the current month is named as partial on both.
      for (const chart of ['chart-new-by-month', 'chart-interactions']) {
        const described = await page.getByTestId(chart).getAttribute('aria-label');
        assert.ok(described?.includes(soFar), `${chart}: ${described}`);
      }
      await ctx.close();
    });
  }
});
