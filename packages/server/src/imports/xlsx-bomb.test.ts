import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { writtenState } from '../test/written.ts';
import { deflated, zipOf, type Part } from './test-zip.ts';
import { uploadRequest } from './test-uploads.ts';

let t: TestApp;
let am: Client;

/** Shared strings of one letter repeated, `megabytes` of them, deflated as they stream (never all in memory). */
async function sharedStringsBomb(megabytes: number): Promise<Part> {
  const deflate = zlib.createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => out.push(chunk));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  let crc = 0;
  let size = 0;
  const write = (chunk: Buffer) => { crc = zlib.crc32(chunk, crc); size += chunk.length; deflate.write(chunk); };
  write(Buffer.from('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>'));
  const letters = Buffer.alloc(1024 * 1024, 'A');
  for (let i = 0; i < megabytes; i++) {
    write(letters);
    if (i % 16 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  write(Buffer.from('</t></si></sst>'));
  deflate.end();
  await done;
  return { name: 'xl/sharedStrings.xml', data: Buffer.concat(out), size, crc };
}

/** A real workbook's parts (a header and one customer), its shared strings replaced by `sharedStrings` when given. */
async function workbookWith(sharedStrings: Part | null): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('客户').addRows([['客户名称', '手机号码'], ['炸弹', '13907391001']]);
  const zip = await JSZip.loadAsync(Buffer.from(await book.xlsx.writeBuffer()));
  const parts: Part[] = [];
  for (const name of Object.keys(zip.files).filter((n) => !zip.files[n].dir && !(sharedStrings && n === 'xl/sharedStrings.xml'))) {
    parts.push(deflated(name, await zip.files[name].async('nodebuffer')));
  }
  return zipOf(sharedStrings ? [...parts, sharedStrings] : parts);
}

/** Uploads the file, sampling the process's resident memory as it is read; the answer, the time and the peak growth. */
async function uploadMeasured(bytes: Buffer) {
  const request = await uploadRequest('/api/v1/imports', { name: '客户.xlsx', bytes }, { dryRun: 'true' });
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 5);
  const started = performance.now();
  const res = await am(request);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { res, seconds, growthMb: (peak - before) / 1024 / 1024 };
}

beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  am = await t.as('cs.am1');
});
afterAll(() => t.close());

describe('an XLSX bomb', () => {
  let bomb: Part;
  beforeAll(async () => { bomb = await sharedStringsBomb(200); }, 60_000);

  for (const [name, declare] of [['declaring its true size', (p: Part) => p], ['whose zip header lies about its size', (p: Part) => ({ ...p, declaredSize: 4_096 })]] as const) {
    it(`${name} is refused fast (413 saying the limit), before it is read, and the process does not grow`, async () => {
      const file = await workbookWith(declare(bomb));
      expect(file.length).toBeLessThan(1024 * 1024);
      const written = await writtenState(t.database.db);
      const { res, seconds, growthMb } = await uploadMeasured(file);
      expect(res.statusCode, res.body.slice(0, 300)).toBe(413);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ field: 'file', detail: expect.stringContaining('50 MB') });
      expect(seconds).toBeLessThan(3);
      expect(growthMb).toBeLessThan(100);
      expect(await writtenState(t.database.db)).toEqual(written);
    }, 60_000);
  }

  it('is told in Chinese too', async () => {
    const request = await uploadRequest('/api/v1/imports', { name: '客户.xlsx', bytes: await workbookWith(bomb) }, { dryRun: 'true' });
    const res = await am({ ...request, headers: { ...request.headers, 'accept-language': 'zh-CN' } });
    expect(res.json().detail).toMatch(/解压后超过 50 MB/);
  }, 60_000);

  it('leaves an honest workbook, and one with a part hidden from its directory, to be read or refused as such', async () => {
    const honest = await workbookWith(null);
    const read = await am(await uploadRequest('/api/v1/imports', { name: '客户.xlsx', bytes: honest }, { dryRun: 'true' }));
    expect(read.statusCode, read.body.slice(0, 300)).toBe(201);
    expect(read.json().import).toMatchObject({ totalRows: 1, validRows: 1 });
    // The bomb stored ahead of the directory's first entry, listed nowhere: a streaming reader would still inflate it.
    const hidden = Buffer.concat([zipOf([bomb]).subarray(0, 30 + bomb.name.length + bomb.data.length), honest]);
    const refused = await am(await uploadRequest('/api/v1/imports', { name: '客户.xlsx', bytes: hidden }, { dryRun: 'true' }));
    expect(refused.statusCode).toBe(400);
    expect(refused.json().field).toBe('file');
  }, 60_000);
});
