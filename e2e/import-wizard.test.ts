import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { launchBrowser, root, signIn, startServer, type RunningServer } from './support.ts';

const shots = path.join(root, 'e2e/screenshots');
let server: RunningServer;
let browser: Browser;

/** An office export: a title and a note above the header, a word in a numeric column, a sum at the foot. */
async function officeExport() {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('客户清单');
  const stem = `139${String(Date.now()).slice(-7)}`;
  sheet.addRows([
    ['长沙本地网 新入网客户清单'],
    ['导出时间：2026-06-01　导出人：长沙公众客户部'],
    [],
    ['客户名称', '手机号码', '入网日期', '月消费'],
    ['向导甲', `${stem}1`, '2020-03-01', '128'],
    ['向导乙', `${stem}2`, '2021-07-15', '不详'],
    ['向导丙', `${stem}3`, '2019-01-20', '88'],
    ['向导丁', `${stem}4`, '2018-05-05', '58'],
    ['向导戊', `${stem}5`, '2017-09-09', '199'],
    ['合计', '', '', '473'],
  ]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

before(async () => {
  mkdirSync(shots, { recursive: true });
  server = await startServer({ customers: 50 });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the import wizard', () => {
  for (const [width, height, name] of [[1440, 900, 'desktop'], [390, 844, 'phone']] as const) {
    it(`imports an XLSX with a title above its header, at ${name} width: the header row found, the sum skipped, the warning accepted`, async () => {
      const context = await browser.newContext({ locale: 'zh-CN', viewport: { width, height } });
      const page = await context.newPage();
      await signIn(page, server.baseUrl, 'cs.am1');
      await page.goto(`${server.baseUrl}/imports`);
      await page.locator('input[type=file]').setInputFiles({
        name: '客户清单.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await officeExport(),
      });
      // The dry run reads and checks the file on the server; a busy CI machine can take a while, and a refusal is
      // worth reading in the failure rather than a missing table.
      const [dryRun] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/imports') && r.request().method() === 'POST', { timeout: 90_000 }),
        page.getByTestId('import-next').click(),
      ]);
      assert.equal(dryRun.status(), 201, `the dry run answered ${dryRun.status()} ${await dryRun.text()}`);
      await page.getByTestId('import-mapping').waitFor();
      assert.equal(await page.getByTestId('import-header-row').locator('input').inputValue(), '4');
      await page.getByTestId('import-mapping').getByText('入网日期').first().waitFor();
      await page.getByTestId('import-mapping').getByText('1 个单元格不符').waitFor();
      await page.screenshot({ path: path.join(shots, `import-wizard-mapping-${name}.png`), fullPage: true });
      await page.getByTestId('import-check').click();
      await page.getByTestId('import-report').waitFor();
      await page.getByTestId('import-read-from').getByText(/表头在第 4 行.*1 个合计行/).waitFor();
      await page.getByRole('tab', { name: /警告 \(1\)/ }).click();
      await page.getByTestId('import-warnings').getByText('不详').first().waitFor();
      assert.equal(await page.getByTestId('import-commit').isDisabled(), true, 'the import waits for the warning to be accepted');
      await page.getByTestId('import-accept-warnings').click();
      await page.screenshot({ path: path.join(shots, `import-wizard-report-${name}.png`), fullPage: true });
      // At desktop width the report never spills out of its card (a row's gutter aside); wide tables scroll inside
      // themselves. At phone width the layout's side menu, which does not collapse yet, leaves the card too narrow to judge.
      if (name === 'desktop') {
        const overflow = await page.getByTestId('import-report').evaluate((el) => el.scrollWidth - el.clientWidth);
        assert.ok(overflow <= 16, `the report spills sideways by ${overflow} px`);
      }
      await page.getByTestId('import-commit').click();
      // The commit re-reads and checks the file on the server; a busy CI machine can take a while.
      await page.getByTestId('import-done').getByText(/5/).first().waitFor({ timeout: 90_000 });
      await context.close();
    });
  }
});
