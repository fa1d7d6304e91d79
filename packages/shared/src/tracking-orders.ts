import { z } from 'zod';
import { pageOf, pageQuery } from './page.ts';
import { Instant } from './time.ts';

/**
 * 网上注册 and 网上订单 — what a site's own server tells the CRM about a person who registered or
 * ordered on it, server to server with an API token (the browser is never trusted for who someone
 * is). Either finds the customer by phone, e-mail or member id or creates one in the site's unit,
 * and links the visitor, so the earlier visits join the customer's timeline.
 */

/** Money in fen (分), whole numbers only: a yuan amount in floating point would not add up. */
const fen = z.number().int('Amounts are whole fen: 12.50 yuan is 1250.').min(0).max(100_000_000_00);
const clientId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'An id of 8 to 64 letters, digits, _ or -.');

/** The currencies an order may be in; CNY when left out. */
export const OrderCurrency = z.enum(['CNY', 'HKD', 'MOP', 'USD']);
/** 支付方式 — how the customer pays. */
export const PaymentMethod = z.enum(['alipay', 'wechat_pay', 'unionpay', 'bank_card', 'cash_on_delivery', 'points', 'other']);
export type PaymentMethod = z.infer<typeof PaymentMethod>;

/** Who the order or registration is for, as the site knows them: at least one of phone, e-mail or member id. */
export const SitePerson = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  phone: z.string().trim().min(1).max(40).optional(),
  email: z.string().trim().min(1).max(200).optional(),
  /** The site's own member number (会员号). */
  memberId: z.string().trim().min(1).max(64).optional(),
}).refine((p) => p.phone || p.email || p.memberId, 'Give the person\'s phone, e-mail or member id: a customer is found or made by one of them.');
export type SitePerson = z.infer<typeof SitePerson>;

/** 营销许可 — what the person agreed to on the site's form; left out is no answer, not a refusal. */
export const SiteConsents = z.strictObject({ email: z.boolean().optional(), sms: z.boolean().optional() });

export const OrderItem = z.strictObject({
  productCode: z.string().trim().min(1).max(64),
  productName: z.string().trim().min(1).max(200),
  quantity: z.number().int('A quantity is a whole number.').min(1, 'A quantity is at least 1.').max(10_000),
  /** 单价 in fen. */
  unitPrice: fen,
});
export type OrderItem = z.infer<typeof OrderItem>;

export const ShippingAddress = z.strictObject({
  recipient: z.string().trim().min(1).max(100),
  phone: z.string().trim().min(1).max(40),
  province: z.string().trim().max(50).optional(),
  city: z.string().trim().max(50).optional(),
  district: z.string().trim().max(50).optional(),
  line: z.string().trim().min(1).max(300),
  postalCode: z.string().trim().regex(/^\d{6}$/, 'A postal code is six digits.').optional(),
});

export const orderLimits = { items: 200 } as const;

/** 网上订单 — as the site's server posts it. The total must be the items' sum; the server checks it. */
export const NewOnlineOrder = z.strictObject({
  /** The site's order number: one order per number and site; a retry with the same content is the same order. */
  orderNumber: z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/, 'An order number of 1 to 64 letters, digits, _ or -.'),
  customer: SitePerson,
  items: z.array(OrderItem).min(1, 'An order has at least one item.').max(orderLimits.items, `At most ${orderLimits.items} items in an order.`),
  /** 订单金额 in fen: the sum of quantity × unit price. */
  total: fen,
  currency: OrderCurrency.default('CNY'),
  paymentMethod: PaymentMethod,
  isPaid: z.boolean(),
  orderedAt: Instant,
  shippingAddress: ShippingAddress.optional(),
  /** The buyer's browser (the script's `xiang_vid` cookie), when the site's server knows it. */
  visitorId: clientId.optional(),
  consents: SiteConsents.optional(),
});
export type NewOnlineOrder = z.input<typeof NewOnlineOrder>;

/** How the CRM took the person: found by an identity, made new, or found twice and merged into one. */
export const CustomerMatch = z.enum(['found', 'created', 'merged']);

export const OnlineOrder = z.object({
  id: z.string(),
  siteId: z.string(),
  siteName: z.string(),
  orderNumber: z.string(),
  customerId: z.string(),
  items: z.array(OrderItem),
  total: z.number().int(),
  currency: OrderCurrency,
  paymentMethod: PaymentMethod,
  isPaid: z.boolean(),
  orderedAt: z.date(),
  shippingAddress: ShippingAddress.nullable(),
  visitorId: z.string().nullable(),
  createdAt: z.date(),
});
export type OnlineOrder = z.infer<typeof OnlineOrder>;

/** The answer to the site's server: the order, how its customer was taken, and whether the visitor is now theirs. */
export const OrderReceipt = OnlineOrder.extend({ customerMatch: CustomerMatch, isVisitorLinked: z.boolean() });

export const CustomerOrderQuery = pageQuery({ limit: 20, maxLimit: 100 });
export const CustomerOrderPage = pageOf(OnlineOrder);

/** 网上注册 — as the site's server posts it, for a person who registered on its form. */
export const NewSiteRegistration = z.strictObject({
  person: SitePerson,
  visitorId: clientId.optional(),
  consents: SiteConsents.optional(),
});
export type NewSiteRegistration = z.input<typeof NewSiteRegistration>;

export const RegistrationReceipt = z.object({ customerId: z.string(), customerMatch: CustomerMatch, isVisitorLinked: z.boolean() });

/**
 * 网上注册（未签名）— a form on a page, through the script or a plain post: the browser vouches for
 * nothing, so it is kept as a lead (线索) for staff, never joined to a customer, and every post gets
 * the same answer whether or not the phone or e-mail is a customer's.
 */
export const BrowserRegistration = z.strictObject({
  site: z.string().min(1).max(64),
  visitorId: clientId.optional(),
  person: SitePerson,
  consents: SiteConsents.optional(),
});
export const RegistrationTaken = z.object({ received: z.literal(true) });
