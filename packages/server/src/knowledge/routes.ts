import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  Article, ArticlePage, ArticleQuery, ArticleRestore, ArticleSave, ArticleVersion, ArticleVersionList, NewArticle,
  PublicArticle, PublicArticlePage, PublicArticleQuery, SuggestedArticleList,
} from '@xiang/shared';
import { anyone, reaching } from '../platform/access.ts';
import { minuteWindows } from '../platform/rate-window.ts';
import { sourceAddress } from '../platform/throttle.ts';
import { createArticle, getArticle, getVersion, listArticles, listVersions, restoreVersion, saveArticle } from './articles.ts';
import { getPublicArticle, listPublicArticles } from './public.ts';
import { suggestArticles } from './suggestions.ts';

/** The public help articles' flood guard (platform/rate-window.ts): reads per client address a minute. */
export const publicReadRates = { perMinutePerAddress: Number(process.env.PUBLIC_READS_PER_MINUTE_PER_ADDRESS ?? 600) };
const publicReads = minuteWindows();
export const forgetPublicReads = () => publicReads.forget();

const ArticleParam = z.object({ articleId: z.uuid() });
const VersionParam = ArticleParam.extend({ version: z.coerce.number().int().min(1).max(1_000_000) });
const tags = ['Knowledge'];
const to = reaching('article');

export const knowledgeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/knowledge/articles', { config: to('knowledge.read'), schema: { tags, querystring: ArticleQuery, response: { 200: ArticlePage } } },
    async (req) => listArticles(app.db, req.scope, req.query));
  app.post('/knowledge/articles', { config: to('knowledge.write'), schema: { tags, body: NewArticle, response: { 201: Article } } },
    async (req, reply) => reply.code(201).send(await createArticle(app.db, req.scope, req.body)));
  app.get('/knowledge/articles/:articleId', { config: to('knowledge.read'), schema: { tags, params: ArticleParam, response: { 200: Article } } },
    async (req) => getArticle(app.db, req.scope, req.params.articleId));
  app.put('/knowledge/articles/:articleId', { config: to('knowledge.write'), schema: { tags, params: ArticleParam, body: ArticleSave, response: { 200: Article } } },
    async (req) => saveArticle(app.db, req.scope, req.params.articleId, req.body));
  app.get('/knowledge/articles/:articleId/versions', { config: to('knowledge.read'), schema: { tags, params: ArticleParam, response: { 200: ArticleVersionList } } },
    async (req) => listVersions(app.db, req.scope, req.params.articleId));
  app.get('/knowledge/articles/:articleId/versions/:version', { config: to('knowledge.read'), schema: { tags, params: VersionParam, response: { 200: ArticleVersion } } },
    async (req) => getVersion(app.db, req.scope, req.params.articleId, req.params.version));
  app.post('/knowledge/articles/:articleId/versions/:version/restore', {
    config: to('knowledge.write'), schema: { tags, params: VersionParam, body: ArticleRestore, response: { 200: Article } },
  }, async (req) => restoreVersion(app.db, req.scope, req.params.articleId, req.params.version, req.body.baseVersion));

  // 相关知识 — reaches the ticket: another unit's is a 404, as on the ticket's own page.
  app.get('/tickets/:ticketId/suggested-articles', {
    config: reaching('ticket')('knowledge.read'), schema: { tags, params: z.object({ ticketId: z.uuid() }), response: { 200: SuggestedArticleList } },
  }, async (req) => suggestArticles(app.db, req.scope, req.params.ticketId));

  await app.register(publicRoutes);
};

/**
 * 公开知识 — for customers, without signing in (the portal's pages call these from the browser,
 * from this server's own origin). Cached a minute by browsers and proxies: an article changes
 * rarely, and a page of the portal asks again on every visit.
 */
const publicRoutes: FastifyPluginAsyncZod = async (app) => {
  // Open to anyone, so a scraper or a loop cannot take the store's time from the people reading;
  // generous, since a mobile carrier puts many customers behind one address.
  app.addHook('onRequest', async (req) => publicReads.take(sourceAddress(req.ip), publicReadRates.perMinutePerAddress));
  app.addHook('onSend', async (_req, reply) => { if (reply.statusCode === 200) reply.header('cache-control', 'public, max-age=60'); });
  app.get('/knowledge/public/articles', { config: anyone, schema: { tags, querystring: PublicArticleQuery, response: { 200: PublicArticlePage } } },
    async (req) => listPublicArticles(app.db, req.query));
  app.get('/knowledge/public/articles/:articleId', { config: anyone, schema: { tags, params: ArticleParam, response: { 200: PublicArticle } } },
    async (req) => getPublicArticle(app.db, req.params.articleId));
};
