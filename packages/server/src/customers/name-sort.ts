import { isNull, sql } from 'drizzle-orm';
import { pinyin } from 'pinyin-pro';
import type { Db } from '../platform/db/index.ts';
import { customers } from './schema.ts';

/**
 * 拼音排序 — the key a name sorts by, so 丁, 万, 于 come in dictionary (pinyin) order and not in
 * code-point order, the same on PGlite and on PostgreSQL. Each character becomes a token of
 * seven characters from [0-9a-z] only, so every collation (C, en_US …) orders the keys alike:
 * - a Chinese character: its pinyin padded with 0 to six letters, then its tone 1–5
 *   (张 zhang01, 詹 zhan001: zhan before zhang whatever follows); a person's name is read with
 *   its surname first (单 shan, 曾 zeng), an enterprise's as words (长沙 chang sha);
 * - a Latin letter: the letter then 0s, so Alice sorts among the a- names, before 阿 (a000001);
 * - a digit: 0, the digit, then 0s, before every letter;
 * - anything else (kana, Greek …) after all of these, by code point; spaces and punctuation
 *   count for nothing, as in a dictionary.
 * Equal keys (同音字, 张三 and 章三) are ordered by id in the list's keyset.
 */
export function nameSortKey(name: string, kind: 'individual' | 'enterprise'): string {
  return pinyin(name.normalize('NFKC'), { type: 'all', toneType: 'num', surname: kind === 'individual' ? 'head' : 'off', v: true })
    .map(({ origin, pinyin: syllable, num, isZh }) => {
      if (isZh && syllable) return syllable.replace(/\d/g, '').padEnd(6, '0') + String(num || 5);
      const char = origin.toLowerCase();
      if (/^[a-z]$/.test(char)) return char.padEnd(7, '0');
      if (/^\d$/.test(char)) return `0${char}`.padEnd(7, '0');
      if (/^[\p{L}\p{N}]$/u.test(origin)) return `zz${origin.codePointAt(0)!.toString(36).padStart(5, '0')}`;
      return '';
    }).join('');
}

/**
 * Customers written before the sort key existed (or by a tool that does not know it) get it at
 * start, a thousand per statement; the partial index finds them without reading the table.
 */
export async function backfillNameSortKeys(db: Db): Promise<number> {
  let filled = 0;
  for (;;) {
    const missing = await db.select({ id: customers.id, name: customers.name, kind: customers.kind }).from(customers)
      .where(isNull(customers.nameSort)).limit(1000);
    if (!missing.length) return filled;
    const keys = missing.map((c) => ({ id: c.id, key: nameSortKey(c.name, c.kind) }));
    await db.execute(sql`update customers set name_sort = k.key
      from json_to_recordset(${JSON.stringify(keys)}::json) as k(id uuid, key text) where customers.id = k.id`);
    filled += missing.length;
  }
}
