import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { rows } from '../platform/db/index.ts';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { backfillNameSortKeys, nameSortKey } from './name-sort.ts';

let t: TestApp;
let am: Client;
beforeAll(async () => {
  t = await startTestApp({ customers: 10 });
  am = await t.as('cs.am1');
});
afterAll(() => t.close());

const create = async (name: string, tag: string, kind = 'individual') => {
  const res = await am({ method: 'POST', url: '/api/v1/customers', payload: { name, kind, tags: [tag] } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; name: string };
};

/** Every page of the tag's customers in one order, following the cursors the server gives out. */
async function walk(tag: string, sort: string, limit: number) {
  const seen: { id: string; name: string }[] = [];
  let cursor: string | null | undefined;
  do {
    const res = await am({ method: 'GET', url: `/api/v1/customers?tag=${encodeURIComponent(tag)}&sort=${sort}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}` });
    expect(res.statusCode, res.body).toBe(200);
    seen.push(...res.json().items);
    cursor = res.json().nextCursor;
  } while (cursor);
  return seen;
}

describe('names in pinyin order', () => {
  it('sorts Chinese names by pinyin and tone, Latin names among them, digits first, on either store', async () => {
    const names = ['张三', '丁一', '万达', '于谦', '阿明', 'Alice', 'bob', '1号客户', '詹姆', '单田芳', '曾小贤', '吕布', '李四', '欧阳 娜娜'];
    for (const name of names) await create(name, 'order');
    const byName = (await walk('order', 'name', 50)).map((c) => c.name);
    expect(byName).toEqual(['1号客户', 'Alice', '阿明', 'bob', '丁一', '李四', '吕布', '欧阳 娜娜', '单田芳', '万达', '于谦', '曾小贤', '詹姆', '张三']);
    expect((await walk('order', '-name', 50)).map((c) => c.name)).toEqual([...byName].reverse());
  });

  it('reads a person\'s surname as a surname and an enterprise\'s name as words', () => {
    expect(nameSortKey('单田芳', 'individual').startsWith('shan004')).toBe(true);
    expect(nameSortKey('长沙星城物流有限公司', 'enterprise').startsWith('chang02sha0001')).toBe(true);
    expect(nameSortKey('Zoë 1', 'individual')).toMatch(/^[0-9a-z]+$/);
  });

  it('gives each of many customers with one name exactly once across pages, in id order among themselves', async () => {
    const made = [];
    for (let i = 0; i < 7; i++) made.push(await create(i % 3 ? '张三' : '章三', 'ties'));
    made.push(await create('张三丰', 'ties'), await create('Zhang San', 'ties'));
    for (const limit of [1, 2, 3, 4]) {
      const seen = await walk('ties', 'name', limit);
      expect(seen.map((c) => c.id).sort()).toEqual(made.map((c) => c.id).sort());
      // 张三 and 章三 share a key (same pinyin and tone): among themselves, in id order.
      const homophones = seen.slice(1, -1);
      expect(homophones.map((c) => c.id)).toEqual(homophones.map((c) => c.id).sort());
      expect(seen[0].name).toBe('Zhang San'); // letter by letter, z… comes before the syllable zhang
      expect(seen.at(-1)!.name).toBe('张三丰');
    }
  });

  it('walks the pages of any set of names, either way, giving each customer once in (key, id) order', async () => {
    const syllables = [...'张章王汪李黎丁万于阿安曾单吕欧阳'] as string[];
    const part = fc.oneof(fc.constantFrom(...syllables), fc.constantFrom('a', 'B', 'z', '7', ' ', 'Ω'));
    let run = 0;
    await fc.assert(fc.asyncProperty(
      fc.array(fc.array(part, { minLength: 1, maxLength: 4 }).map((p) => p.join('')).filter((n) => n.trim().length > 0), { minLength: 1, maxLength: 8 }),
      fc.integer({ min: 1, max: 3 }), fc.boolean(),
      async (names, limit, isDescending) => {
        const tag = `walk${run++}`;
        const made = [];
        for (const name of names) made.push({ ...(await create(name, tag)), key: nameSortKey(name.trim(), 'individual') });
        const expected = made.sort((a, b) => (a.key === b.key ? (a.id < b.id ? -1 : 1) : a.key < b.key ? -1 : 1)).map((c) => c.id);
        const seen = (await walk(tag, isDescending ? '-name' : 'name', limit)).map((c) => c.id);
        expect(seen).toEqual(isDescending ? expected.reverse() : expected);
      },
    ), { numRuns: 12 });
  });

  it('keeps the key with the name: a rename and a merge that takes the other name re-sort the customer', async () => {
    const a = await create('王五', 'rename');
    const b = await create('黎明', 'rename');
    expect((await walk('rename', 'name', 10)).map((c) => c.name)).toEqual(['黎明', '王五']);
    await am({ method: 'PATCH', url: `/api/v1/customers/${a.id}`, payload: { name: '阿王' } });
    expect((await walk('rename', 'name', 10)).map((c) => c.name)).toEqual(['阿王', '黎明']);
    const manager = await t.as('cs.manager');
    const merged = await manager({ method: 'POST', url: '/api/v1/customers/merge', payload: { survivorId: b.id, mergedId: a.id, takeFromMerged: ['name'] } });
    expect(merged.statusCode, merged.body).toBe(200);
    const [row] = await rows<{ name_sort: string }>(t.database.db, sql`select name_sort from customers where id = ${b.id}`);
    expect(row.name_sort).toBe(nameSortKey('阿王', 'individual'));
  });

  it('writes the key at start for customers stored before it existed', async () => {
    const c = await create('黄忠', 'backfill');
    await t.database.db.execute(sql`update customers set name_sort = null where id = ${c.id}`);
    expect(await backfillNameSortKeys(t.database.db)).toBe(1);
    const [row] = await rows<{ name_sort: string }>(t.database.db, sql`select name_sort from customers where id = ${c.id}`);
    expect(row.name_sort).toBe(nameSortKey('黄忠', 'individual'));
    expect(await backfillNameSortKeys(t.database.db)).toBe(0);
  });
});
