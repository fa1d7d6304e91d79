import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { customersHereAndElsewhere, expectRefused, rawJson, withIds, type Refusal } from '../test/refusals.ts';

let t: TestApp;
let am: Client;
let ids: { mine: string; elsewhere: string };

beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  am = await t.as('cs.am1');
  ids = await customersHereAndElsewhere(t, am);
});
afterAll(() => t.close());

const boundary = 'xiang-upload-boundary';
const formType = `multipart/form-data; boundary=${boundary}`;
const filePart = (bytes: Buffer | string, { field = 'file', fileName = 'note.txt' } = {}) => Buffer.concat([
  Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
  Buffer.from(bytes), Buffer.from('\r\n'),
]);
const textPart = (field: string, value: string) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"\r\n\r\n${value}\r\n`);
const end = Buffer.from(`--${boundary}--\r\n`);
const form = (...parts: Buffer[]) => Buffer.concat(parts);
const good = form(filePart('客户要求下周回电'), end);

/** Files whose bytes say they are programs, archives or unknown binary: never attachments. */
const refusedKinds: [string, Buffer][] = [
  ['a Windows program', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 1), Buffer.from('PE\0\0')])],
  ['a Linux program', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120)])],
  ['a Java class', Buffer.concat([Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 0x34]), Buffer.alloc(64)])],
  ['a WebAssembly module', Buffer.concat([Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), Buffer.alloc(32)])],
  ['a gzip archive', Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]), Buffer.alloc(32)])],
  ['a 7-Zip archive', Buffer.concat([Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]), Buffer.alloc(32)])],
  ['unknown binary bytes', Buffer.from([1, 2, 3, 0, 0, 0, 9, 8, 7])],
];

const post = (name: string, payload: Buffer | string, headers: Record<string, string>, status: number, field: string | undefined, customer = '{mine}'): Refusal =>
  ({ name, request: { method: 'POST', url: `/api/v1/customers/${customer}/attachments`, payload, headers }, status, field });

const uploadRows: Refusal[] = [
  post('multipart without a boundary', good, { 'content-type': 'multipart/form-data' }, 400, 'file'),
  post('an empty boundary', good, { 'content-type': 'multipart/form-data; boundary=' }, 400, 'file'),
  post('a boundary longer than 256 characters', good, { 'content-type': `multipart/form-data; boundary=${'b'.repeat(300)}` }, 400, 'file'),
  post('a boundary the body does not use', good, { 'content-type': 'multipart/form-data; boundary=another' }, 400, 'file'),
  post('cut short inside the file', good.subarray(0, good.length - 30), { 'content-type': formType }, 400, 'file'),
  post('cut short in the part headers', good.subarray(0, 40), { 'content-type': formType }, 400, 'file'),
  post('cut short after the first boundary', Buffer.from(`--${boundary}\r\n`), { 'content-type': formType }, 400, 'file'),
  post('no closing boundary', filePart('客户要求下周回电'), { 'content-type': formType }, 400, 'file'),
  post('line ends without carriage returns', Buffer.from(good.toString('latin1').replace(/\r\n/g, '\n'), 'latin1'), { 'content-type': formType }, 400, 'file'),
  post('a JSON body under a multipart type', '{"file":"x"}', { 'content-type': formType }, 400, 'file'),
  post('an empty multipart body', '', { 'content-type': formType }, 400, 'file'),
  post('only a closing boundary', end, { 'content-type': formType }, 400, 'file'),
  post('a form without a file', form(textPart('note', '回电'), end), { 'content-type': formType }, 400, 'note'),
  post('the file in another field', form(filePart('x', { field: 'upload' }), end), { 'content-type': formType }, 400, 'upload'),
  post('a text field beside the file', form(filePart('x'), textPart('comment', '附言'), end), { 'content-type': formType }, 400, 'comment'),
  post('two files', form(filePart('x'), filePart('y', { fileName: 'second.txt' }), end), { 'content-type': formType }, 413, 'file'),
  post('25 fields and a file', form(...Array.from({ length: 25 }, (_, i) => textPart(`f${i}`, 'v')), filePart('x'), end), { 'content-type': formType }, 400, 'f0'),
  post('an empty file', form(filePart(''), end), { 'content-type': formType }, 400, 'file'),
  post('a file over the upload limit', form(filePart(Buffer.alloc(6 * 1024 * 1024, 7), { fileName: 'big.wav' }), end), { 'content-type': formType }, 413, 'file'),
  ...refusedKinds.map(([what, bytes]) => post(what, form(filePart(bytes, { fileName: 'invoice.pdf' }), end), { 'content-type': formType }, 400, 'file')),
  post('JSON instead of a form', '{"file":"x"}', { 'content-type': 'application/json' }, 400, 'file'),
  post('plain text instead of a form', 'x', { 'content-type': 'text/plain' }, 400, 'file'),
  post('no content type', 'x', {}, 415, 'content-type'),
  post('an XML body', '<file/>', { 'content-type': 'application/xml' }, 415, 'content-type'),
  post('multipart/mixed', good, { 'content-type': `multipart/mixed; boundary=${boundary}` }, 415, 'content-type'),
  post('JSON nested 100,000 deep', rawJson('['.repeat(100_000)).payload, { 'content-type': 'application/json' }, 400, 'body'),
  post('a customer id that is no id', good, { 'content-type': formType }, 400, 'customerId', 'C10000001'),
  post('a NUL in the customer id', good, { 'content-type': formType }, 400, 'customerId', '{mine}%00'),
  post('a customer no one has', good, { 'content-type': formType }, 404, undefined, '00000000-0000-4000-8000-000000000000'),
  post('another unit\'s customer', good, { 'content-type': formType }, 404, undefined, '{elsewhere}'),
];

describe('uploading an attachment from bad input', () => {
  it('has at least 30 kinds of bad upload', () => expect(uploadRows.length).toBeGreaterThanOrEqual(30));
  it.each(uploadRows)('refuses $name ($status, field $field) and stores nothing', (row) => expectRefused(t, am, withIds(row, ids)));

  it('still takes one good file', async () => {
    const res = await am({ method: 'POST', url: `/api/v1/customers/${ids.mine}/attachments`, payload: good, headers: { 'content-type': formType } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ fileName: 'note.txt', mediaType: 'text/plain' });
  });
});
