import { z } from 'zod';
import { Bill, Payment, PointsEntry, Subscription } from './customers.ts';
import { Consent, MessageChannel } from './notifications.ts';
import { Password } from './org.ts';
import { defineEvents, event } from './event-kit.ts';
import { pageOf, pageQuery } from './page.ts';
import { TicketKind, TicketStatus } from './service.ts';

/**
 * 网上营业厅 — the customer's own portal: they sign in with their mobile number and a password, or
 * a one-time code sent to it, and see and do what concerns them only.
 */

/** A mobile number as the customer types it; the server reads it to E.164 and refuses what is no mobile. */
const phone = z.string().trim().min(1, 'Enter your mobile number.').max(40);

export const PortalCodeRequest = z.strictObject({ phone });
/** A code was sent, if the number is a customer's: the answer is the same either way. */
export const PortalCodeSent = z.object({ expiresInSeconds: z.number(), resendAfterSeconds: z.number() });

export const PortalSignIn = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('password'), phone, password: z.string().min(1, 'Enter your password.').max(200) }),
  z.strictObject({ method: z.literal('code'), phone, code: z.string().trim().regex(/^\d{6}$/, 'The code is the 6 digits in the SMS.') }),
]);

export const PortalPasswordSet = z.strictObject({
  /** Asked when the account has a password already. */
  currentPassword: z.string().min(1).max(200).optional(),
  newPassword: Password,
});

export const PortalMe = z.object({
  name: z.string(),
  number: z.string(),
  kind: z.enum(['individual', 'enterprise']),
  isKeyAccount: z.boolean(),
  phone: z.string(),
  hasPassword: z.boolean(),
  unitName: z.string(),
  accountManagerName: z.string().nullable(),
  /** What they owe and spend, over all their services. */
  figures: z.object({ monthlyFeeFen: z.number(), owedFen: z.number(), activeServices: z.number(), unpaidBills: z.number(), overdueBills: z.number(), points: z.number() }),
});

export const PortalServices = z.object({ items: z.array(Subscription.omit({ isMasked: true, customerId: true })) });
export const PortalBills = z.object({ bills: z.array(Bill), payments: z.array(Payment) });
/** 积分 as the customer sees it: staff's reasons for an adjustment are theirs, not shown. */
export const PortalPoints = z.object({ balance: z.number().int(), entries: z.array(PointsEntry.omit({ note: true })) });

/** What the customer may open: a fault on one of their services, a complaint, a question. */
export const PortalNewTicket = z.strictObject({
  kind: TicketKind,
  title: z.string().trim().min(1, 'Say in a few words what is wrong.').max(200),
  description: z.string().trim().max(5000).optional(),
  subscriptionId: z.uuid().optional(),
  /** Photos uploaded first (POST /portal/attachments). */
  attachmentIds: z.array(z.uuid()).max(5).default([]),
});

export const PortalTicketMessage = z.object({
  id: z.number(),
  /** `reply`: from the operator's service staff; `customer`: what the customer wrote. */
  from: z.enum(['staff', 'customer']),
  body: z.string(),
  attachmentIds: z.array(z.string()),
  createdAt: z.date(),
});

export const PortalTicket = z.object({
  id: z.string(),
  /** The first eight characters, as the notices quote it. */
  reference: z.string(),
  kind: TicketKind,
  title: z.string(),
  description: z.string().nullable(),
  status: TicketStatus,
  subscriptionId: z.string().nullable(),
  serviceNumber: z.string().nullable(),
  attachmentIds: z.array(z.string()),
  satisfaction: z.number().nullable(),
  satisfactionComment: z.string().nullable(),
  /** Set when this ticket was joined to another about the same thing: follow that one. */
  mergedIntoId: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  resolvedAt: z.date().nullable(),
  /** What the customer may do now. */
  canReply: z.boolean(),
  canRate: z.boolean(),
});
export const PortalTicketDetail = PortalTicket.extend({ messages: z.array(PortalTicketMessage) });
export const PortalTicketQuery = z.strictObject({}).extend(pageQuery({ limit: 20, maxLimit: 50 }).shape);
export const PortalTicketPage = pageOf(PortalTicket);

export const PortalTicketAnswer = z.strictObject({
  body: z.string().trim().min(1, 'Write something.').max(5000),
  attachmentIds: z.array(z.uuid()).max(5).default([]),
});

/** 满意度评价 — once, after the ticket was resolved. */
export const PortalRating = z.strictObject({
  score: z.number().int().min(1, 'From 1 to 5 stars.').max(5, 'From 1 to 5 stars.'),
  comment: z.string().trim().max(500).optional(),
});

export const PortalAttachment = z.object({ id: z.string(), fileName: z.string(), mediaType: z.string(), sizeBytes: z.number() });

export const PortalConsents = z.object({ items: z.array(Consent) });
export const PortalConsentChange = z.strictObject({ channel: MessageChannel, isGranted: z.boolean() });

// 网上营业厅 — the portal module's events.
export const portalEvents = defineEvents({
  'portal_account.created': event(z.looseObject({ customerId: z.string() })),
});
