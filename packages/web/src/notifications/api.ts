import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Consent, ConsentChange, MessagePreview, MessageRequest, NewTemplate, OutboundMessage, Template } from '@xiang/shared';
import type { z } from 'zod';
import { get, post, api, type WireOf } from '../api/client.ts';

export type TemplateT = WireOf<typeof Template>;
export type PreviewT = WireOf<typeof MessagePreview>;
export type MessageT = WireOf<typeof OutboundMessage>;
export type ConsentT = WireOf<typeof Consent>;
export type MessageRequestBody = z.input<typeof MessageRequest>;

export const useTemplates = () => useQuery({ queryKey: ['message-templates'], queryFn: () => get<{ items: TemplateT[] }>('/message-templates').then((r) => r.items) });
export const useCustomerMessages = (customerId: string) =>
  useQuery({ queryKey: ['messages', customerId], queryFn: () => get<{ items: MessageT[] }>(`/customers/${customerId}/messages`).then((r) => r.items) });
export const useConsents = (customerId: string) =>
  useQuery({ queryKey: ['consents', customerId], queryFn: () => get<{ items: ConsentT[] }>(`/customers/${customerId}/consents`).then((r) => r.items) });

export const previewMessage = (customerId: string, body: MessageRequestBody) => post<PreviewT>(`/customers/${customerId}/messages/preview`, body);

export function useSendMessage(customerId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: MessageRequestBody) => post<MessageT>(`/customers/${customerId}/messages`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['messages', customerId] }),
  });
}

export function useSetConsent(customerId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: z.input<typeof ConsentChange>) => api<{ items: ConsentT[] }>('PUT', `/customers/${customerId}/consents`, { body: change }),
    onSuccess: (r) => client.setQueryData(['consents', customerId], r.items),
  });
}

export function useCreateTemplate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof NewTemplate>) => post<TemplateT>('/message-templates', body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['message-templates'] }),
  });
}
