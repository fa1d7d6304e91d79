import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiAs, serverAndBrowser, signIn } from './support.ts';

describe('the knowledge base (知识库)', { timeout: 600_000 }, () => {
  const running = serverAndBrowser({ customers: 200 });

  it('is searched in Chinese mixed with Latin letters, an article is opened, and one is put into a ticket\'s reply', async () => {
    const { baseUrl } = running.server;
    const ctx = await running.browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    await signIn(page, baseUrl, 'cs.agent');
    await page.goto(`${baseUrl}/knowledge`);
    const box = page.getByTestId('knowledge-search');
    await box.fill('LOS灯');
    await box.press('Enter');
    const list = page.getByTestId('knowledge-list');
    // The demo's article on the modem's lights, found by a piece of its title mixed with Latin letters, the piece marked.
    const found = list.getByRole('link', { name: /光猫指示灯说明/ });
    await found.waitFor();
    assert.ok(await list.locator('mark').count() > 0, 'the searched words are marked');
    await found.click();
    await page.waitForURL(/\/knowledge\/[0-9a-f-]{36}$/);
    await page.getByTestId('article-title').getByText('光猫指示灯说明').waitFor();
    await page.getByTestId('article-body').getByText(/LOS 灯：熄灭为正常/).waitFor();
    await page.getByTestId('article-versions').getByText('第 1 版').waitFor();

    // A ticket about a red LOS light: the panel suggests the article, and it goes into the reply with the portal's link.
    const agent = await apiAs(baseUrl, 'cs.agent');
    const customer = (await agent.get<{ items: { id: string }[] }>('/customers?limit=1')).items[0];
    const opened = await agent.raw('/tickets', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'fault', title: '光猫LOS灯红，家里无法上网', customerId: customer.id }) });
    assert.equal(opened.status, 201);
    const ticket = await opened.json() as { id: string };
    await page.goto(`${baseUrl}/tickets/${ticket.id}`);
    const panel = page.getByTestId('suggested-articles');
    await panel.getByText(/光猫/).first().waitFor();
    await panel.getByTestId('suggested-insert').first().click();
    const reply = page.getByTestId('ticket-message-body');
    await page.waitForFunction(() => Boolean((document.querySelector('[data-testid="ticket-message-body"]') as HTMLTextAreaElement | null)?.value));
    // A public article goes in as its title and the portal's link, an internal one as its text.
    const first = (await panel.locator('.ant-list-item').first().innerText()).split('\n')[0].trim();
    const inserted = await reply.inputValue();
    assert.ok(inserted.includes(first) || inserted.length > 20, `${inserted} holds ${first}`);
    if (inserted.startsWith(first)) assert.match(inserted, /\/portal\/knowledge\/[0-9a-f-]{36}$/);
    await ctx.close();
  });
});
