import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { Answer, Body, ItemOf } from '../api/types.ts';

export type ChannelT = ItemOf<'/channels'>;
export type NewChannelBody = Body<'/channels'>;
export type CreatedChannelT = Answer<'/channels', 'post'>;
export type ChannelChangeBody = Body<'/channels/{channelId}', 'patch'>;
export type ChannelTransactionT = ItemOf<'/channels/{channelId}/transactions'>;

const keys = { all: ['channels'] as const };

/** 渠道 — the channels of the caller's units; asked again every 30 s, so today's counts move while the page is open. */
export function useChannels() {
  return useQuery({ queryKey: keys.all, refetchInterval: 30_000, queryFn: () => api.GET('/channels').then((r) => r.items) });
}

/** 渠道交易 — a channel's transactions, latest first, 50 at a time (keyset: "load more"). */
export function useChannelTransactions(channelId: string) {
  return useInfiniteQuery({
    queryKey: [...keys.all, 'transactions', channelId],
    queryFn: ({ pageParam }) => api.GET('/channels/{channelId}/transactions', { params: { path: { channelId }, query: { cursor: pageParam } } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

function useChanged() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: keys.all });
}

export function useCreateChannel() {
  const changed = useChanged();
  return useMutation({ mutationFn: (body: NewChannelBody) => api.POST('/channels', { body }), onSuccess: () => changed() });
}

export function useChangeChannel() {
  const changed = useChanged();
  return useMutation({
    mutationFn: ({ id, change }: { id: string; change: ChannelChangeBody }) => api.PATCH('/channels/{channelId}', { params: { path: { channelId: id } }, body: change }),
    onSuccess: () => changed(),
  });
}

export function useRenewToken() {
  return useMutation({ mutationFn: (id: string) => api.POST('/channels/{channelId}/token', { params: { path: { channelId: id } } }) });
}

/** What a channel's system runs to post a transaction: the console shows it beside the token. */
export function intakeExample(token: string): string {
  const url = `${window.location.origin}/api/v1/channels/intake`;
  const body = JSON.stringify({ transactions: [{ transactionId: 'TX-0001', occurredAt: '2026-12-04T09:30:00+08:00', kind: 'recharge', status: 'succeeded', amountFen: 5000, phone: '13807310001' }] });
  return `curl -X POST '${url}' \\\n  -H 'Authorization: Bearer ${token}' \\\n  -H 'Content-Type: application/json' \\\n  -d '${body}'`;
}
