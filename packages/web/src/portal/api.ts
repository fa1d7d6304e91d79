import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, asForm } from '../api/client.ts';
import type { Answer, Body } from '../api/types.ts';

/** 网上营业厅 — the portal's calls, all about the signed-in customer. */
export type PortalMeT = Answer<'/portal/me'>;
export type PortalTicketT = Answer<'/portal/tickets/{ticketId}'>;

const me = ['portal', 'me'] as const;

/** The signed-in customer; null when nobody is (401). */
export function usePortalMe() {
  return useQuery({
    queryKey: me,
    queryFn: async () => {
      try {
        return await api.GET('/portal/me');
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

export const useRequestCode = () => useMutation({ mutationFn: (phone: string) => api.POST('/portal/codes', { body: { phone } }) });

export function usePortalSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: Body<'/portal/sessions'>) => api.POST('/portal/sessions', { body: input }),
    onSuccess: async () => {
      client.clear();
      await client.fetchQuery({ queryKey: me, queryFn: () => api.GET('/portal/me') });
    },
  });
}

export function usePortalSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.DELETE('/portal/sessions/current'),
    onSettled: () => { client.clear(); client.setQueryData(me, null); },
  });
}

export const useMyServices = () => useQuery({ queryKey: ['portal', 'services'], queryFn: () => api.GET('/portal/services') });
export const useMyBills = () => useQuery({ queryKey: ['portal', 'bills'], queryFn: () => api.GET('/portal/bills') });
export const useMyPoints = () => useQuery({ queryKey: ['portal', 'points'], queryFn: () => api.GET('/portal/points') });

export function useMyTickets() {
  return useInfiniteQuery({
    queryKey: ['portal', 'tickets'],
    queryFn: ({ pageParam }) => api.GET('/portal/tickets', { params: { query: { limit: 20, ...(pageParam ? { cursor: pageParam } : {}) } } }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export const useMyTicket = (id: string) => useQuery({ queryKey: ['portal', 'ticket', id], queryFn: () => api.GET('/portal/tickets/{ticketId}', { params: { path: { ticketId: id } } }) });

/** After a change to a ticket: its page and the list show the server's answer. */
function useTicketChange<I>(id: string, send: (input: I) => Promise<PortalTicketT>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (ticket) => {
      client.setQueryData(['portal', 'ticket', id], ticket);
      void client.invalidateQueries({ queryKey: ['portal', 'tickets'] });
    },
  });
}

export const useAnswerTicket = (id: string) => useTicketChange(id, (body: Body<'/portal/tickets/{ticketId}/messages'>) =>
  api.POST('/portal/tickets/{ticketId}/messages', { params: { path: { ticketId: id } }, body }));
export const useRateTicket = (id: string) => useTicketChange(id, (body: Body<'/portal/tickets/{ticketId}/rating'>) =>
  api.POST('/portal/tickets/{ticketId}/rating', { params: { path: { ticketId: id } }, body }));

export function useOpenTicket() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<'/portal/tickets'>) => api.POST('/portal/tickets', { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['portal', 'tickets'] }),
  });
}

export const useUploadPhoto = () => useMutation({ mutationFn: (file: File) => api.POST('/portal/attachments', { body: { file }, ...asForm }) });

export const photoHref = (attachmentId: string) => `/api/v1/portal/attachments/${encodeURIComponent(attachmentId)}`;

export const useMyConsents = () => useQuery({ queryKey: ['portal', 'consents'], queryFn: () => api.GET('/portal/consents') });
export function useSetConsent() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<'/portal/consents', 'put'>) => api.PUT('/portal/consents', { body }),
    onSuccess: (answer) => client.setQueryData(['portal', 'consents'], answer),
  });
}

export const useMyNoticeChannel = () => useQuery({ queryKey: ['portal', 'notice-channel'], queryFn: () => api.GET('/portal/notice-channel') });
export function useSetNoticeChannel() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<'/portal/notice-channel', 'put'>) => api.PUT('/portal/notice-channel', { body }),
    onSuccess: (answer) => client.setQueryData(['portal', 'notice-channel'], answer),
  });
}

export function useSetPassword() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<'/portal/me/password', 'put'>) => api.PUT('/portal/me/password', { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: me }),
  });
}
