import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
const book = new ExcelJS.Workbook();
book.addWorksheet('客户').addRows([['客户名称', '手机号码'], ['炸弹', '13907391001']]);
const bytes = Buffer.from(await book.xlsx.writeBuffer());
let fails = 0, ok = 0;
async function once() {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'emit' } as any);
  try { for await (const ws of reader) { let n=0; for await (const r of ws as any) n++; if (n!==2) throw new Error('rows '+n); } ok++; } catch (e) { fails++; if (fails < 4) console.log((e as Error).message); }
}
const busy = () => { const end = Date.now() + 3; while (Date.now() < end); setImmediate(busy); };
if (process.argv[2]) busy();
for (let round = 0; round < 20; round++) await Promise.all(Array.from({ length: 20 }, once));
console.log({ ok, fails }); process.exit(0);
