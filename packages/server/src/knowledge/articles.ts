import { and, desc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ArticleQuery, ArticleSave, NewArticle } from '@xiang/shared';
import type { Db } from '../platform/db/index.ts';
import { conflict, notFound } from '../platform/errors.ts';
import { record } from '../platform/audit.ts';
import { defineMessages } from '../platform/messages.ts';
import { authorize } from '../platform/policy.ts';
import type { Scope } from '../platform/scope.ts';
import { knowledgeArticles, knowledgeArticleVersions } from './schema.ts';
import { findArticles, searchColumns, snippetOf } from './search.ts';

type Row = typeof knowledgeArticles.$inferSelect;
type Content = Pick<Row, 'title' | 'body' | 'category' | 'tags' | 'audience' | 'status'>;

const tell = defineMessages({
  articleChangedSince: {
    en: 'Someone saved this article after you opened it: it is at version {current} (saved by {by}), you edited version {base}. Reload it, then make your change again.',
    zh: '您打开这篇文章后，已有人保存过：现在是第 {current} 版（{by} 保存），您编辑的是第 {base} 版。请重新加载后再修改。',
  },
});

/** The article as the API gives it: without the words it is found by. */
const present = (row: Row) => {
  const { search: _search, heading: _heading, updatedById: _by, ...rest } = row;
  return rest;
};

/** 文章列表 — every staff role reads every article; with a query, the best match first. */
export async function listArticles(db: Db, scope: Scope, query: z.infer<typeof ArticleQuery>) {
  authorize(scope.role, 'knowledge.read');
  const { q, cursor, limit, ...filter } = query;
  const page = await findArticles(db, { q, filter, cursor, limit });
  return { items: page.items.map(({ body, ...article }) => ({ ...article, snippet: snippetOf(body, q) })), nextCursor: page.nextCursor };
}

export async function getArticle(db: Db, scope: Scope, id: string) {
  authorize(scope.role, 'knowledge.read');
  const [row] = await db.select().from(knowledgeArticles).where(eq(knowledgeArticles.id, id));
  if (!row) throw notFound('Article');
  return present(row);
}

/** 新建文章 — version 1. */
export async function createArticle(db: Db, scope: Scope, input: z.infer<typeof NewArticle>) {
  authorize(scope.role, 'knowledge.write');
  return db.transaction(async (tx) => {
    const now = new Date();
    const [article] = await tx.insert(knowledgeArticles).values({
      ...input, version: 1, ...searchColumns(input), updatedById: scope.userId, updatedByName: scope.userName,
      createdAt: now, updatedAt: now, publishedAt: input.status === 'published' ? now : null,
    }).returning();
    await tx.insert(knowledgeArticleVersions).values({ ...contentOf(article), articleId: article.id, version: 1, authorId: scope.userId, authorName: scope.userName, createdAt: now });
    await record(tx, scope, { action: 'article.created', entity: 'article', entityId: article.id,
      after: { title: article.title, category: article.category, audience: article.audience, status: article.status, version: 1 } });
    return present(article);
  });
}

const contentOf = (row: Content): Content => ({ title: row.title, body: row.body, category: row.category, tags: row.tags, audience: row.audience, status: row.status });
const contentKeys = ['title', 'body', 'category', 'tags', 'audience', 'status'] as const;

/** The article to change, locked, at the version the editor started from: a save over a newer one is refused. */
async function lockAtVersion(tx: Db, id: string, baseVersion: number) {
  const [row] = await tx.select().from(knowledgeArticles).where(eq(knowledgeArticles.id, id)).for('update');
  if (!row) throw notFound('Article');
  if (row.version !== baseVersion) {
    throw conflict(tell('articleChangedSince', { current: row.version, base: baseVersion, by: row.updatedByName ?? '—' }),
      { currentVersion: row.version, updatedByName: row.updatedByName, updatedAt: row.updatedAt });
  }
  return row;
}

/**
 * The next version: the article row takes the content, the versions table keeps it whole, the
 * trail says which fields changed (the text itself is in the versions, not copied into the trail).
 */
async function nextVersion(tx: Db, scope: Scope, before: Row, content: Content, restoredFrom: number | null) {
  const now = new Date();
  const version = before.version + 1;
  const isFirstPublication = content.status === 'published' && !before.publishedAt;
  const [after] = await tx.update(knowledgeArticles).set({
    ...content, version, ...searchColumns(content), updatedById: scope.userId, updatedByName: scope.userName,
    updatedAt: now, ...(isFirstPublication ? { publishedAt: now } : {}),
  }).where(eq(knowledgeArticles.id, before.id)).returning();
  await tx.insert(knowledgeArticleVersions).values({ ...content, articleId: before.id, version, authorId: scope.userId, authorName: scope.userName, createdAt: now, restoredFrom });
  const changed = contentKeys.filter((k) => !sameValue(before[k], content[k]) && k !== 'body');
  const fields = (row: Content) => Object.fromEntries(changed.map((k) => [k, row[k]]));
  const said = { version, audience: after.audience, status: after.status, ...(before.body !== content.body ? { bodyChanged: true } : {}) };
  await record(tx, scope, restoredFrom === null
    ? { action: 'article.revised', entity: 'article', entityId: before.id, before: { version: before.version, ...fields(before) }, after: { ...fields(after), ...said }, payload: said }
    : { action: 'article.restored', entity: 'article', entityId: before.id, before: { version: before.version, ...fields(before) }, after: { ...fields(after), ...said, restoredFrom },
      payload: { ...said, restoredFrom } });
  return present(after);
}

const sameValue = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);

/** 保存 — a new version when anything changed; a save that changes nothing writes nothing. */
export async function saveArticle(db: Db, scope: Scope, id: string, input: z.infer<typeof ArticleSave>) {
  authorize(scope.role, 'knowledge.write');
  return db.transaction(async (tx) => {
    const { baseVersion, ...content } = input;
    const before = await lockAtVersion(tx, id, baseVersion);
    if (contentKeys.every((k) => sameValue(before[k], content[k]))) return present(before);
    return nextVersion(tx, scope, before, content, null);
  });
}

/** 历史版本 — newest first. */
export async function listVersions(db: Db, scope: Scope, id: string) {
  await getArticle(db, scope, id);
  const v = knowledgeArticleVersions;
  const items = await db.select({ version: v.version, title: v.title, audience: v.audience, status: v.status, authorName: v.authorName, createdAt: v.createdAt, restoredFrom: v.restoredFrom })
    .from(v).where(eq(v.articleId, id)).orderBy(desc(v.version));
  return { items };
}

export async function getVersion(db: Db, scope: Scope, id: string, version: number) {
  authorize(scope.role, 'knowledge.read');
  const [row] = await db.select().from(knowledgeArticleVersions)
    .where(and(eq(knowledgeArticleVersions.articleId, id), eq(knowledgeArticleVersions.version, version)));
  if (!row) throw notFound('ArticleVersion');
  const { articleId: _article, authorId: _author, ...rest } = row;
  return rest;
}

/**
 * 恢复版本 — an old version's text (title, text, category, tags) becomes the newest version;
 * who reads it and whether it is published stay as they are now, so a restore neither
 * publishes a draft nor shows customers an internal article.
 */
export async function restoreVersion(db: Db, scope: Scope, id: string, version: number, baseVersion: number) {
  authorize(scope.role, 'knowledge.write');
  return db.transaction(async (tx) => {
    const before = await lockAtVersion(tx, id, baseVersion);
    const old = await getVersion(tx, scope, id, version);
    return nextVersion(tx, scope, before, { title: old.title, body: old.body, category: old.category, tags: old.tags, audience: before.audience, status: before.status }, version);
  });
}
