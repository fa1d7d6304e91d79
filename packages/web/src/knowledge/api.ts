import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { Answer, Body, Query } from '../api/types.ts';

export type ArticleT = Answer<'/knowledge/articles/{articleId}'>;
export type ArticleSummaryT = Answer<'/knowledge/articles'>['items'][number];
export type ArticleFilter = Omit<Query<'/knowledge/articles'>, 'cursor'>;
export type NewArticleBody = Body<'/knowledge/articles'>;
export type ArticleSaveBody = Body<'/knowledge/articles/{articleId}', 'put'>;
export type ArticleVersionT = Answer<'/knowledge/articles/{articleId}/versions'>['items'][number];
export type SuggestedArticleT = Answer<'/tickets/{ticketId}/suggested-articles'>['items'][number];

export const categories = ['broadband', 'mobile', 'plans', 'billing', 'numbers', 'roaming', 'tv', 'enterprise', 'account', 'other'] as const;

/** Every knowledge query starts with 'knowledge', so a save refreshes the list, the article and its versions. */
const keys = { all: ['knowledge'] as const };

export function useArticlePages(filter: ArticleFilter) {
  return useInfiniteQuery({
    queryKey: ['knowledge', 'list', filter],
    queryFn: ({ pageParam }) => api.GET('/knowledge/articles', { params: { query: { ...filter, cursor: pageParam } } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export const useArticle = (id: string | undefined) => useQuery({
  queryKey: ['knowledge', 'one', id], enabled: Boolean(id),
  queryFn: () => api.GET('/knowledge/articles/{articleId}', { params: { path: { articleId: id! } } }),
});
export const useVersions = (id: string | undefined) => useQuery({
  queryKey: ['knowledge', 'versions', id], enabled: Boolean(id),
  queryFn: () => api.GET('/knowledge/articles/{articleId}/versions', { params: { path: { articleId: id! } } }).then((r) => r.items),
});
export const useVersion = (id: string, version: number | undefined) => useQuery({
  queryKey: ['knowledge', 'version', id, version], enabled: version !== undefined,
  queryFn: () => api.GET('/knowledge/articles/{articleId}/versions/{version}', { params: { path: { articleId: id, version: version! } } }),
});
export const useSuggestedArticles = (ticketId: string) => useQuery({
  queryKey: ['knowledge', 'suggested', ticketId], staleTime: 60_000,
  queryFn: () => api.GET('/tickets/{ticketId}/suggested-articles', { params: { path: { ticketId } } }).then((r) => r.items),
});

function useChanged() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: keys.all });
}
export function useCreateArticle() {
  const changed = useChanged();
  return useMutation({ mutationFn: (body: NewArticleBody) => api.POST('/knowledge/articles', { body }), onSuccess: () => changed() });
}
export function useSaveArticle(id: string) {
  const changed = useChanged();
  return useMutation({ mutationFn: (body: ArticleSaveBody) => api.PUT('/knowledge/articles/{articleId}', { params: { path: { articleId: id } }, body }), onSuccess: () => changed() });
}
export function useRestoreVersion(id: string) {
  const changed = useChanged();
  return useMutation({
    mutationFn: ({ version, baseVersion }: { version: number; baseVersion: number }) =>
      api.POST('/knowledge/articles/{articleId}/versions/{version}/restore', { params: { path: { articleId: id, version } }, body: { baseVersion } }),
    onSuccess: () => changed(),
  });
}
