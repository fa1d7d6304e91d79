import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { Answer, Body, ItemOf } from '../api/types.ts';

export type TemplateT = ItemOf<'/message-templates'>;
export type PreviewT = Answer<'/customers/{customerId}/messages/preview', 'post'>;
export type MessageT = ItemOf<'/customers/{customerId}/messages'>;
export type ConsentT = ItemOf<'/customers/{customerId}/consents'>;
export type MessageRequestBody = Body<'/customers/{customerId}/messages'>;
const onCustomer = (customerId: string) => ({ params: { path: { customerId } } });

export const useTemplates = () => useQuery({ queryKey: ['message-templates'], queryFn: () => api.GET('/message-templates').then((r) => r.items) });
export const useCustomerMessages = (customerId: string) =>
  useQuery({ queryKey: ['messages', customerId], queryFn: () => api.GET('/customers/{customerId}/messages', onCustomer(customerId)).then((r) => r.items) });
export const useConsents = (customerId: string) =>
  useQuery({ queryKey: ['consents', customerId], queryFn: () => api.GET('/customers/{customerId}/consents', onCustomer(customerId)).then((r) => r.items) });

export const previewMessage = (customerId: string, body: MessageRequestBody) => api.POST('/customers/{customerId}/messages/preview', { ...onCustomer(customerId), body });

export function useSendMessage(customerId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: MessageRequestBody) => api.POST('/customers/{customerId}/messages', { ...onCustomer(customerId), body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['messages', customerId] }),
  });
}

export function useSetConsent(customerId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: Body<'/customers/{customerId}/consents', 'put'>) => api.PUT('/customers/{customerId}/consents', { ...onCustomer(customerId), body: change }),
    onSuccess: (r) => client.setQueryData(['consents', customerId], r.items),
  });
}

export const useNoticeChannel = (customerId: string) =>
  useQuery({ queryKey: ['notice-channel', customerId], queryFn: () => api.GET('/customers/{customerId}/notice-channel', onCustomer(customerId)) });
export function useSetNoticeChannel(customerId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<'/customers/{customerId}/notice-channel', 'put'>) => api.PUT('/customers/{customerId}/notice-channel', { ...onCustomer(customerId), body }),
    onSuccess: (r) => client.setQueryData(['notice-channel', customerId], r),
  });
}

export function useCreateTemplate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<'/message-templates'>) => api.POST('/message-templates', { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['message-templates'] }),
  });
}
