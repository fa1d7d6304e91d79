import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { Answer, Body } from '../api/types.ts';

export type CallT = Answer<'/hotline/calls'>['items'][number];
export type MailT = Answer<'/mailbox/messages'>['items'][number];
export type NewCallBody = Body<'/hotline/calls'>;

/** Every query here starts with 'contact-centre', so a logged call or a made ticket refreshes both tabs. */
const all = ['contact-centre'] as const;

export const useCallPages = () => useInfiniteQuery({
  queryKey: [...all, 'calls'],
  queryFn: ({ pageParam }) => api.GET('/hotline/calls', { params: { query: { cursor: pageParam } } }),
  initialPageParam: undefined as string | undefined,
  getNextPageParam: (last) => last.nextCursor ?? undefined,
});

export const useMailPages = () => useInfiniteQuery({
  queryKey: [...all, 'mail'],
  queryFn: ({ pageParam }) => api.GET('/mailbox/messages', { params: { query: { cursor: pageParam } } }),
  initialPageParam: undefined as string | undefined,
  getNextPageParam: (last) => last.nextCursor ?? undefined,
});

function useChanged() {
  const client = useQueryClient();
  return () => Promise.all([client.invalidateQueries({ queryKey: all }), client.invalidateQueries({ queryKey: ['tickets'] })]);
}

export function useLogCall() {
  const changed = useChanged();
  return useMutation({ mutationFn: (body: NewCallBody) => api.POST('/hotline/calls', { body }), onSuccess: () => changed() });
}

export function useTicketFromCall() {
  const changed = useChanged();
  return useMutation({ mutationFn: (hotlineCallId: string) => api.POST('/hotline/calls/{hotlineCallId}/ticket', { params: { path: { hotlineCallId } }, body: {} }), onSuccess: () => changed() });
}

export function useTicketFromMail() {
  const changed = useChanged();
  return useMutation({ mutationFn: (mailboxMessageId: string) => api.POST('/mailbox/messages/{mailboxMessageId}/ticket', { params: { path: { mailboxMessageId } }, body: {} }), onSuccess: () => changed() });
}
