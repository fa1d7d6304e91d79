import { readdirSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from './db/index.ts';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { csvText, uploadRequest } from '../imports/test-uploads.ts';
import { customersHereAndElsewhere } from '../test/refusals.ts';

let t: TestApp;
let am: Client;
let customerId: string;

beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  am = await t.as('cs.am1');
  customerId = (await customersHereAndElsewhere(t, am)).mine;
});
afterAll(() => t.close());

/** How many blobs are stored, on either store. */
async function storedBlobs(): Promise<number> {
  if (t.database.kind !== 'embedded') {
    const [row] = await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from blobs`);
    return row.n;
  }
  const dir = path.join(t.app.config.dataDir, 'blobs');
  return readdirSync(dir).flatMap((d) => readdirSync(path.join(dir, d))).length;
}

describe('the same file uploaded several times at once', () => {
  it('six concurrent import uploads all succeed and the bytes are stored once', async () => {
    const before = await storedBlobs().catch(() => 0);
    const bytes = Buffer.from(csvText([['姓名', '手机'], ['并发', '13907390001']]));
    const answers = await Promise.all(Array.from({ length: 6 }, async () =>
      am(await uploadRequest('/api/v1/imports', { name: 'same.csv', bytes }, { dryRun: 'true' }))));
    expect(answers.map((a) => a.statusCode), answers.map((a) => a.body).join('\n')).toEqual([201, 201, 201, 201, 201, 201]);
    expect(await storedBlobs()).toBe(before + 1);
  });

  it('six concurrent attachment uploads all succeed and the bytes are stored once', async () => {
    const before = await storedBlobs().catch(() => 0);
    const bytes = Buffer.from('客户要求下周回电，六份同时上传');
    const answers = await Promise.all(Array.from({ length: 6 }, async () =>
      am(await uploadRequest(`/api/v1/customers/${customerId}/attachments`, { name: 'note.txt', bytes }))));
    expect(answers.map((a) => a.statusCode), answers.map((a) => a.body).join('\n')).toEqual([201, 201, 201, 201, 201, 201]);
    expect(await storedBlobs()).toBe(before + 1);
    const ids = new Set(answers.map((a) => a.json().id));
    expect(ids.size).toBe(6);
  });
});
