import { z } from 'zod';
import { changeOf } from './change.ts';
import { pageOf, pageQuery } from './page.ts';
import { Channel } from './timeline.ts';
import { changedFields, defineEvents, event, uuid } from './event-kit.ts';
import { CalendarDate } from './time.ts';

/**
 * 工单 — a service ticket: a fault report (故障申报), a complaint (投诉) or an inquiry (咨询) from a
 * customer, worked through a fixed workflow by the customer's unit, against the due times of
 * the SLA policy that applies (服务时限).
 */
export const TicketKind = z.enum(['fault', 'complaint', 'inquiry']);
export const TicketPriority = z.enum(['low', 'normal', 'high', 'urgent']);
export const TicketStatus = z.enum(['new', 'assigned', 'in_progress', 'waiting_on_customer', 'resolved', 'closed']);
export type TicketStatus = z.infer<typeof TicketStatus>;

/**
 * 工单流程 — the steps the server allows from each status. Resolving straight from in progress is
 * allowed (most tickets never wait on the customer); reopening goes back to in progress.
 * A ticket merged into another is closed for good: no step leads out of it.
 */
export const ticketSteps: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['assigned'],
  assigned: ['in_progress'],
  in_progress: ['waiting_on_customer', 'resolved'],
  waiting_on_customer: ['in_progress', 'resolved'],
  resolved: ['closed', 'in_progress'],
  closed: ['in_progress'],
};
/** The statuses still being worked on: the queue's default. */
export const openTicketStatuses = ['new', 'assigned', 'in_progress', 'waiting_on_customer'] as const satisfies readonly TicketStatus[];

/** Where a ticket stands against its SLA. */
export const SlaStanding = z.enum(['on_track', 'at_risk', 'breached', 'paused', 'met']);

const title = z.string().trim().min(1, 'Write what the ticket is about.').max(200);
const description = z.string().trim().max(5000);
/** Free text, bounded: categories differ by unit and product and are not a fixed list yet. */
const category = z.string().trim().min(1).max(60);

export const Ticket = z.object({
  id: z.string(),
  kind: TicketKind,
  title: z.string(),
  description: z.string().nullable(),
  category: z.string().nullable(),
  priority: TicketPriority,
  channel: Channel,
  status: TicketStatus,
  customerId: z.string(),
  customerName: z.string().nullable(),
  customerNumber: z.string().nullable(),
  subscriptionId: z.string().nullable(),
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  /** The colleague who took it; null when the customer opened it in the portal. */
  createdById: z.string().nullable(),
  createdByName: z.string().nullable(),
  /** Set when this ticket was merged into another as its duplicate. */
  mergedIntoId: z.string().nullable(),
  /** The SLA policy whose terms the due times follow; null where none applies. */
  slaPolicyId: z.string().nullable(),
  firstResponseDueAt: z.date().nullable(),
  firstRespondedAt: z.date().nullable(),
  /** Due once the customer has answered a ticket that waited on them. */
  nextResponseDueAt: z.date().nullable(),
  resolutionDueAt: z.date().nullable(),
  /** Since when the clock has stood still (waiting on the customer, resolved or closed). */
  slaPausedAt: z.date().nullable(),
  slaStanding: SlaStanding.nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  resolvedAt: z.date().nullable(),
  closedAt: z.date().nullable(),
  /** Files the customer sent with it. */
  attachmentIds: z.array(z.string()),
  /** 满意度 — the customer's rating of the resolution (1–5), once they gave it. */
  satisfaction: z.number().nullable(),
  satisfactionComment: z.string().nullable(),
  ratedAt: z.date().nullable(),
  /** The steps the workflow allows from here, for the buttons the console offers. */
  allowedSteps: z.array(TicketStatus),
});
export type Ticket = z.infer<typeof Ticket>;

export const TicketHistoryEntry = z.object({
  id: z.number(),
  ticketId: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  at: z.date(),
  /** What changed: opened, status, assignee, priority, fields, merged_into, merged_from. */
  change: z.string(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});

/** A colleague's internal note, a reply to the customer, or what the customer wrote in the portal. */
export const TicketMessageKind = z.enum(['note', 'reply', 'customer']);
export const TicketMessage = z.object({
  id: z.number(),
  ticketId: z.string(),
  /** The ticket it was written on, when it came over from a merged duplicate. */
  fromTicketId: z.string().nullable(),
  kind: TicketMessageKind,
  body: z.string(),
  attachmentIds: z.array(z.string()),
  authorId: z.string().nullable(),
  authorName: z.string().nullable(),
  createdAt: z.date(),
});

export const TicketDetail = Ticket.extend({
  history: z.array(TicketHistoryEntry),
  messages: z.array(TicketMessage),
  /** Tickets merged into this one as duplicates. */
  duplicates: z.array(z.object({ id: z.string(), title: z.string() })),
  /** The SLA terms the ticket is timed by: a general policy, or the customer's service contract (服务合同). */
  slaPolicy: z.object({ name: z.string(), isContract: z.boolean() }).nullable(),
});

export const NewTicket = z.strictObject({
  kind: TicketKind,
  title,
  description: description.optional(),
  category: category.optional(),
  /** Key accounts' tickets are urgent when left out; others normal. */
  priority: TicketPriority.optional(),
  channel: Channel.default('staff'),
  customerId: z.uuid(),
  subscriptionId: z.uuid().optional(),
  assigneeId: z.uuid().optional(),
});

export const TicketChange = changeOf({
  title,
  description: description.nullable(),
  category: category.nullable(),
  priority: TicketPriority,
  subscriptionId: z.uuid().nullable(),
  /** Giving a new ticket to someone moves it to assigned. */
  assigneeId: z.uuid(),
});

export const TicketStep = z.strictObject({ to: TicketStatus, assigneeId: z.uuid().optional() });
export const NewTicketMessage = z.strictObject({ kind: z.enum(['note', 'reply']), body: z.string().trim().min(1, 'Write something.').max(5000) });
export const TicketMerge = z.strictObject({ duplicateId: z.uuid() });

export const TicketBulk = z.strictObject({
  ids: z.array(z.uuid()).min(1).max(200),
  action: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('assign'), assigneeId: z.uuid() }),
    z.strictObject({ kind: z.literal('priority'), priority: TicketPriority }),
    z.strictObject({ kind: z.literal('close') }),
  ]),
});
export const TicketBulkResult = z.object({ changed: z.array(z.string()) });

export const TicketQuery = z.strictObject({
  /** A status, `open` (every status still worked on) or `all`. */
  status: z.enum([...TicketStatus.options, 'open', 'all']).default('open'),
  kind: TicketKind.optional(),
  priority: TicketPriority.optional(),
  assignee: z.union([z.literal('me'), z.literal('none'), z.uuid()]).optional(),
  customerId: z.uuid().optional(),
  /** One service's tickets (a number, a broadband line): its service history. */
  subscriptionId: z.uuid().optional(),
  /** Words of the title or the description. */
  q: z.string().trim().min(1).max(100).optional(),
  /** Newest first, or soonest due first: only tickets whose SLA clock runs, by what it waits for next. */
  sort: z.enum(['newest', 'due']).default('newest'),
}).extend(pageQuery({ limit: 20, maxLimit: 100 }).shape);
export const TicketPage = pageOf(Ticket);

const opened = z.looseObject({ kind: TicketKind, title: z.string(), customerId: uuid, priority: TicketPriority, status: z.enum(['new', 'assigned']) });
const stepped = z.looseObject({ status: TicketStatus });

// 工单 — the service module's events.
export const serviceEvents = defineEvents({
  'ticket.opened': event(opened),
  'ticket.changed': event(changedFields),
  'ticket.status_changed': event(stepped),
  'ticket.resolved': event(stepped),
  'ticket.closed': event(stepped),
  'ticket.reopened': event(stepped),
  'ticket.merged': event(z.looseObject({ mergedIntoId: uuid })),
  'ticket.message_added': event(z.looseObject({ kind: TicketMessageKind })),
  /** 满意度 — the customer rated the resolution. */
  'ticket.rated': event(z.looseObject({ score: z.number() })),
});

/** Minutes of a target: at least one, at most a year. */
const minutes = z.number().int().min(1, 'At least one minute.').max(525_600, 'At most a year.');

export const SlaClock = z.enum(['business', 'around_the_clock']);

/**
 * 服务时限 — the terms a ticket of a priority is answered and resolved on, for every customer,
 * a tier's, a product's, or one customer's (their service contract). The most specific active one applies.
 */
export const SlaPolicy = z.object({
  id: z.string(),
  name: z.string(),
  priority: TicketPriority,
  customerTier: z.enum(['key', 'regular']).nullable(),
  productId: z.string().nullable(),
  productName: z.string().nullable(),
  firstResponseMinutes: z.number(),
  nextResponseMinutes: z.number(),
  resolutionMinutes: z.number(),
  clock: SlaClock,
  isActive: z.boolean(),
  updatedAt: z.date(),
});
export const SlaPolicyList = z.object({ items: z.array(SlaPolicy) });

export const SlaPolicyInput = z.strictObject({
  name: z.string().trim().min(1).max(60),
  priority: TicketPriority,
  customerTier: z.enum(['key', 'regular']).nullable().default(null),
  productId: z.uuid().nullable().default(null),
  firstResponseMinutes: minutes,
  nextResponseMinutes: minutes,
  resolutionMinutes: minutes,
  clock: SlaClock,
}).refine((p) => p.firstResponseMinutes <= p.resolutionMinutes, { message: 'The first response is due before the resolution, or with it.', path: ['firstResponseMinutes'] });

/** Every policy at once: one for each priority and reach; a reach left out is switched off. */
export const SlaPoliciesInput = z.strictObject({ policies: z.array(SlaPolicyInput).max(200) });

/**
 * 服务合同 — the terms agreed with one customer, per priority, for all their services or one
 * product's. They come before every general policy.
 */
export const ServiceContractTermInput = z.strictObject({
  priority: TicketPriority,
  productId: z.uuid().nullable().default(null),
  firstResponseMinutes: minutes,
  nextResponseMinutes: minutes,
  resolutionMinutes: minutes,
  clock: SlaClock,
  /** Kept on file but not applied (a contract suspended), when false. */
  isActive: z.boolean().default(true),
}).refine((p) => p.firstResponseMinutes <= p.resolutionMinutes, { message: 'The first response is due before the resolution, or with it.', path: ['firstResponseMinutes'] });

/** A customer's whole contract at once: a term left out is removed; an empty list ends the contract. */
export const ServiceContractInput = z.strictObject({ policies: z.array(ServiceContractTermInput).max(40) });

export const ServiceContract = z.object({ customerId: z.string(), items: z.array(SlaPolicy) });

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'A time of day as HH:MM, such as 09:00.');

/** 工作时间 — when the business clock runs on a working day, and which weekdays are worked. */
export const WorkingHours = z.strictObject({
  opensAt: clockTime,
  closesAt: clockTime,
  /** ISO weekdays: 1 = Monday … 7 = Sunday. */
  weekdays: z.array(z.number().int().min(1).max(7)).min(1, 'Choose at least one working weekday.').max(7),
}).refine((h) => h.opensAt < h.closesAt, { message: 'The working day closes after it opens.', path: ['closesAt'] });

export const CalendarDayKind = z.enum(['holiday', 'workday']);
const calendarDay = z.strictObject({
  day: CalendarDate,
  kind: CalendarDayKind,
  name: z.string().trim().min(1).max(40),
});

/** 节假日与调休 — one year's days off and make-up working days; `isPublished` when they are the State Council's, not set here. */
export const CalendarYear = z.object({
  year: z.number(),
  isPublished: z.boolean(),
  hours: z.object({ opensAt: z.string(), closesAt: z.string(), weekdays: z.array(z.number()) }),
  days: z.array(z.object({ day: z.string(), kind: CalendarDayKind, name: z.string() })),
});
export const CalendarQuery = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) });
/** A year's days as the operator keeps them; an empty list goes back to the published calendar. */
export const CalendarYearInput = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  days: z.array(calendarDay).max(366),
});
