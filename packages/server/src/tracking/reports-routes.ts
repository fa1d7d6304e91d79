import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CampaignReport, FunnelQuery, FunnelReport, ListReportQuery, PageReport, PageReportQuery, PathQuery, PathReport, ReportOverview, ReportPeriod, RetentionQuery, RetentionReport, SearchReport, SourceReport } from '@xiang/shared';
import { reaching } from '../platform/access.ts';
import { reportCampaigns, reportOverview, reportPages, reportSearches, reportSources } from './reports.ts';
import { reportFunnel } from './reports-funnel.ts';
import { reportPaths, reportRetention } from './reports-retention.ts';

const params = z.object({ siteId: z.uuid() });
const tags = ['Tracking reports'];
const to = reaching('site');
const read = to('tracking.read');

/** 网站分析报表 — read-only reports of one site for a period of days in the operator's time zone. */
export const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  const options = () => ({ timeZone: app.config.timeZone });
  const base = '/tracking/sites/:siteId/reports';
  app.get(`${base}/overview`, { config: read, schema: { tags, params, querystring: ReportPeriod, response: { 200: ReportOverview } } },
    async (req) => reportOverview(app.db, req.scope, req.params.siteId, req.query, options()));
  app.get(`${base}/pages`, { config: read, schema: { tags, params, querystring: PageReportQuery, response: { 200: PageReport } } },
    async (req) => reportPages(app.db, req.scope, req.params.siteId, req.query, options()));
  app.get(`${base}/sources`, { config: read, schema: { tags, params, querystring: ListReportQuery, response: { 200: SourceReport } } },
    async (req) => reportSources(app.db, req.scope, req.params.siteId, req.query, options()));
  app.get(`${base}/campaigns`, { config: read, schema: { tags, params, querystring: ListReportQuery, response: { 200: CampaignReport } } },
    async (req) => reportCampaigns(app.db, req.scope, req.params.siteId, req.query, options()));
  app.get(`${base}/searches`, { config: read, schema: { tags, params, querystring: ListReportQuery, response: { 200: SearchReport } } },
    async (req) => reportSearches(app.db, req.scope, req.params.siteId, req.query, options()));
  // A funnel's steps are a list of shapes, sent as a body: a read all the same, changing nothing.
  app.post(`${base}/funnel`, { config: read, schema: { tags, params, body: FunnelQuery, response: { 200: FunnelReport } } },
    async (req) => reportFunnel(app.db, req.scope, req.params.siteId, req.body, options()));
  app.get(`${base}/retention`, { config: read, schema: { tags, params, querystring: RetentionQuery, response: { 200: RetentionReport } } },
    async (req) => reportRetention(app.db, req.scope, req.params.siteId, req.query, options()));
  app.get(`${base}/paths`, { config: read, schema: { tags, params, querystring: PathQuery, response: { 200: PathReport } } },
    async (req) => reportPaths(app.db, req.scope, req.params.siteId, req.query, options()));
};
