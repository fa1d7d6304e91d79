import { z } from 'zod';
import { pageOf, pageQuery } from './page.ts';
import { Instant } from './time.ts';
import { TicketKind } from './service.ts';
import { defineEvents, event, row } from './event-kit.ts';

/**
 * 7×24 热线与投诉信箱 — the contact centre: calls the call centre logs (or staff log by hand) and
 * e-mails that arrive at the complaint mailbox, each on the matched customer's timeline and one
 * click from a ticket.
 */
export const CallDirection = z.enum(['inbound', 'outbound']);
/** How a call ended: settled on the line, a call back promised, put through, hung up before an answer, or a ticket taken. */
export const CallOutcome = z.enum(['resolved', 'callback', 'transferred', 'abandoned', 'ticket']);

// Printable text only: no control characters (NUL and friends are refused before this by the input guards).
const printable = (max: number) => z.string().max(max).regex(/^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/, 'Use printable characters only.');

/** A call as the call-centre system posts it (or a colleague types it in). */
export const NewHotlineCall = z.strictObject({
  /** The call centre's own id of the call: posting it again is answered with the call stored the first time. */
  callId: z.string().min(1, 'Give the call centre\'s id of the call.').max(100).regex(/^[A-Za-z0-9._:\-]+$/, 'Use letters, digits and . _ : - only.'),
  /** The number the call came from (or went to, outbound), as the switch gave it; matched to a customer in E.164. */
  number: z.string().min(3, 'Give the number called from.').max(40).regex(/^\+?[\d\s().\-]+$/, 'Use a phone number: digits, spaces, + ( ) . - only.'),
  direction: CallDirection,
  outcome: CallOutcome,
  startedAt: Instant,
  durationSeconds: z.number().int().min(0).max(86_400),
  /** The colleague who took the call, when the call centre knows them here. */
  agentId: z.uuid().optional(),
  /** The recording's file name or URL on the call centre's recorder (录音). */
  recording: printable(500).optional(),
  note: z.string().max(2000).optional(),
  /** The unit the call centre serves, when not the poster's own: one the poster sees. */
  unitId: z.uuid().optional(),
});
export type NewHotlineCall = z.infer<typeof NewHotlineCall>;

export const HotlineCall = z.object({
  id: z.string(),
  callId: z.string(),
  unitId: z.string(),
  customerId: z.string().nullable(),
  customerName: z.string().nullable(),
  number: z.string(),
  direction: CallDirection,
  outcome: CallOutcome,
  startedAt: z.date(),
  durationSeconds: z.number(),
  agentId: z.string().nullable(),
  agentName: z.string().nullable(),
  recording: z.string().nullable(),
  note: z.string().nullable(),
  ticketId: z.string().nullable(),
  createdAt: z.date(),
});
export const HotlineCallPage = pageOf(HotlineCall);
export const HotlineCallQuery = z.strictObject({ ...pageQuery({ limit: 20, maxLimit: 100 }).shape });

/** A file that came with a message: kept by its SHA-256 in the blob store, listed by name and size. */
export const MailAttachment = z.object({ index: z.number(), fileName: z.string(), mediaType: z.string(), sizeBytes: z.number() });

export const MailboxMessage = z.object({
  id: z.string(),
  messageId: z.string(),
  fromAddress: z.string(),
  subject: z.string(),
  /** Plain text only: an HTML message is turned into text when it arrives, never kept or shown as HTML. */
  text: z.string(),
  receivedAt: z.date(),
  unitId: z.string(),
  customerId: z.string().nullable(),
  customerName: z.string().nullable(),
  attachments: z.array(MailAttachment),
  ticketId: z.string().nullable(),
});
export const MailboxMessagePage = pageOf(MailboxMessage);
export const MailboxQuery = z.strictObject({ ...pageQuery({ limit: 20, maxLimit: 100 }).shape });

/** 一键转工单 — a ticket from a call or a message: a complaint unless said otherwise, titled from the contact unless given. */
export const TicketFromContact = z.strictObject({
  kind: TicketKind.default('complaint'),
  title: z.string().trim().min(1).max(200).optional(),
});
export const ContactTicket = z.object({ ticketId: z.string() });

// 热线与信箱 — the contact centre's events.
export const contactcentreEvents = defineEvents({
  'hotline.call_logged': event(row({ callId: z.string(), customerId: z.string().nullable() })),
  'hotline.ticket_made': event(row({ ticketId: z.string() })),
  'mailbox.message_received': event(row({ messageId: z.string(), customerId: z.string().nullable() })),
  'mailbox.ticket_made': event(row({ ticketId: z.string() })),
});
