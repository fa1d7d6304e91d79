import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { Answer, Body, ItemOf, Query } from '../api/types.ts';

export type SiteT = Answer<'/tracking/sites/{siteId}'>;
export type NewSiteBody = Body<'/tracking/sites'>;
export type SiteChangeBody = Body<'/tracking/sites/{siteId}', 'patch'>;
export type VisitorT = ItemOf<'/tracking/sites/{siteId}/visitors'>;
export type VisitorFilter = Omit<Query<'/tracking/sites/{siteId}/visitors'>, 'cursor'>;
export type SiteLiveT = Answer<'/tracking/sites/{siteId}/live'>;

const siteKeys = { all: ['tracking', 'sites'] as const };

export function useSites() {
  return useQuery({ queryKey: siteKeys.all, queryFn: () => api.GET('/tracking/sites').then((r) => r.items) });
}

export function useSite(siteId: string) {
  return useQuery({ queryKey: [...siteKeys.all, siteId], queryFn: () => api.GET('/tracking/sites/{siteId}', { params: { path: { siteId } } }) });
}

/** 访客 — the site's visitors of a filter, a page at a time (keyset: "load more"). */
export function useVisitorPages(siteId: string, filter: VisitorFilter) {
  return useInfiniteQuery({
    queryKey: ['tracking', 'visitors', siteId, filter],
    queryFn: ({ pageParam }) => api.GET('/tracking/sites/{siteId}/visitors', { params: { path: { siteId }, query: { ...filter, cursor: pageParam } } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** 实时 — asked again every 10 seconds while the page is open: the counts are cheap (this month's events only). */
export function useSiteLive(siteId: string) {
  return useQuery({ queryKey: ['tracking', 'live', siteId], refetchInterval: 10_000,
    queryFn: () => api.GET('/tracking/sites/{siteId}/live', { params: { path: { siteId } } }) });
}

export function useCreateSite() {
  const client = useQueryClient();
  return useMutation({ mutationFn: (body: NewSiteBody) => api.POST('/tracking/sites', { body }), onSuccess: () => client.invalidateQueries({ queryKey: siteKeys.all }) });
}

export function useChangeSite() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, change }: { id: string; change: SiteChangeBody }) => api.PATCH('/tracking/sites/{siteId}', { params: { path: { siteId: id } }, body: change }),
    onSuccess: () => client.invalidateQueries({ queryKey: siteKeys.all }),
  });
}

/** The tag a site's pages carry; this server's own address, the site's key, and whether it asks consent first. */
export function snippetOf(site: Pick<SiteT, 'siteKey' | 'consentMode'>, origin = window.location.origin) {
  const consent = site.consentMode === 'required' ? ' data-consent="required"' : '';
  return `<script async src="${origin}/widget.js" data-site="${site.siteKey}"${consent}></script>`;
}

const secretKey = (siteId: string) => ['tracking', 'sites', siteId, 'identity-secret'] as const;

/** The site's identity secret: asked for only when a manager opens it, never part of the list. */
export function useIdentitySecret(siteId: string, isShown: boolean) {
  return useQuery({ queryKey: secretKey(siteId), enabled: isShown, staleTime: 0, gcTime: 0,
    queryFn: () => api.GET('/tracking/sites/{siteId}/identity-secret', { params: { path: { siteId } } }) });
}

export function useRotateIdentitySecret(siteId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.POST('/tracking/sites/{siteId}/identity-secret', { params: { path: { siteId } } }),
    onSuccess: (answer) => client.setQueryData(secretKey(siteId), answer),
  });
}

/** How the site's own server signs who is signed in (Node); the same HMAC in any language. */
export const signingExample = `const visitorId = req.cookies.xiang_vid; // the script's cookie, on the site's own domain
const expiresAt = Date.now() + 3600_000;  // at most 24 h
const signature = crypto.createHmac('sha256', IDENTITY_SECRET)
  .update(\`phone:\${phone}:\${visitorId}:\${expiresAt}\`).digest('hex');
// page: xiang.identify('phone', phone, signature, expiresAt)`;
