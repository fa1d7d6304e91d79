import { z } from 'zod';
import { pageOf, pageQuery } from './page.ts';
import { defineEvents, event } from './event-kit.ts';
import { hasSearchWords } from './knowledge-search.ts';

export * from './knowledge-search.ts';
export * from './knowledge-links.ts';

/**
 * 知识库 — articles the service desk answers from: how to read a modem's lights, what a plan
 * change costs, how number porting works. Internal ones (内部) are for staff; public ones (公开),
 * once published, are read by customers in the portal too. They belong to the whole
 * organisation, not to a unit: a fault is fixed the same way in every local network.
 */

/**
 * 分类 — a fixed list, the operator's lines of business, so that the console's filter, its
 * labels in both languages and the portal's menu stay the same list; tags (free text) say the rest.
 */
export const KnowledgeCategory = z.enum(['broadband', 'mobile', 'plans', 'billing', 'numbers', 'roaming', 'tv', 'enterprise', 'account', 'other']);
export type KnowledgeCategory = z.infer<typeof KnowledgeCategory>;
export const ArticleAudience = z.enum(['internal', 'public']);
export const ArticleStatus = z.enum(['draft', 'published', 'archived']);

const title = z.string().trim().min(1).max(200);
/** Plain text or simple Markdown; the console shows it as text, never as HTML. */
const body = z.string().trim().min(1).max(50_000);
const tag = z.string().trim().min(1).max(30);
const tags = z.array(tag).max(20).refine((list) => new Set(list).size === list.length, 'Each tag once.');
const version = z.number().int().min(1);

/** What a save of the editor holds: the whole article. */
const articleFields = {
  title,
  body,
  category: KnowledgeCategory,
  tags: tags.default([]),
  audience: ArticleAudience.default('internal'),
  status: ArticleStatus.default('draft'),
};
export const NewArticle = z.strictObject(articleFields);
/** A save names the version it was edited from: a save over a newer one is refused (409). */
export const ArticleSave = z.strictObject({ ...articleFields, baseVersion: version });
/** Restoring an old version's text makes it the newest; named like a save. */
export const ArticleRestore = z.strictObject({ baseVersion: version });

export const Article = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  category: KnowledgeCategory,
  tags: z.array(z.string()),
  audience: ArticleAudience,
  status: ArticleStatus,
  /** The newest version's number; a save names it as its base. */
  version: z.number(),
  createdAt: z.date(),
  updatedAt: z.date(),
  /** When it was first published; null while it never was. */
  publishedAt: z.date().nullable(),
  updatedByName: z.string().nullable(),
});

export const ArticleSummary = Article.omit({ body: true, createdAt: true, publishedAt: true }).extend({
  /** A piece of the text around the first word searched for (its start when nothing was searched). */
  snippet: z.string(),
});

/** A search that has something to search: a letter, a digit or a Chinese character. */
const searchText = z.string().trim().min(1).max(100).refine(hasSearchWords, 'Search for at least one letter, digit or Chinese character.');

export const ArticleQuery = z.strictObject({
  /** Words of the title, tags or text, in Chinese or not: every word must be found; the best match first. */
  q: searchText.optional(),
  category: KnowledgeCategory.optional(),
  audience: ArticleAudience.optional(),
  status: ArticleStatus.optional(),
}).extend(pageQuery({ limit: 20, maxLimit: 100 }).shape);
export const ArticlePage = pageOf(ArticleSummary);

export const ArticleVersionSummary = z.object({
  version: z.number(),
  title: z.string(),
  audience: ArticleAudience,
  status: ArticleStatus,
  authorName: z.string().nullable(),
  createdAt: z.date(),
  /** The version whose text this one brought back, when it was a restore. */
  restoredFrom: z.number().nullable(),
});
export const ArticleVersionList = z.object({ items: z.array(ArticleVersionSummary) });
export const ArticleVersion = ArticleVersionSummary.extend({ body: z.string(), category: KnowledgeCategory, tags: z.array(z.string()) });

/** 相关知识 — the published articles a ticket's words find, best first. */
export const SuggestedArticle = ArticleSummary.pick({ id: true, title: true, category: true, audience: true, snippet: true });
export const SuggestedArticleList = z.object({ items: z.array(SuggestedArticle) });

// What customers read (the portal): published public articles, with nothing about the staff who wrote them.
export const PublicArticle = Article.pick({ id: true, title: true, body: true, category: true, tags: true, updatedAt: true });
export const PublicArticleSummary = ArticleSummary.pick({ id: true, title: true, category: true, tags: true, updatedAt: true, snippet: true });
export const PublicArticlePage = pageOf(PublicArticleSummary);
export const PublicArticleQuery = z.strictObject({
  q: searchText.optional(),
  category: KnowledgeCategory.optional(),
}).extend(pageQuery({ limit: 20, maxLimit: 50 }).shape);

const saved = z.looseObject({ version: z.number(), audience: ArticleAudience, status: ArticleStatus });

// 知识库 — the knowledge module's events.
export const knowledgeEvents = defineEvents({
  'article.created': event(saved),
  'article.revised': event(saved),
  'article.restored': event(saved.extend({ restoredFrom: z.number() })),
});
