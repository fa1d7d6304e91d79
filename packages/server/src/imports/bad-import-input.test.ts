import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { expectRefused, type Refusal } from '../test/refusals.ts';
import { csvText, uploadRequest } from './test-uploads.ts';

let t: TestApp;
let am: Client;
let rows: Refusal[] = [];

const nul = '\u0000';
const good = csvText([['客户名称', '手机号码'], ['甲', '13907390001'], ['乙', '13907390002']]);
const filler = (bytes: number) => csvText(Array.from({ length: Math.ceil(bytes / 20) }, (_, i) => [`客户${i}`, `1390739${String(i % 10_000).padStart(4, '0')}`]));
const form = async (name: string, bytes: Buffer | string | null, fields: Record<string, string | object>, status: number, field: string | undefined): Promise<Refusal> => ({
  name, status, field,
  request: await uploadRequest('/api/v1/imports', bytes === null ? null : { name: '客户.csv', bytes: typeof bytes === 'string' ? Buffer.from(bytes) : bytes }, { dryRun: 'true', ...fields }),
});
const raw = (name: string, contentType: string, payload: string, status: number, field: string): Refusal => ({
  name, status, field, request: { method: 'POST', url: '/api/v1/imports', headers: { 'content-type': contentType }, payload },
});

beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  am = await t.as('cs.am1');
  const zhuzhouTeam = t.org.networks.find((n) => n.code === 'ZZ')!.teams[1];
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(`客户名称\t手机号码\n丁${nul}\t13907390004\n`, 'utf-16le')]);
  rows = await Promise.all([
    form('a NUL byte in the first line', `客户名称${nul},手机号码\n甲,13907390001\n`, {}, 400, 'file'),
    form('a NUL byte past the first 8 KB', `${filler(9_000)}戊${nul},13907390005\n`, {}, 400, 'file'),
    form('a NUL byte past the first megabyte', `${filler(1_100_000)}${nul}\n`, {}, 400, 'file'),
    form('a NUL character in a UTF-16 file', utf16, {}, 400, 'file'),
    form('a NUL byte in a GBK file past 8 KB', Buffer.concat([iconv.encode(filler(9_000), 'gbk'), Buffer.from([0xd5, 0xc5, 0x00, 0x2c, 0x31, 0x0a])]), {}, 400, 'file'),
    form('an empty file', '', {}, 400, 'file'),
    form('a header and no rows', '客户名称,手机号码\r\n', {}, 400, 'file'),
    form('blank lines only', '\r\n\r\n\r\n', {}, 400, 'file'),
    form('an old .xls file', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), Buffer.alloc(600)]), {}, 400, 'file'),
    form('a broken zip', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]), {}, 400, 'file'),
    form('binary bytes', Buffer.from([1, 2, 0, 0, 7, 8]), {}, 400, 'file'),
    form('an unclosed quote', '客户名称,手机号码\n"甲,13907390001\n乙,13907390002\n', {}, 400, 'file'),
    form('a file over 5 MB', Buffer.alloc(5 * 1024 * 1024 + 1, 'a'), {}, 413, 'file'),
    form('a mapping that is not JSON', good, { mapping: '{not json' }, 400, 'mapping'),
    form('a mapping to a field that does not exist', good, { mapping: { 客户名称: 'shoe_size' } }, 400, 'mapping.客户名称'),
    form('a mapping naming a column the file lacks', good, { mapping: { wechat_id: 'wechat' } }, 400, 'mapping.wechat_id'),
    form('two columns mapped to the name', good, { mapping: { 客户名称: 'name', 手机号码: 'name' } }, 400, 'mapping.手机号码'),
    form('a mapping that is a JSON array', good, { mapping: '["name"]' }, 400, 'mapping'),
    form('a mapping of 301 columns', good, { mapping: Object.fromEntries(Array.from({ length: 301 }, (_, i) => [`c${i}`, 'ignore'])) }, 400, 'mapping'),
    form('a NUL in a mapping key', good, { mapping: { [`客户${nul}名称`]: 'name' } }, 400, 'mapping'),
    form('a NUL in a form field', good, { mode: `valid_only${nul}` }, 400, 'mode'),
    form('a dry run that is neither true nor false', good, { dryRun: 'maybe' }, 400, 'dryRun'),
    form('a mode that does not exist', good, { mode: 'sometimes' }, 400, 'mode'),
    form('acceptWarnings that is no yes or no', good, { acceptWarnings: 'perhaps' }, 400, 'acceptWarnings'),
    form('a unit id that is no uuid', good, { unitId: 'HN-ZZ' }, 400, 'unitId'),
    form("another local network's unit", good, { unitId: zhuzhouTeam.id }, 400, 'unitId'),
    form('a unit that does not exist', good, { unitId: crypto.randomUUID() }, 400, 'unitId'),
    form('an owner id that is no uuid', good, { ownerId: 'cs.am1' }, 400, 'ownerId'),
    form("an owner of another local network's unit", good, { ownerId: zhuzhouTeam.owners[0].id }, 400, 'ownerId'),
    form('a header row of 0', good, { headerRow: '0' }, 400, 'headerRow'),
    form('a header row that is a word', good, { headerRow: 'first' }, 400, 'headerRow'),
    form('a header row past the end of the file', good, { headerRow: '40' }, 400, 'headerRow'),
    form('a header row of a huge number', good, { headerRow: '1e400' }, 400, 'headerRow'),
    form('no file at all', null, {}, 400, 'file'),
    form('51 columns that would become attributes', csvText([['客户名称', ...Array.from({ length: 51 }, (_, i) => `属性${i}`)], ['甲', ...Array(51).fill('x')]]), {}, 400, 'mapping'),
    raw('a JSON body instead of a form', 'application/json', '{"file":"x"}', 400, 'file'),
    raw('multipart without a boundary', 'multipart/form-data', 'x', 400, 'file'),
    raw('multipart cut short', 'multipart/form-data; boundary=XYZ', '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n客户名称\r\n甲', 400, 'file'),
  ]);
});
afterAll(() => t.close());

describe('bad input to an import upload', () => {
  it('has at least 30 kinds of bad input', () => expect(rows.length).toBeGreaterThanOrEqual(30));
  it('is each refused with a 4xx problem naming the field, in both languages, writing nothing', async () => {
    const failures: string[] = [];
    for (const row of rows) {
      try {
        await expectRefused(t, am, row);
      } catch (error) {
        failures.push(`${row.name}: ${(error as Error).message.split('\n')[0]}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
