import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { PublicArticleQuery } from '@xiang/shared';
import type { Db } from '../platform/db/index.ts';
import { notFound } from '../platform/errors.ts';
import { knowledgeArticles } from './schema.ts';
import { findArticles, snippetOf } from './search.ts';

/**
 * 公开知识 — what customers read in the portal, asked without signing in: published public
 * articles only, and nothing about the staff who wrote them. A draft, an archived or an
 * internal article does not exist here (404), so its id tells nothing.
 */
const readable = { status: 'published', audience: 'public' } as const;

export async function listPublicArticles(db: Db, query: z.infer<typeof PublicArticleQuery>) {
  const { q, category, cursor, limit } = query;
  const page = await findArticles(db, { q, filter: { ...readable, category }, cursor, limit });
  return {
    items: page.items.map((a) => ({ id: a.id, title: a.title, category: a.category, tags: a.tags, updatedAt: a.updatedAt, snippet: snippetOf(a.body, q) })),
    nextCursor: page.nextCursor,
  };
}

export async function getPublicArticle(db: Db, id: string) {
  const a = knowledgeArticles;
  const [article] = await db.select({ id: a.id, title: a.title, body: a.body, category: a.category, tags: a.tags, updatedAt: a.updatedAt })
    .from(a).where(and(eq(a.id, id), eq(a.status, readable.status), eq(a.audience, readable.audience)));
  if (!article) throw notFound('Article');
  return article;
}
