import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { documentWords, queryWords, type KnowledgeCategory } from '@xiang/shared';
import type { Db } from '../platform/db/index.ts';
import { decodeCursor, pageOf, pastKey } from '../platform/paging.ts';
import { knowledgeArticles } from './schema.ts';

/**
 * 检索 — the knowledge base's full-text search, the same on PGlite and PostgreSQL with nothing
 * either lacks by default. The words come from the shared cutter (knowledge-search.ts: CJK pairs
 * and single characters, Latin and digit words), and are written into a `tsvector` as literal
 * lexemes, weighted title A, tags B, text C, so no text-search parser or dictionary of the store
 * touches them; a query is a literal `tsquery` of the same words, found through the GIN index
 * and ranked by `ts_rank`.
 */

/** PostgreSQL keeps positions up to 16,383; more of one word say nothing more to the rank. */
const lastPosition = 16_383;
const positionsPerWord = 32;

/** A lexeme as a tsvector or tsquery literal writes it (the cutter gives no quote or backslash; escaped all the same). */
const lexeme = (word: string) => `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/** The `tsvector` text of an article: each word with its positions and the weight of the part it stands in. */
export function searchVector(article: { title: string; tags: readonly string[]; body: string }): string {
  const positions = new Map<string, Set<string>>();
  let position = 0;
  for (const [weight, text] of [['A', article.title], ['B', article.tags.join(' ')], ['C', article.body]] as const) {
    for (const word of documentWords(text)) {
      position = Math.min(position + 1, lastPosition);
      const at = positions.get(word) ?? new Set<string>();
      if (at.size < positionsPerWord) at.add(`${position}${weight}`);
      positions.set(word, at);
    }
  }
  return [...positions].map(([word, at]) => `${lexeme(word)}:${[...at].join(',')}`).join(' ');
}

/** The words an article is found by, whole (`search`) and of its title and tags alone (`heading`), as SQL values. */
export const searchColumns = (article: { title: string; tags: readonly string[]; body: string }) => ({
  search: sql`${searchVector(article)}::tsvector`,
  heading: sql`${searchVector({ ...article, body: '' })}::tsvector`,
});

/**
 * The `tsquery` text of a search, or null when it has nothing to search for. `all`: every word
 * must be found (the search box); a Latin word of two letters or more also finds the words it
 * begins (宽带 5G → 5g, 5gb), as someone types. `any`: one word is enough, the rank decides (a
 * ticket's words, for suggestions). At most `most` words, the first ones.
 */
export function searchQuery(text: string, match: 'all' | 'any', { most = 40 } = {}): string | null {
  const words = queryWords(text).slice(0, most);
  if (!words.length) return null;
  const isLatin = (w: string) => /^[\p{L}\p{N}\p{M}]+$/u.test(w) && !/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(w);
  const terms = words.map((w) => (match === 'all' && isLatin(w) && w.length >= 2 ? `${lexeme(w)}:*` : lexeme(w)));
  return terms.join(match === 'all' ? ' & ' : ' | ');
}

/** What a search may be narrowed to. */
export interface ArticleFilter {
  category?: KnowledgeCategory;
  audience?: 'internal' | 'public';
  status?: 'draft' | 'published' | 'archived';
}

const a = knowledgeArticles;
/**
 * How many matches of each pool a search ranks: every match of a search that finds fewer; for a
 * broader one (a word in thousands of articles), the first found, title and tag matches first.
 */
export const poolSize = 200;
const columns = {
  id: a.id, title: a.title, body: a.body, category: a.category, tags: a.tags, audience: a.audience, status: a.status,
  version: a.version, updatedAt: a.updatedAt, updatedByName: a.updatedByName,
};
export type FoundArticle = { id: string; title: string; body: string; category: KnowledgeCategory; tags: string[]; audience: 'internal' | 'public';
  status: 'draft' | 'published' | 'archived'; version: number; updatedAt: Date; updatedByName: string | null };

const filtered = (filter: ArticleFilter): (SQL | undefined)[] => [
  filter.category ? eq(a.category, filter.category) : undefined,
  filter.audience ? eq(a.audience, filter.audience) : undefined,
  filter.status ? eq(a.status, filter.status) : undefined,
];

/**
 * One page of articles: with a query, the best match first (the cursor is the last one's rank,
 * scaled to an integer so it reads back exactly, and id); without, the newest change first.
 */
export async function findArticles(db: Db, { q, match = 'all', filter, cursor, limit }: {
  q?: string; match?: 'all' | 'any'; filter: ArticleFilter; cursor?: string; limit: number;
}): Promise<{ items: FoundArticle[]; nextCursor: string | null }> {
  const tsquery = q === undefined ? null : searchQuery(q, match, { most: match === 'any' ? 24 : 40 });
  if (q !== undefined && !tsquery) return { items: [], nextCursor: null };
  if (!tsquery) {
    const key = cursor ? decodeCursor(cursor, ['instant', 'uuid']) : null;
    const found = await db.select(columns).from(a)
      .where(and(...filtered(filter), key ? pastKey([a.updatedAt, a.id], key, 'desc') : undefined))
      .orderBy(desc(a.updatedAt), desc(a.id)).limit(limit + 1);
    return pageOf(found, limit, (last) => [last.updatedAt, last.id]);
  }
  const key = cursor ? decodeCursor(cursor, ['serial', 'uuid']) : null;
  const query = sql`${tsquery}::tsquery`;
  const where = and(...filtered(filter));
  const narrowed = where ? sql` and ${where}` : sql``;
  // Ranking reads each candidate's whole vector: the candidates are bounded so that a word in every
  // fifth article costs what a rare one does. Those found by their title or tags come first (their
  // own small index), then those found anywhere; each pool at most `poolSize`, ranked together.
  // Any of many words (a ticket's) would find most articles somewhere in their text: then only
  // titles and tags are asked, which is also what makes an article about the ticket's subject.
  const byHeading = sql`select ${a.id} from ${a} where ${a.heading} @@ ${query}${narrowed} limit ${poolSize}`;
  const anywhere = sql`select ${a.id} from ${a} where ${a.search} @@ ${query}${narrowed} limit ${poolSize}`;
  const pool = match === 'any' ? byHeading : sql`(${byHeading}) union (${anywhere})`;
  const score = sql<number>`(ts_rank(${a.search}, ${query}) * 1000000)::int`.mapWith(Number);
  const found = await db.transaction(async (tx) => {
    // For a word in many articles the planner reads the table in order and tests each row, unpacking
    // every vector it passes; through the index only the pools' rows are read (bench/RESULTS.md, knowledge).
    await tx.execute(sql`set local enable_seqscan = off`);
    return tx.select({ ...columns, score }).from(a)
      .where(and(sql`${a.id} in (${pool})`, key ? sql`(${score}, ${a.id}) < (${key[0]}, ${key[1]}::uuid)` : undefined))
      .orderBy(desc(score), desc(a.id)).limit(limit + 1);
  });
  return pageOf(found, limit, (last) => [last.score, last.id]);
}

const snippetLength = 120;

/**
 * 摘要 — a piece of the text about the first place a searched word stands, on one line; the
 * text's start when nothing was searched or nothing stands in the text itself (a title's word).
 */
export function snippetOf(body: string, q?: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  const lower = flat.toLowerCase();
  const at = q ? Math.min(...queryWords(q).map((w) => lower.indexOf(w)).filter((i) => i >= 0), Infinity) : Infinity;
  if (!Number.isFinite(at) || at < snippetLength / 3) return flat.length > snippetLength ? `${flat.slice(0, snippetLength)}…` : flat;
  const start = at - Math.floor(snippetLength / 3);
  const piece = flat.slice(start, start + snippetLength);
  return `…${piece}${start + snippetLength < flat.length ? '…' : ''}`;
}
