import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { apiAs, launchBrowser, signIn, startServer, type RunningServer } from './support.ts';

/** Two people at two browsers: what one changes appears on the other's screen without a reload. */
describe('live refresh', { timeout: 600_000 }, () => {
  let server: RunningServer;
  let browser: Browser;

  before(async () => {
    server = await startServer({ customers: 50 });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('refreshes the 360° page and the customer list when a colleague changes the customer', async () => {
    const colleague = await apiAs(server.baseUrl, 'cs.am1');
    const created = await colleague.raw('/customers', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: '实时 浏览器 原名' }) });
    assert.equal(created.status, 201);
    const customer = await created.json() as { id: string };

    const viewer = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } })).newPage();
    await signIn(viewer, server.baseUrl, 'cs.manager');
    await viewer.goto(`${server.baseUrl}/customers/${customer.id}`);
    await viewer.getByTestId('customer-name').filter({ hasText: '实时 浏览器 原名' }).waitFor();

    const lister = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } })).newPage();
    await signIn(lister, server.baseUrl, 'cs.manager');
    await lister.goto(`${server.baseUrl}/customers`);
    await lister.waitForSelector('.ant-table-row');
    // Both pages have their socket open and subscribed before the change is made.
    await viewer.waitForTimeout(1_000);

    const renamed = await colleague.raw(`/customers/${customer.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: '实时 浏览器 新名' }) });
    assert.equal(renamed.status, 200);
    await viewer.getByTestId('customer-name').filter({ hasText: '实时 浏览器 新名' }).waitFor({ timeout: 10_000 });

    const another = await colleague.raw('/customers', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: '实时 浏览器 新客户' }) });
    assert.equal(another.status, 201);
    await lister.getByText('实时 浏览器 新客户').waitFor({ timeout: 10_000 });
  });
});
