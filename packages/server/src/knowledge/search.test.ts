import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentWords, queryWords } from '@xiang/shared';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { searchQuery, searchVector } from './search.ts';

/** Characters of the desk's own words, so generated titles read like the real ones and share pairs. */
const han = [...'宽带故障排查光猫指示灯红闪网速慢套餐变更话费账单疑问携号转网国际漫游开通停机复机密码重置信号弱营业厅'];
const hanRun = (min: number, max: number) => fc.array(fc.constantFrom(...han), { minLength: min, maxLength: max }).map((c) => c.join(''));
const latin = fc.constantFrom('5G', 'LOS', 'IPTV', 'WiFi', '100M', 'PON', 'APN', 'eSIM');
/** A title: runs of Chinese with Latin words, digits and punctuation between them. */
const title = fc.array(fc.oneof({ arbitrary: hanRun(1, 8), weight: 3 }, latin, fc.constantFrom(' ', '，', '、', '（', '）', '-', '/')), { minLength: 1, maxLength: 8 })
  .map((parts) => parts.join('')).filter((t) => t.trim().length > 0);

describe('the word cutter', () => {
  it('finds any piece of two or more Chinese characters of a text by its pairs, and one character by itself', () => {
    fc.assert(fc.property(title, fc.nat(), fc.nat(), (text, a, b) => {
      const runs = text.match(/[\u4e00-\u9fff]+/g) ?? [];
      if (!runs.length) return;
      const run = runs[a % runs.length];
      const start = b % run.length;
      const piece = run.slice(start, start + 1 + (a % (run.length - start)));
      const stored = new Set(documentWords(text));
      expect(queryWords(piece).every((w) => stored.has(w)), `${piece} in ${text}`).toBe(true);
    }), { numRuns: 500 });
  });

  it('cuts mixed Chinese, Latin and digits into pairs and lower-cased words', () => {
    expect(queryWords('宽带 5G 套餐')).toEqual(['宽带', '5g', '套餐']);
    expect(queryWords('光猫LOS灯红')).toEqual(['光猫', 'los', '灯红']);
    expect(queryWords('ＬＯＳ灯')).toEqual(['los', '灯']);
    expect(documentWords('光猫LOS灯红')).toEqual(['光', '光猫', '猫', 'los', '灯', '灯红', '红']);
  });

  it('finds nothing to search in punctuation, spaces or symbols alone', () => {
    for (const q of ['？？', '...', '  ', '！@#￥%……&*（）', '——', '😀']) expect(queryWords(q), q).toEqual([]);
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'，。！？、；：“”‘’（）《》—…·- .,!?;:\'"()[]{}<>/\\|@#$%^&*+=~`') }), (q) => {
      expect(searchQuery(q, 'all')).toBeNull();
    }));
  });

  it('writes lexemes that need no quoting of their own, whatever the text holds', () => {
    const vector = searchVector({ title: "O'Brien 的\\宽带", tags: ['光猫'], body: '' });
    expect(vector).toContain("'o':1A");
    expect(vector).toContain("'宽带':");
    expect(vector).not.toContain('\\');
  });
});

describe('searching the store', () => {
  let t: TestApp;
  let agent: Client;
  beforeAll(async () => {
    t = await startTestApp({ customers: 0 });
    agent = await t.as('cs.agent');
  });
  afterAll(() => t.close());

  it('finds a published article by any piece of two or more Chinese characters of its title, on this store', async () => {
    const titles = fc.sample(title.filter((x) => /[\u4e00-\u9fff]{2}/.test(x)), { numRuns: 25, seed: 18 });
    const ids = new Map<string, string>();
    for (const text of titles) {
      const res = await agent({ method: 'POST', url: '/api/v1/knowledge/articles', payload: { title: text, body: '正文', category: 'broadband', status: 'published' } });
      expect(res.statusCode, res.body).toBe(201);
      ids.set(res.json().id, res.json().title);
    }
    for (const [id, text] of ids) {
      const runs = text.match(/[\u4e00-\u9fff]{2,}/g)!;
      for (const run of runs) {
        for (const piece of [run, run.slice(0, 2), run.slice(-2), run.slice(1, 4)].filter((p) => p.length >= 2)) {
          const found = (await agent({ method: 'GET', url: `/api/v1/knowledge/articles?limit=100&q=${encodeURIComponent(piece)}` })).json();
          expect(found.items.map((a: { id: string }) => a.id), `${piece} of ${text}`).toContain(id);
        }
      }
    }
  });
});
