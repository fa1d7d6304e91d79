import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiAs, serverAndBrowser, signIn } from './support.ts';

describe('service tickets (工单)', { timeout: 600_000 }, () => {
  const running = serverAndBrowser({ customers: 200 });

  it('is opened from the 360° page about one of the customer\'s services, worked through the workflow, and lands on the timeline', async () => {
    const { baseUrl } = running.server;
    const am = await apiAs(baseUrl, 'cs.am1');
    const mine = await am.get<{ items: { id: string; name: string }[] }>('/customers?ownerId=me&limit=20');
    // A customer with a service the fault can be about.
    let target: { id: string; name: string } | undefined;
    let service: { serviceNumber: string; productName: string } | undefined;
    for (const c of mine.items) {
      const services = await am.get<{ items: { serviceNumber: string; productName: string; status: string }[] }>(`/customers/${c.id}/subscriptions`);
      service = services.items[0];
      if (service) { target = c; break; }
    }
    assert.ok(target && service, 'one of the account manager\'s customers has a service');

    const ctx = await running.browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    await signIn(page, baseUrl, 'cs.am1');
    await page.goto(`${baseUrl}/customers/${target.id}`);
    await page.getByRole('tab', { name: '工单' }).click();
    await page.getByTestId('customer-ticket-new').click();
    await page.getByTestId('ticket-title').fill('宽带频繁掉线（浏览器测试）');
    await page.getByTestId('ticket-subscription').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: service.serviceNumber }).first().click();
    await page.getByTestId('ticket-save').click();

    // The ticket's own page: new, about that service, with its opening in the history.
    await page.waitForURL(/\/tickets\/[0-9a-f-]{36}$/);
    const ticketPage = page.getByTestId('ticket-page');
    await ticketPage.getByText('新建', { exact: true }).waitFor();
    await ticketPage.getByText(service.serviceNumber).waitFor();
    const history = page.getByTestId('ticket-history');
    await history.getByText('受理', { exact: true }).waitFor();

    // Assigning moves it to assigned; then the buttons are the steps the workflow allows.
    await page.getByTestId('ticket-assignee').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: '(cs.am1)' }).click();
    await ticketPage.getByText('已分派', { exact: true }).first().waitFor();
    await history.getByText('处理人：— → 长沙客户经理一').waitFor();
    assert.deepEqual(await page.getByTestId('ticket-steps').getByRole('button').allTextContents(), ['改为“处理中”']);
    await page.getByTestId('ticket-step-in_progress').click();
    await history.getByText('状态：已分派 → 处理中').waitFor();

    await page.getByTestId('ticket-message-body').fill('已远程重启光猫，请客户观察一天');
    await page.getByTestId('ticket-message-save').click();
    await page.getByTestId('ticket-messages').getByText('已远程重启光猫，请客户观察一天').waitFor();

    await page.getByTestId('ticket-step-resolved').click();
    await history.getByText('状态：处理中 → 已解决').waitFor();
    const id = page.url().split('/').pop()!;
    const stored = await am.get<{ status: string; resolvedAt: string | null; messages: { body: string }[] }>(`/tickets/${id}`);
    assert.equal(stored.status, 'resolved');
    assert.ok(stored.resolvedAt);
    assert.deepEqual(stored.messages.map((m) => m.body), ['已远程重启光猫，请客户观察一天']);

    // The customer went through it: opened and resolved are on their timeline.
    await page.goto(`${baseUrl}/customers/${target.id}`);
    await page.getByText('工单已受理：宽带频繁掉线（浏览器测试）').waitFor();
    await page.getByText('工单已解决：宽带频繁掉线（浏览器测试）').waitFor();
    await ctx.close();
  });

  it('keeps the SLA terms the administrator sets: a policy changed in the console times the next ticket, shown on its page and in the queue', async () => {
    const { baseUrl } = running.server;
    const ctx = await running.browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    await signIn(page, baseUrl, 'admin');
    await page.goto(`${baseUrl}/service-terms`);
    const policies = page.getByTestId('terms-policies');
    await policies.getByText('27 小时').waitFor();
    await page.getByTestId('terms-policies-edit').click();
    const normal = policies.locator('tr', { has: page.locator('input[value="普通"]') });
    const resolution = normal.getByLabel('解决', { exact: true });
    await resolution.fill('600');
    await page.getByTestId('terms-policies-save').click();
    await policies.locator('tr', { hasText: '普通' }).getByText('10 小时').waitFor();
    // The published calendar stands for this year until someone sets their own.
    await page.getByTestId('terms-calendar-source').getByText('按国务院公布的安排').waitFor();

    const am = await apiAs(baseUrl, 'cs.am1');
    const customer = (await am.get<{ items: { id: string }[] }>('/customers?ownerId=me&limit=1')).items[0];
    const opened = await am.raw('/tickets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'inquiry', title: '咨询时限（浏览器测试）', customerId: customer.id, priority: 'normal' }) });
    assert.equal(opened.status, 201);
    const ticket = await opened.json() as { id: string; slaPolicyId: string; resolutionDueAt: string };
    const normalPolicy = (await am.get<{ items: { id: string; priority: string; customerTier: string | null; resolutionMinutes: number }[] }>('/service/sla-policies')).items
      .find((p) => p.priority === 'normal' && !p.customerTier)!;
    assert.equal(ticket.slaPolicyId, normalPolicy.id);
    assert.equal(normalPolicy.resolutionMinutes, 600);

    await page.goto(`${baseUrl}/tickets/${ticket.id}`);
    const card = page.getByTestId('ticket-sla-card');
    await card.getByText('首次响应截止').waitFor();
    await card.getByText('解决截止').waitFor();
    await page.getByTestId('ticket-page').getByTestId('ticket-sla').getByText('时限内').waitFor();

    // The queue by soonest due (its order is the server test's): every row's clock runs, each says what it waits for next.
    await page.goto(`${baseUrl}/tickets`);
    await page.getByTestId('ticket-sort').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: '最先到期在前' }).click();
    const table = page.getByTestId('ticket-table');
    await table.locator('tbody tr').first().getByText(/首次响应截止|下次响应截止|解决截止/).waitFor();
    assert.equal(await table.getByText('暂停计时').count(), 0);
    await ctx.close();
  });

  it('gives one customer a service contract on the 360° page, and their next urgent ticket is timed by it', async () => {
    const { baseUrl } = running.server;
    const am = await apiAs(baseUrl, 'cs.am1');
    const customer = await am.post<{ id: string }>('/customers', { name: '服务合同客户（浏览器测试）', identities: [{ kind: 'phone', value: '13974166001' }] });
    const ctx = await running.browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    await signIn(page, baseUrl, 'admin');
    await page.goto(`${baseUrl}/customers/${customer.id}`);
    await page.getByRole('tab', { name: '服务合同' }).click();
    await page.getByTestId('customer-contract-none').waitFor();
    await page.getByTestId('customer-contract-edit').click();
    await page.getByTestId('customer-contract-add').click();
    const form = page.getByTestId('customer-contract-form');
    await form.getByLabel('首次响应').fill('10');
    await page.getByTestId('customer-contract-save').click();
    const contract = page.getByTestId('customer-contract');
    await contract.getByText('首次响应 10 分钟').waitFor();
    assert.equal(await page.getByTestId('customer-contract-none').count(), 0);

    const me = await am.get<{ user: { id: string } }>('/me');
    const ticket = await am.post<{ id: string }>('/tickets', { kind: 'fault', title: '专线中断（浏览器测试）', customerId: customer.id, priority: 'urgent', assigneeId: me.user.id });
    await page.goto(`${baseUrl}/tickets/${ticket.id}`);
    await page.getByTestId('ticket-sla-policy').getByText('服务合同', { exact: true }).waitFor();
    await ctx.close();
  });
});

