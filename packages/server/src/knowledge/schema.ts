import { sql } from 'drizzle-orm';
import { customType, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../platform/auth/schema.ts';

/** The words an article is found by (search.ts makes them; the store only keeps and indexes them). */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

const categories = ['broadband', 'mobile', 'plans', 'billing', 'numbers', 'roaming', 'tv', 'enterprise', 'account', 'other'] as const;
const audiences = ['internal', 'public'] as const;
const statuses = ['draft', 'published', 'archived'] as const;

/**
 * 知识库文章 — the newest version of an article, with the words it is found by. The whole
 * organisation's (no unit): every staff member reads every article, and customers read the
 * published public ones.
 */
export const knowledgeArticles = pgTable('knowledge_articles', {
  id: uuid('id').primaryKey().defaultRandom(),
  title: text('title').notNull(),
  body: text('body').notNull(),
  category: text('category', { enum: categories }).notNull(),
  tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
  audience: text('audience', { enum: audiences }).notNull(),
  status: text('status', { enum: statuses }).notNull(),
  /** The newest version's number: a save names the one it was edited from. */
  version: integer('version').notNull(),
  /** Title words weighted A, tags B, text C (search.ts), with the `simple` configuration's literal lexemes. */
  search: tsvector('search').notNull(),
  /** The title's and tags' words alone: a small vector whose own index finds the best matches first (search.ts). */
  heading: tsvector('heading').notNull(),
  updatedById: uuid('updated_by_id').references(() => users.id),
  updatedByName: text('updated_by_name'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  publishedAt: timestamp('published_at', { withTimezone: true }),
}, (t) => [
  index('knowledge_articles_search_idx').using('gin', t.search),
  index('knowledge_articles_heading_idx').using('gin', t.heading),
  // The list without a search: newest change first.
  index('knowledge_articles_updated_idx').on(t.updatedAt, t.id),
  // What customers may read, newest first: the portal's list.
  index('knowledge_articles_public_idx').on(t.updatedAt, t.id).where(sql`${t.status} = 'published' and ${t.audience} = 'public'`),
]);

/** 版本 — every save of an article, whole: what it said, who saved it and when. Never changed. */
export const knowledgeArticleVersions = pgTable('knowledge_article_versions', {
  articleId: uuid('article_id').notNull().references(() => knowledgeArticles.id),
  version: integer('version').notNull(),
  title: text('title').notNull(),
  body: text('body').notNull(),
  category: text('category', { enum: categories }).notNull(),
  tags: text('tags').array().notNull(),
  audience: text('audience', { enum: audiences }).notNull(),
  status: text('status', { enum: statuses }).notNull(),
  authorId: uuid('author_id').references(() => users.id),
  authorName: text('author_name'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /** The older version whose text this one brought back (恢复). */
  restoredFrom: integer('restored_from'),
}, (t) => [primaryKey({ columns: [t.articleId, t.version] })]);
