import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { Answer, Body } from '../api/types.ts';

export type ReportPeriodT = { from?: string; to?: string };
export type OverviewT = Answer<'/tracking/sites/{siteId}/reports/overview'>;
export type PageReportT = Answer<'/tracking/sites/{siteId}/reports/pages'>;
export type SourceReportT = Answer<'/tracking/sites/{siteId}/reports/sources'>;
export type CampaignReportT = Answer<'/tracking/sites/{siteId}/reports/campaigns'>;
export type SearchReportT = Answer<'/tracking/sites/{siteId}/reports/searches'>;
export type FunnelBodyT = Body<'/tracking/sites/{siteId}/reports/funnel'>;
export type FunnelStepT = FunnelBodyT['steps'][number];
export type FunnelReportT = Answer<'/tracking/sites/{siteId}/reports/funnel', 'post'>;
export type RetentionReportT = Answer<'/tracking/sites/{siteId}/reports/retention'>;
export type PathReportT = Answer<'/tracking/sites/{siteId}/reports/paths'>;

const keys = (siteId: string, report: string, query: object) => ['tracking', 'reports', siteId, report, query] as const;
/** A report keeps showing the period before while the next one loads, so the page does not jump. */
const held = { placeholderData: keepPreviousData, staleTime: 60_000 };

export const useOverview = (siteId: string, period: ReportPeriodT) => useQuery({ ...held, queryKey: keys(siteId, 'overview', period),
  queryFn: () => api.GET('/tracking/sites/{siteId}/reports/overview', { params: { path: { siteId }, query: period } }) });

export const usePages = (siteId: string, period: ReportPeriodT, kind: 'top' | 'entry' | 'exit') => useQuery({ ...held, queryKey: keys(siteId, `pages-${kind}`, period),
  queryFn: () => api.GET('/tracking/sites/{siteId}/reports/pages', { params: { path: { siteId }, query: { ...period, kind, limit: 10 } } }) });

export const useSources = (siteId: string, period: ReportPeriodT) => useQuery({ ...held, queryKey: keys(siteId, 'sources', period),
  queryFn: () => api.GET('/tracking/sites/{siteId}/reports/sources', { params: { path: { siteId }, query: { ...period, limit: 10 } } }) });

export const useCampaigns = (siteId: string, period: ReportPeriodT) => useQuery({ ...held, queryKey: keys(siteId, 'campaigns', period),
  queryFn: () => api.GET('/tracking/sites/{siteId}/reports/campaigns', { params: { path: { siteId }, query: { ...period, limit: 10 } } }) });

export const useSearches = (siteId: string, period: ReportPeriodT) => useQuery({ ...held, queryKey: keys(siteId, 'searches', period),
  queryFn: () => api.GET('/tracking/sites/{siteId}/reports/searches', { params: { path: { siteId }, query: { ...period, limit: 10 } } }) });

/** Asked only once the funnel has been built and run (`body` set). */
export const useFunnel = (siteId: string, body: FunnelBodyT | null) => useQuery({ ...held, queryKey: keys(siteId, 'funnel', body ?? {}), enabled: body !== null,
  queryFn: () => api.POST('/tracking/sites/{siteId}/reports/funnel', { params: { path: { siteId } }, body: body! }) });

export const useRetention = (siteId: string, period: ReportPeriodT, by: 'day' | 'week') => useQuery({ ...held, queryKey: keys(siteId, `retention-${by}`, period),
  queryFn: () => api.GET('/tracking/sites/{siteId}/reports/retention', { params: { path: { siteId }, query: { ...period, by } } }) });

export const usePaths = (siteId: string, period: ReportPeriodT, page: string | undefined) => useQuery({ ...held, queryKey: keys(siteId, 'paths', { ...period, page }),
  queryFn: () => api.GET('/tracking/sites/{siteId}/reports/paths', { params: { path: { siteId }, query: { ...period, limit: 10, ...(page ? { page } : {}) } } }) });
