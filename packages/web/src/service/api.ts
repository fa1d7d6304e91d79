import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { Answer, Body, Query } from '../api/types.ts';

export type TicketDetailT = Answer<'/tickets/{ticketId}'>;
export type TicketT = Answer<'/tickets'>['items'][number];
export type NewTicketBody = Body<'/tickets'>;
export type TicketFilter = Omit<Query<'/tickets'>, 'cursor'>;
export type TicketStatusT = TicketT['status'];
export type BulkBody = Body<'/tickets/bulk'>;

/** Every ticket query starts with 'tickets', so one change refreshes the queue, the ticket and the 360° card. */
const keys = { all: ['tickets'] as const };

export function useTicketPages(filter: TicketFilter) {
  return useInfiniteQuery({
    queryKey: ['tickets', 'list', filter],
    queryFn: ({ pageParam }) => api.GET('/tickets', { params: { query: { ...filter, cursor: pageParam } } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export const useTicket = (id: string) =>
  useQuery({ queryKey: ['tickets', 'one', id], queryFn: () => api.GET('/tickets/{ticketId}', { params: { path: { ticketId: id } } }) });

function useChanged() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: keys.all });
}

export function useOpenTicket() {
  const changed = useChanged();
  return useMutation({ mutationFn: (body: NewTicketBody) => api.POST('/tickets', { body }), onSuccess: () => changed() });
}
export function useStepTicket(id: string) {
  const changed = useChanged();
  return useMutation({ mutationFn: (to: TicketStatusT) => api.POST('/tickets/{ticketId}/steps', { params: { path: { ticketId: id } }, body: { to } }), onSuccess: () => changed() });
}
export function useChangeTicket(id: string) {
  const changed = useChanged();
  return useMutation({ mutationFn: (body: Body<'/tickets/{ticketId}', 'patch'>) => api.PATCH('/tickets/{ticketId}', { params: { path: { ticketId: id } }, body }), onSuccess: () => changed() });
}
export function useAddMessage(id: string) {
  const changed = useChanged();
  return useMutation({ mutationFn: (body: Body<'/tickets/{ticketId}/messages'>) => api.POST('/tickets/{ticketId}/messages', { params: { path: { ticketId: id } }, body }), onSuccess: () => changed() });
}
export function useMergeTicket(id: string) {
  const changed = useChanged();
  return useMutation({ mutationFn: (duplicateId: string) => api.POST('/tickets/{ticketId}/merge', { params: { path: { ticketId: id } }, body: { duplicateId } }), onSuccess: () => changed() });
}
export function useBulkTickets() {
  const changed = useChanged();
  return useMutation({ mutationFn: (body: BulkBody) => api.POST('/tickets/bulk', { body }), onSuccess: () => changed() });
}

/** A customer's services (业务), for the ticket's "service concerned". */
export const useCustomerServices = (customerId: string | undefined) => useQuery({
  queryKey: ['customer-services', customerId], enabled: Boolean(customerId), staleTime: 60_000,
  queryFn: () => api.GET('/customers/{customerId}/subscriptions', { params: { path: { customerId: customerId! } } }).then((r) => r.items),
});

export type SlaPolicyT = Answer<'/service/sla-policies'>['items'][number];
export type SlaPolicyBody = Body<'/service/sla-policies', 'put'>['policies'][number];
export type CalendarYearT = Answer<'/service/calendar'>;
export type CalendarDayBody = Body<'/service/calendar', 'put'>['days'][number];

/** 服务时限与工作日历 — the terms every ticket is worked to; a change may move any ticket's due times. */
const termKeys = ['service-terms'] as const;
export const useSlaPolicies = () => useQuery({ queryKey: [...termKeys, 'policies'], queryFn: () => api.GET('/service/sla-policies').then((r) => r.items) });
export const useCalendarYear = (year: number) => useQuery({ queryKey: [...termKeys, 'calendar', year], queryFn: () => api.GET('/service/calendar', { params: { query: { year } } }) });

function useTermsChanged() {
  const client = useQueryClient();
  return () => Promise.all([client.invalidateQueries({ queryKey: termKeys }), client.invalidateQueries({ queryKey: keys.all })]);
}
export function useSetSlaPolicies() {
  const changed = useTermsChanged();
  return useMutation({ mutationFn: (policies: SlaPolicyBody[]) => api.PUT('/service/sla-policies', { body: { policies } }), onSuccess: () => changed() });
}
export function useSetCalendarYear() {
  const changed = useTermsChanged();
  return useMutation({ mutationFn: (body: Body<'/service/calendar', 'put'>) => api.PUT('/service/calendar', { body }), onSuccess: () => changed() });
}
export function useSetWorkingHours() {
  const changed = useTermsChanged();
  return useMutation({ mutationFn: (body: Body<'/service/working-hours', 'put'>) => api.PUT('/service/working-hours', { body }), onSuccess: () => changed() });
}

export type ServiceStatsT = Answer<'/service/stats'>;
export type ServiceStatsGroupT = ServiceStatsT['groups'][number];
export type ServiceStatsQueryT = Query<'/service/stats'>;

/** 服务统计 — under 'tickets', so a change to any ticket refreshes the figures too. */
export const useServiceStats = (query: ServiceStatsQueryT) => useQuery({
  queryKey: ['tickets', 'stats', query], placeholderData: keepPreviousData,
  queryFn: () => api.GET('/service/stats', { params: { query } }),
});

export type ServiceContractT = Answer<'/customers/{customerId}/service-contract'>;
export type ContractTermBody = Body<'/customers/{customerId}/service-contract', 'put'>['policies'][number];

/** 服务合同 — one customer's own terms, under the terms' key: saving them reads the terms and tickets again, as the general terms do. */
export const useServiceContract = (customerId: string) => useQuery({
  queryKey: [...termKeys, 'contract', customerId],
  queryFn: () => api.GET('/customers/{customerId}/service-contract', { params: { path: { customerId } } }),
});
export function useSetServiceContract(customerId: string) {
  const changed = useTermsChanged();
  return useMutation({
    mutationFn: (policies: ContractTermBody[]) => api.PUT('/customers/{customerId}/service-contract', { params: { path: { customerId } }, body: { policies } }),
    onSuccess: () => changed(),
  });
}
