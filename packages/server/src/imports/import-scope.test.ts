import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test/harness.ts';
import { writtenState } from '../test/written.ts';
import { csvText, uploadRequest } from './test-uploads.ts';

let t: TestApp;
beforeAll(async () => { t = await startTestApp({ customers: 0 }); });
afterAll(() => t.close());

describe('an import seen from another unit', () => {
  it('answers 404 on its report, every findings list, commit and undo, and changes nothing', async () => {
    const am = await t.as('cs.am1');
    const file = Buffer.from(csvText([['姓名', '手机'], ['跨单位', '13907398801'], ['', '13907398802']]));
    const checked = await am(await uploadRequest('/api/v1/imports', { name: 'c.csv', bytes: file }, { dryRun: 'true' }));
    expect(checked.statusCode, checked.body).toBe(201);
    const id = checked.json().import.id;
    const zhuzhou = await t.as('zz.manager');
    const before = await writtenState(t.database.db);
    for (const [method, url] of [
      ['GET', `/api/v1/imports/${id}`], ['GET', `/api/v1/imports/${id}/findings/errors`], ['GET', `/api/v1/imports/${id}/findings/duplicates`],
      ['GET', `/api/v1/imports/${id}/findings/warnings`], ['GET', `/api/v1/imports/${id}/errors.csv`],
      ['POST', `/api/v1/imports/${id}/commit`], ['POST', `/api/v1/imports/${id}/undo`],
    ] as const) {
      const res = await zhuzhou({ method, url, ...(method === 'POST' ? { payload: {} } : {}) });
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(404);
    }
    expect(await writtenState(t.database.db)).toEqual(before);
  });
});
