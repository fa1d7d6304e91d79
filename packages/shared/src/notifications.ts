import { z } from 'zod';
import { defineEvents, event, uuid } from './event-kit.ts';

/** 消息 — e-mail and SMS to customers: service messages to anyone, promotional ones with consent. */
export const MessageChannel = z.enum(['email', 'sms']);
export const MessageKind = z.enum(['service', 'promotional']);
export const MessageLanguage = z.enum(['zh-CN', 'en']);
export const MessageStatus = z.enum(['queued', 'sent', 'failed', 'bounced']);

const text = (max: number) => z.string().trim().min(1, 'Write the text.').max(max);
const TemplateText = z.strictObject({ subject: text(200).optional(), body: text(2000) });

export const NewTemplate = z.strictObject({
  name: z.string().trim().min(1, 'A name is required.').max(100),
  channel: MessageChannel,
  kind: MessageKind,
  /** Both languages: a customer is written to in the language chosen when sending. */
  texts: z.strictObject({ 'zh-CN': TemplateText, en: TemplateText }),
  /** Owned by this unit and shared below it; the caller's own unit when left out. */
  unitId: z.uuid().optional(),
});

export const Template = z.object({
  id: z.string(), unitId: z.string(), name: z.string(), channel: MessageChannel, kind: MessageKind,
  texts: z.record(MessageLanguage, z.object({ subject: z.string().optional(), body: z.string() })),
  createdAt: z.date(), updatedAt: z.date(),
});

export const MessageRequest = z.strictObject({
  templateId: z.uuid(),
  language: MessageLanguage.default('zh-CN'),
});

/** What a message to this customer would be, and why it could not go, before anything is sent. */
export const MessagePreview = z.object({
  channel: MessageChannel, kind: MessageKind, language: MessageLanguage,
  to: z.string().nullable(), subject: z.string().nullable(), body: z.string(),
  /** SMS parts the text costs (70 characters each with Chinese in it). */
  smsParts: z.number().nullable(),
  /** When it would go: now, or after quiet hours. */
  sendAfter: z.date(),
  /** Reasons it cannot be sent, in the request's language; empty when it can. */
  refusals: z.array(z.object({ code: z.string(), message: z.string() })),
});

export const OutboundMessage = z.object({
  id: z.string(), customerId: z.string(), channel: MessageChannel, kind: MessageKind, language: MessageLanguage,
  templateId: z.string().nullable(), toAddress: z.string(), subject: z.string().nullable(), body: z.string(),
  status: MessageStatus, sendAfter: z.date(), attempts: z.number(), error: z.string().nullable(),
  createdAt: z.date(), sentAt: z.date().nullable(),
});

export const Consent = z.object({ channel: MessageChannel, isGranted: z.boolean(), source: z.string(), changedAt: z.date() });
/**
 * 通知方式 — the channel the customer chose for news of their tickets and services (null: none
 * chosen, so e-mail where there is an address, else SMS), and the channels they can be reached on.
 */
export const NoticeChannel = z.object({
  channel: MessageChannel.nullable(),
  reachableBy: z.array(MessageChannel),
  source: z.string().nullable(),
  changedAt: z.date().nullable(),
});
export const NoticeChannelChange = z.strictObject({ channel: MessageChannel.nullable() });

export const ConsentChange = z.strictObject({
  channel: MessageChannel,
  isGranted: z.boolean(),
  /** How the customer said so: on the phone to staff, in the store, on paper. */
  source: z.enum(['staff_phone', 'staff_store', 'paper_form', 'portal', 'import', 'web_form']).default('staff_phone'),
});

// 通知 — templates, messages out and consent.
export const notificationEvents = defineEvents({
  'message_template.created': event(z.object({ name: z.string(), channel: z.enum(['email', 'sms']), kind: z.enum(['service', 'promotional']) })),
  'message.queued': event(z.looseObject({ customerId: uuid, channel: z.enum(['email', 'sms']), kind: z.enum(['service', 'promotional']), templateId: uuid.nullable() })),
  'consent.changed': event(z.object({ channel: z.enum(['email', 'sms']), isGranted: z.boolean(), source: z.string() })),
  'notice_channel.changed': event(z.object({ channel: z.enum(['email', 'sms']).nullable(), source: z.string() })),
});
