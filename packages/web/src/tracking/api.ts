import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { Answer, Body } from '../api/types.ts';

export type SiteT = Answer<'/tracking/sites/{siteId}'>;
export type NewSiteBody = Body<'/tracking/sites'>;
export type SiteChangeBody = Body<'/tracking/sites/{siteId}', 'patch'>;

const siteKeys = { all: ['tracking', 'sites'] as const };

export function useSites() {
  return useQuery({ queryKey: siteKeys.all, queryFn: () => api.GET('/tracking/sites').then((r) => r.items) });
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
