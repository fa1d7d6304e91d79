import { z } from 'zod';
import { CalendarDate, Instant } from './time.ts';
import { changeOf } from './change.ts';
import { pageOf, pageQuery } from './page.ts';
import { changedFields, defineEvents, event, row, uuid } from './event-kit.ts';

export const CustomerKind = z.enum(['individual', 'enterprise']);
export const CustomerTier = z.enum(['key', 'regular']);
export const CustomerStatus = z.enum(['active', 'archived', 'merged']);
/** How the outside world names a customer; credit_code is an enterprise's 统一社会信用代码 (GB 32100). */
export const IdentityKind = z.enum(['phone', 'email', 'id_number', 'credit_code', 'member_id', 'cookie_id', 'wechat']);
export type IdentityKind = z.infer<typeof IdentityKind>;

const IsoDate = CalendarDate;
const Tags = z.array(z.string().trim().min(1).max(30)).max(20);
const Attributes = z.record(z.string().max(60), z.union([z.string().max(500), z.number(), z.boolean(), z.null()]))
  .refine((a) => Object.keys(a).length <= 50, 'At most 50 custom attributes.');

export const Customer = z.object({
  id: z.string(),
  number: z.string(),
  kind: CustomerKind,
  name: z.string(),
  tier: CustomerTier,
  status: CustomerStatus,
  unitId: z.string(),
  unitName: z.string().optional(),
  /** The unit's name for the English console, where it has one. */
  unitNameEn: z.string().nullable().optional(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable().optional(),
  gender: z.enum(['male', 'female']).nullable(),
  birthDate: z.string().nullable(),
  /** 入网日期 — when the customer first became a customer (may predate this system). */
  customerSince: z.string().nullable(),
  industry: z.string().nullable(),
  address: z.string().nullable(),
  note: z.string().nullable(),
  tags: z.array(z.string()),
  attributes: z.record(z.string(), z.unknown()),
  mergedIntoId: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  archivedAt: z.date().nullable(),
});
export type Customer = z.infer<typeof Customer>;

export const NewIdentity = z.object({
  kind: IdentityKind,
  value: z.string().trim().min(1).max(200),
});

/** What a customer is, as staff write it; no defaults here, so a change never fills in what it does not name. */
const customerFacts = {
  kind: CustomerKind,
  name: z.string().trim().min(1, 'A name is required.').max(200),
  tier: CustomerTier,
  gender: z.enum(['male', 'female']).nullable(),
  birthDate: IsoDate.nullable(),
  customerSince: IsoDate.nullable(),
  industry: z.string().trim().max(100).nullable(),
  address: z.string().trim().max(300).nullable(),
  note: z.string().trim().max(2000).nullable(),
  tags: Tags,
  attributes: Attributes,
};

export const NewCustomer = z.object({
  ...customerFacts,
  kind: customerFacts.kind.default('individual'),
  tier: customerFacts.tier.default('regular'),
  unitId: z.uuid().optional(),
  ownerId: z.uuid().nullable().optional(),
  gender: customerFacts.gender.optional(),
  birthDate: customerFacts.birthDate.optional(),
  customerSince: customerFacts.customerSince.optional(),
  industry: customerFacts.industry.optional(),
  address: customerFacts.address.optional(),
  note: customerFacts.note.optional(),
  tags: customerFacts.tags.optional(),
  attributes: customerFacts.attributes.optional(),
  identities: z.array(NewIdentity).max(20).optional(),
});
export type NewCustomer = z.input<typeof NewCustomer>;

/**
 * 修改客户 — a partial update changes exactly the fields it names. A field it cannot change
 * (owner and unit: reassignment; identities: their own calls) is refused, not silently ignored.
 */
export const CustomerChange = changeOf(customerFacts);

export const Reassignment = z.object({
  customerIds: z.array(z.uuid()).min(1).max(10_000),
  ownerId: z.uuid().nullable().optional(),
  unitId: z.uuid().optional(),
}).refine((r) => r.ownerId !== undefined || r.unitId !== undefined, { message: 'Give a new owner, a new unit, or both.', path: ['ownerId'] });

export const CustomerListQuery = z.object({
  q: z.string().trim().max(100).optional(),
  unitId: z.uuid().optional(),
  /** An account manager's id, or "me" for the caller's own customers. */
  ownerId: z.union([z.uuid(), z.literal('me')]).optional(),
  tier: CustomerTier.optional(),
  kind: CustomerKind.optional(),
  status: CustomerStatus.default('active'),
  tag: z.string().max(30).optional(),
  createdFrom: Instant.optional(),
  createdTo: Instant.optional(),
  /** 入网日期 from / to, inclusive calendar dates; an impossible date or an end before the start is refused. */
  customerSinceFrom: CalendarDate.optional(),
  customerSinceTo: CalendarDate.optional(),
  sort: z.enum(['createdAt', '-createdAt', 'name', '-name']).default('-createdAt'),
  // A name-sorted page's cursor holds the name's sort key.
  ...pageQuery({ limit: 20, maxLimit: 200 }).shape,
});
export type CustomerListQuery = z.input<typeof CustomerListQuery>;

/** A row of the customer list: the customer, its first phone (masked), and in a search, the identity that matched (masked). */
export const CustomerListItem = Customer.extend({
  phone: z.string().nullable(),
  matched: z.object({ kind: IdentityKind, value: z.string() }).nullable().optional(),
});

export const CustomerPage = pageOf(CustomerListItem);

/** 共 1,234 / 约 3,200 — the list's total: exact where counting is cheap, else the planner's estimate, flagged. */
export const CustomerCount = z.object({ total: z.number().int(), isEstimate: z.boolean() });

export const Contact = z.object({
  id: z.string(),
  customerId: z.string(),
  name: z.string(),
  title: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  isDecisionMaker: z.boolean(),
  note: z.string().nullable(),
  archivedAt: z.date().nullable(),
  /** The phone is shown masked (138****5678); a role allowed to reveals it with POST …/reveal. */
  isMasked: z.boolean(),
});
export const NewContact = z.object({
  name: z.string().trim().min(1).max(100),
  title: z.string().trim().max(100).nullable().optional(),
  phone: z.string().trim().max(40).nullable().optional(),
  email: z.email().nullable().optional(),
  isDecisionMaker: z.boolean().default(false),
  note: z.string().trim().max(2000).nullable().optional(),
});

export const Identity = z.object({
  id: z.string(),
  kind: IdentityKind,
  value: z.string(),
  isPrimary: z.boolean(),
  source: z.string(),
  createdAt: z.date(),
  /** The value is shown masked (138****5678, 4301**********123X); a role allowed to reveals it with POST …/reveal. */
  isMasked: z.boolean(),
});

/** One personal value shown in full, on an explicit and audited request. */
export const RevealedValue = z.object({ value: z.string() });

export const Product = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  category: z.enum(['mobile', 'broadband', 'iptv', 'fixed_line', 'value_added']),
  monthlyFeeFen: z.number(),
});

export const Subscription = z.object({
  id: z.string(),
  customerId: z.string(),
  productId: z.string(),
  productName: z.string(),
  category: z.string(),
  serviceNumber: z.string(),
  /** The number is masked (PIPL); the full one is shown by an audited reveal. */
  isMasked: z.boolean(),
  status: z.enum(['active', 'suspended', 'terminated']),
  startDate: z.string(),
  endDate: z.string().nullable(),
  monthlyFeeFen: z.number(),
});
export const NewSubscription = z.object({
  productId: z.uuid(),
  serviceNumber: z.string().trim().min(1).max(40),
  startDate: IsoDate,
  endDate: IsoDate.nullable().optional(),
  monthlyFeeFen: z.number().int().min(0).optional(),
});

export const Bill = z.object({
  id: z.string(),
  period: z.string(),
  amountFen: z.number(),
  paidFen: z.number(),
  dueDate: z.string(),
  status: z.enum(['open', 'paid', 'overdue']),
});
export const Payment = z.object({
  id: z.string(),
  billId: z.string().nullable(),
  amountFen: z.number(),
  method: z.string(),
  paidAt: z.date(),
});

/** 积分 — one entry of the customer's points ledger. */
export const PointsEntry = z.object({
  id: z.string(),
  points: z.number().int(),
  reason: z.enum(['bill_paid', 'redeemed', 'adjusted', 'expired']),
  billId: z.string().nullable(),
  /** The paid bill's month (YYYY-MM), for an entry a bill earned. */
  billPeriod: z.string().nullable(),
  note: z.string().nullable(),
  occurredAt: z.date(),
});
export const Points = z.object({ balance: z.number().int(), entries: z.array(PointsEntry) });
export const PointsAdjustment = z.strictObject({
  points: z.number().int('Points are whole numbers.').min(-1_000_000).max(1_000_000).refine((n) => n !== 0, 'An adjustment adds or takes away at least one point.'),
  note: z.string().trim().min(1, 'Say why the points change.').max(500),
});

export const MergeRequest = z.object({
  survivorId: z.uuid(),
  mergedId: z.uuid(),
  /** Fields whose value the survivor takes from the merged customer. */
  takeFromMerged: z.array(z.enum(['name', 'tier', 'gender', 'birthDate', 'industry', 'address', 'note', 'ownerId'])).default([]),
}).refine((m) => m.survivorId !== m.mergedId, { message: 'A customer cannot be merged into itself.', path: ['mergedId'] });

export const SubscriptionChange = changeOf({
  status: z.enum(['active', 'suspended', 'terminated']),
  endDate: IsoDate.nullable(),
  monthlyFeeFen: z.number().int().min(0),
});

export const NewPayment = z.object({
  billId: z.uuid(),
  amountFen: z.number().int().positive('A payment is more than zero.'),
  method: z.enum(['cash', 'bank', 'alipay', 'wechat', 'card', 'recharge_card']),
  paidAt: Instant.optional(),
});

export const NewProduct = z.object({
  code: z.string().trim().min(1).max(40).regex(/^[A-Za-z0-9_-]+$/, 'Use letters, digits, - and _ only.'),
  name: z.string().trim().min(1).max(100),
  category: z.enum(['mobile', 'broadband', 'iptv', 'fixed_line', 'value_added']),
  monthlyFeeFen: z.number().int().min(0),
});

// 客户 — the customer core's events (subscriptions and bills included).
export const customerEvents = defineEvents({
  'customer.created': event(row({ name: z.string(), unitId: uuid, identities: z.array(z.looseObject({ kind: z.string() })) })),
  'customer.updated': event(changedFields),
  'customer.archived': event(z.object({ status: z.string() })),
  'customer.restored': event(z.object({ status: z.string() })),
  'customer.reassigned': event(z.object({ unitId: uuid, ownerId: uuid.nullable() })),
  'customer.merged': event(z.object({ mergeId: uuid, moved: z.record(z.string(), z.unknown()) })),
  'identity.added': event(z.object({ kind: z.string(), value: z.string() })),
  'identity.removed': event(z.object({})),
  'contact.added': event(row({ customerId: uuid, name: z.string() })),
  'contact.archived': event(row({ customerId: uuid })),
});

// 业务与账单 — the subscriptions module's events: products, services, payments.
export const subscriptionEvents = defineEvents({
  'product.created': event(row({ name: z.string() })),
  'subscription.added': event(row({ customerId: uuid, productId: uuid })),
  'subscription.changed': event(changedFields),
  'payment.recorded': event(row({ customerId: uuid, amountFen: z.number().int() })),
  'points.adjusted': event(z.looseObject({ balance: z.number().int(), points: z.number().int() })),
});
