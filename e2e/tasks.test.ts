import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiAs, serverAndBrowser, signIn } from './support.ts';

/** The API as one staff member, JSON in and out. */
async function staff(baseUrl: string, username: string) {
  const session = await apiAs(baseUrl, username);
  return async <T = unknown>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await session.raw(path, { method, ...(body ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}) });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<T>;
  };
}

describe('tasks (待办)', { timeout: 600_000 }, () => {
  const running = serverAndBrowser({ customers: 200 });

  for (const [locale, switchTo, labels] of [
    ['zh-CN', '中文', { tab: '待办', preset: '下周二 9:00', overdue: '已逾期', before: /2 项未完成 · 1 项逾期/, after: /1 项未完成 · 0 项逾期/ }],
    ['en', 'EN', { tab: 'Tasks', preset: 'Next Tuesday 9:00', overdue: 'Overdue', before: /2 open · 1 overdue/, after: /1 open · 0 overdue/ }],
  ] as const) {
    it(`is made from the 360° page, shown on the home page with what is overdue, and ticked off there, in ${locale}`, async () => {
      const api = await staff(running.server.baseUrl, 'cs.am2');
      const ctx = await running.browser.newContext({ locale, viewport: { width: 1440, height: 900 } });
      const page = await ctx.newPage();
      await signIn(page, running.server.baseUrl, 'cs.am2');
      await page.getByTestId('language-switch').getByText(switchTo).click();
      // One overdue task, made through the API, as an older promise would be.
      const me = await api<{ user: { id: string } }>('GET', '/me');
      const list = await api<{ items: { id: string; name: string }[] }>('GET', `/customers?ownerId=${me.user.id}&limit=1`);
      const target = list.items[0];
      await api('POST', '/tasks', { title: `逾期回访 ${locale}`, dueAt: new Date(Date.now() - 3600_000).toISOString() });

      await page.goto(`${running.server.baseUrl}/customers/${target.id}`);
      await page.getByRole('tab', { name: labels.tab }).click();
      await page.getByTestId('customer-task-new').click();
      await page.getByTestId('task-title').fill(`下周二回电话 ${locale}`);
      await page.getByTestId('task-due-input').click();
      await page.getByText(labels.preset).click();
      await page.getByTestId('task-save').click();
      const item = page.getByTestId('task-item').filter({ hasText: `下周二回电话 ${locale}` });
      await item.waitFor();
      // Due on a Tuesday at 9:00 in the browser's time.
      const due = await api<{ items: { title: string; dueAt: string }[] }>('GET', `/tasks?customerId=${target.id}`);
      const made = due.items.find((t) => t.title === `下周二回电话 ${locale}`)!;
      const dueAt = await page.evaluate((iso) => { const d = new Date(iso); return { day: d.getDay(), hour: d.getHours(), minute: d.getMinutes() }; }, made.dueAt);
      assert.deepEqual(dueAt, { day: 2, hour: 9, minute: 0 });

      await page.goto(`${running.server.baseUrl}/`);
      const card = page.getByTestId('my-tasks');
      await card.getByText(`下周二回电话 ${locale}`).waitFor();
      await card.getByTestId('my-task-counts').filter({ hasText: /./ }).waitFor();
      const counts = await card.getByTestId('my-task-counts').textContent();
      assert.match(counts ?? '', labels.before);
      const late = card.getByTestId('task-item').filter({ hasText: `逾期回访 ${locale}` });
      await late.getByText(labels.overdue).waitFor();
      // The overdue one comes first: soonest due at the top.
      assert.match(await card.getByTestId('task-item').first().textContent() ?? '', new RegExp(`逾期回访 ${locale}`));
      // The box shows the stored status: it is ticked once the server has the task done.
      await late.getByRole('checkbox').click();
      await late.waitFor({ state: 'detached' });
      await card.getByTestId('my-task-counts').filter({ hasText: labels.after }).waitFor();
      // Tidy for the other language's run.
      const open = await api<{ items: { id: string }[] }>('GET', '/tasks?assignee=me');
      for (const task of open.items) await api('PATCH', `/tasks/${task.id}`, { status: 'done' });
      await ctx.close();
    });
  }

  it('rings the bell for a reminder that has come, and puts it away', async () => {
    const api = await staff(running.server.baseUrl, 'cs.agent');
    await api('POST', '/tasks', { title: '提醒测试', dueAt: new Date(Date.now() + 3600_000).toISOString(), remindAt: new Date(Date.now() - 60_000).toISOString() });
    const ctx = await running.browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 } });
    const page = await ctx.newPage();
    await signIn(page, running.server.baseUrl, 'cs.agent');
    const bell = page.getByTestId('reminder-bell');
    await page.locator('.ant-badge-count').filter({ hasText: '1' }).waitFor();
    await bell.click();
    const popover = page.locator('.ant-popover:not(.ant-popover-hidden)');
    await popover.getByText('提醒测试').waitFor();
    await popover.getByRole('button', { name: '知道了' }).click();
    await popover.getByText('现在没有提醒').waitFor();
    await page.locator('.ant-badge-count').waitFor({ state: 'detached' });
    const scrolls = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    assert.equal(scrolls, false, 'the header with the bell fits a 390 px phone');
    await ctx.close();
  });

  it('rings my bell without a reload when a colleague gives me a task whose reminder has come', async () => {
    const colleague = await staff(running.server.baseUrl, 'cs.manager');
    const mine = await staff(running.server.baseUrl, 'cs.sales');
    const me = await mine<{ user: { id: string } }>('GET', '/me');
    const before = (await mine<{ reminders: unknown[] }>('GET', '/tasks/summary')).reminders.length;
    const ctx = await running.browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    // The bell follows my topic, and has read what was already there (which never pops up), before the colleague
    // acts: on a busy machine either can come after a request the test makes at once.
    const subscribed = new Promise<void>((resolve) => page.on('websocket', (ws) => ws.on('framereceived', (frame) => {
      const message = JSON.parse(String(frame.payload)) as { type: string; topics?: string[] };
      if (message.type === 'subscribed' && message.topics?.includes(`user:${me.user.id}`)) resolve();
    })));
    const firstSummary = page.waitForResponse((r) => r.url().includes('/api/v1/tasks/summary') && r.ok(), { timeout: 60_000 });
    await signIn(page, running.server.baseUrl, 'cs.sales');
    await Promise.all([subscribed, firstSummary]);

    await colleague('POST', '/tasks', { title: '经理交办 马上回电', assigneeId: me.user.id,
      dueAt: new Date(Date.now() + 3600_000).toISOString(), remindAt: new Date(Date.now() - 60_000).toISOString() });
    // The summary's poll is a minute or more apart: only the push rings it this soon.
    await page.locator('.ant-badge-count').filter({ hasText: String(before + 1) }).waitFor({ timeout: 20_000 });
    // And it pops up once, as a reminder that arrives while the console is open does.
    await page.locator('.ant-notification').getByText('经理交办 马上回电').waitFor();
    await ctx.close();
  });
});
