import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import type { Page } from 'playwright-core';
import { identityMessage } from '@xiang/shared';
import { apiAs, serverAndBrowser, shopSite, signIn } from './support.ts';

/** Chooses an option of an Ant Design select by its label. */
async function choose(page: Page, select: ReturnType<Page['locator']>, label: string) {
  await select.click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: label }).first().click();
}

describe('a survey built in the console, answered as a known visitor, counted and on the customer\'s timeline', { timeout: 300_000 }, () => {
  const running = serverAndBrowser({ customers: 0, isDemoAwaited: false });

  it('is built and opened in the console, answered through its link and over the site\'s page, and shows in the chart and on the 360° page', async () => {
    let siteKey = '';
    let secret = '';
    // Once the script has given the browser its visitor id, the account page carries the identity signed for that visitor.
    const signed = (visitorId: string) => {
      if (!visitorId) return '';
      const expiresAt = Date.now() + 3_600_000;
      const signature = createHmac('sha256', secret).update(identityMessage({ kind: 'phone', value: '13807310021', visitorId, expiresAt })).digest('hex');
      return `<script>window.xiang = window.xiang || []; xiang.push(['identify', 'phone', '13807310021', '${signature}', ${expiresAt}]);</script>`;
    };
    const shop = await shopSite(({ visitorId }) => `<!doctype html><html><head><title>湘网商城</title></head><body><h1>我的账户</h1>
      ${signed(visitorId)}
      <script async src="${running.server.baseUrl}/widget.js" data-site="${siteKey}"></script></body></html>`);
    try {
      const manager = await apiAs(running.server.baseUrl, 'cs.manager');
      const site = await manager.post<{ id: string; siteKey: string }>('/tracking/sites', { name: '湘网商城', allowedOrigins: [shop.origin] });
      siteKey = site.siteKey;
      secret = (await manager.get<{ identitySecret: string }>(`/tracking/sites/${site.id}/identity-secret`)).identitySecret;
      const am = await apiAs(running.server.baseUrl, 'cs.am1');
      const customer = await am.post<{ id: string }>('/customers', { name: '问卷客户', identities: [{ kind: 'phone', value: '13807310021' }] });

      // The manager builds the survey: a choice, an NPS rating and a text question.
      const staff = await running.browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
      const builder = await staff.newPage();
      await signIn(builder, running.server.baseUrl, 'cs.manager');
      await builder.goto(`${running.server.baseUrl}/tracking/surveys`);
      await builder.getByTestId('new-survey').click();
      const editor = builder.getByTestId('survey-editor');
      await choose(builder, editor.getByTestId('survey-editor-site'), '湘网商城');
      await editor.getByLabel('标题', { exact: true }).fill('网上营业厅体验调查');
      const first = editor.getByTestId('survey-question').nth(0);
      await first.getByLabel('题目', { exact: true }).fill('您最常办理的业务');
      await first.getByLabel('选项 1', { exact: true }).fill('充值缴费');
      await first.getByLabel('选项 2', { exact: true }).fill('宽带办理');
      await editor.getByTestId('add-question').click();
      const second = editor.getByTestId('survey-question').nth(1);
      await second.getByLabel('题目', { exact: true }).fill('您向朋友推荐我们的可能性');
      await choose(builder, second.locator('.ant-select'), '评分');
      await second.getByText('0–10 分（推荐意愿，计算 NPS）').click();
      await editor.getByTestId('add-question').click();
      const third = editor.getByTestId('survey-question').nth(2);
      await third.getByLabel('题目', { exact: true }).fill('还有什么建议');
      await choose(builder, third.locator('.ant-select'), '文字');
      await builder.getByTestId('save-survey').click();
      const item = builder.getByTestId('survey').filter({ hasText: '网上营业厅体验调查' });
      await item.getByTestId('open-survey').click();
      const link = await item.getByTestId('survey-link').innerText();
      assert.match(link, /\/s\/[A-Za-z0-9_-]{22}$/);
      const key = link.split('/s/')[1];

      // The customer signs in on the shop (the site's server vouches for them), then answers through the link at phone width.
      const phone = await running.browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 },
        userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36' });
      const shopPage = await phone.newPage();
      const firstPage = shopPage.waitForResponse((r) => r.url().endsWith('/api/v1/collect'));
      await shopPage.goto(`${shop.origin}/`);
      await firstPage;
      const collected = shopPage.waitForResponse((r) => r.url().endsWith('/api/v1/collect') && (r.request().postData() ?? '').includes('"identity"'));
      await shopPage.goto(`${shop.origin}/account`);
      assert.equal((await (await collected).json()).identified, true);
      const visitorId = (await phone.cookies(shop.origin)).find((c) => c.name === 'xiang_vid')!.value;

      const linkPage = await phone.newPage();
      await linkPage.goto(`${link}?v=${visitorId}`);
      await linkPage.getByRole('heading', { name: '网上营业厅体验调查' }).waitFor();
      await linkPage.getByLabel('宽带办理').check();
      await linkPage.getByRole('group', { name: /推荐/ }).getByLabel('9', { exact: true }).check();
      await linkPage.getByLabel('还有什么建议').fill('希望夜间也能办理宽带');
      await linkPage.getByRole('button', { name: '提交' }).click();
      await linkPage.getByRole('status').filter({ hasText: '感谢您的反馈' }).waitFor();
      const { scrollWidth, innerWidth } = await linkPage.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, innerWidth: window.innerWidth }));
      assert.ok(scrollWidth <= innerWidth, `the link page scrolls sideways at 390 px: ${scrollWidth} > ${innerWidth}`);

      // The same survey over the shop's own page, through the script: a dialog, answered by keyboard and click.
      await shopPage.evaluate((k) => (window as unknown as { xiang: { survey(key: string): void } }).xiang.survey(k), key);
      const dialog = shopPage.getByRole('dialog', { name: '网上营业厅体验调查' });
      await dialog.waitFor();
      await dialog.getByLabel('充值缴费').check();
      await dialog.getByRole('button', { name: '提交' }).click();
      await dialog.getByRole('status').waitFor();
      await phone.close();

      // The results count both, the chart has the option's bar; the customer's timeline has the linked answers.
      await builder.goto(`${running.server.baseUrl}/tracking/surveys`);
      await builder.getByTestId('survey').filter({ hasText: '网上营业厅体验调查' }).getByRole('link', { name: '网上营业厅体验调查' }).click();
      await builder.getByTestId('survey-response-count').filter({ hasText: '2' }).waitFor();
      await builder.getByTestId('survey-chart-q1').locator('canvas').waitFor();
      const chartWords = await builder.getByTestId('survey-chart-q1').getAttribute('aria-label');
      assert.match(chartWords ?? '', /充值缴费.*1/);
      assert.match(chartWords ?? '', /宽带办理.*1/);
      await builder.getByTestId('survey-text-answer').filter({ hasText: '希望夜间也能办理宽带' }).waitFor();
      await staff.close();

      const amContext = await running.browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
      const page = await amContext.newPage();
      await signIn(page, running.server.baseUrl, 'cs.am1');
      await page.goto(`${running.server.baseUrl}/customers/${customer.id}`);
      const entries = page.getByTestId('timeline-entry').filter({ hasText: '回答问卷「网上营业厅体验调查」' });
      await entries.first().waitFor();
      assert.equal(await entries.count(), 2);
      assert.match(await entries.filter({ hasText: '宽带办理' }).innerText(), /您向朋友推荐我们的可能性 9 分/);
      await amContext.close();
    } finally {
      await shop.close();
    }
  });
});
