import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiAs, serverAndBrowser, signIn } from './support.ts';

describe('messages to a customer (消息)', { timeout: 600_000 }, () => {
  const running = serverAndBrowser({ customers: 200 });

  it('writes a template, records consent, previews a promotional SMS with the customer\'s name, sends it and shows it sent', async () => {
    const ctx = await running.browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 }, timezoneId: 'Asia/Shanghai' });
    const page = await ctx.newPage();
    // Marketing writes the template in both languages.
    await signIn(page, running.server.baseUrl, 'hn.marketing');
    await page.goto(`${running.server.baseUrl}/messages/templates`);
    await page.getByTestId('template-new').click();
    await page.getByTestId('template-name').fill('宽带提速');
    await page.getByText('营销类').click();
    await page.getByTestId('template-body-zh-CN').fill('{{customer.name}}您好，宽带免费提速到千兆。回T退订');
    await page.getByTestId('template-body-en').fill('Hello {{customer.nmae}}, free upgrade to gigabit.');
    await page.getByTestId('template-save').click();
    // The misspelt field is found at once, on the field that has it.
    await page.getByText('没有字段 customer.nmae').waitFor();
    await page.getByTestId('template-body-en').fill('Hello {{customer.name}}, free upgrade to gigabit. Reply T to stop');
    await page.getByTestId('template-save').click();
    await page.getByRole('cell', { name: '宽带提速' }).waitFor();
    await ctx.close();

    const am = await apiAs(running.server.baseUrl, 'cs.am1');
    const made = await am.raw('/customers', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: '欧阳宽带', identities: [{ kind: 'phone', value: '13907319876' }] }) });
    assert.equal(made.status, 201);
    const target = await made.json() as { id: string; name: string };

    const ctx2 = await running.browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 }, timezoneId: 'Asia/Shanghai' });
    const amPage = await ctx2.newPage();
    await signIn(amPage, running.server.baseUrl, 'cs.am1');
    await amPage.goto(`${running.server.baseUrl}/customers/${target.id}`);
    await amPage.getByRole('tab', { name: '消息' }).click();
    await amPage.getByTestId('message-new').click();
    await amPage.getByTestId('message-template').click();
    await amPage.getByTitle(/宽带提速/).click();
    // Without consent it cannot go, and the dialog says why.
    await amPage.getByTestId('message-refusal').filter({ hasText: '没有同意' }).waitFor();
    assert.equal(await amPage.getByTestId('message-send').isDisabled(), true);
    await amPage.keyboard.press('Escape');
    await amPage.getByTestId('consent-sms').click();
    await amPage.getByText('已记录客户同意').waitFor();
    await amPage.getByTestId('message-new').click();
    await amPage.getByTestId('message-template').click();
    await amPage.getByTitle(/宽带提速/).click();
    const preview = amPage.getByTestId('message-preview');
    await preview.getByText(`${target.name}您好，宽带免费提速到千兆。回T退订`).waitFor();
    // Quiet hours (21:00–08:00 in Changsha) may hold it; either way it is queued and shown.
    await amPage.getByTestId('message-send').click();
    await amPage.getByText(/消息已排队/).waitFor();
    const row = amPage.locator('.ant-table-row').filter({ hasText: '营销类' });
    await row.waitFor();
    const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
    if (hour >= 8 && hour < 21) {
      // Delivered by the server's sender within a few seconds; the list says so after a reload.
      for (let i = 0; i < 20 && !(await row.textContent())?.includes('已发送'); i++) {
        await amPage.waitForTimeout(1000);
        await amPage.reload();
        await amPage.getByRole('tab', { name: '消息' }).click();
        await row.waitFor();
      }
      assert.match(await row.textContent() ?? '', /已发送/);
    } else {
      assert.match(await row.textContent() ?? '', /排队中/);
    }
    await ctx2.close();
  });
});
