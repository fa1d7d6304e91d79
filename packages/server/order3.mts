import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import zlib from 'node:zlib';
import { Readable } from 'node:stream';
const book = new ExcelJS.Workbook();
book.addWorksheet('客户').addRows([['客户名称', '手机号码'], ['炸弹', '13907391001']]);
const zip = await JSZip.loadAsync(Buffer.from(await book.xlsx.writeBuffer()));
const parts: any[] = [];
for (const name of Object.keys(zip.files).filter((n) => !zip.files[n].dir)) { const c = await zip.files[name].async('nodebuffer'); parts.push({ name, data: zlib.deflateRawSync(c), size: c.length, crc: zlib.crc32(c) }); }
function zipOf(parts: any[]): Buffer {
  const locals: Buffer[] = []; const central: Buffer[] = []; let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name); const declared = part.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(8, 8);
    local.writeUInt32LE(part.crc >>> 0, 14); local.writeUInt32LE(part.data.length, 18); local.writeUInt32LE(declared, 22); local.writeUInt16LE(name.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0); entry.writeUInt16LE(20, 4); entry.writeUInt16LE(20, 6); entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(part.crc >>> 0, 16); entry.writeUInt32LE(part.data.length, 20); entry.writeUInt32LE(declared, 24); entry.writeUInt16LE(name.length, 28); entry.writeUInt32LE(offset, 42);
    locals.push(local, name, part.data); central.push(entry, name); offset += 30 + name.length + part.data.length;
  }
  const directory = Buffer.concat(central); const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(parts.length, 8); end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
const bytes = process.argv[3] ? Buffer.from(await book.xlsx.writeBuffer()) : zipOf(parts);
let fails = 0, ok = 0;
async function once() {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'emit' } as any);
  try { for await (const ws of reader) { let n=0; for await (const r of ws as any) n++; if (n!==2) throw new Error('rows '+n); } ok++; } catch (e) { fails++; if (fails < 4) console.log((e as Error).message); }
}
const busy = () => { const end = Date.now() + 3; while (Date.now() < end); setImmediate(busy); };
if (process.argv[2] === 'busy') busy();
for (let round = 0; round < 20; round++) await Promise.all(Array.from({ length: 20 }, once));
for (let round = 0; round < 100; round++) await once();
console.log({ ok, fails }); process.exit(0);
