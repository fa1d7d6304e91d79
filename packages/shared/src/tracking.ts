import { z } from 'zod';
import { changeOf } from './change.ts';
import { changedFields, defineEvents, event, row } from './event-kit.ts';
import { IdentityKind } from './customers.ts';
import { pageOf, pageQuery } from './page.ts';
import { Instant } from './time.ts';

/**
 * 网站数据采集 — the operator's own sites (online business hall, shop, portal) send what people do
 * on them through one script tag. A site (站点) is registered in the console; the script sends
 * batches of events to `POST /api/v1/collect` with the site's key.
 */

/** `none`: tracked at once. `required`: nothing identifying is kept until the page calls `xiang.consent(true)`. */
export const ConsentMode = z.enum(['none', 'required']);

/** An exact origin as a browser sends it in `Origin`: scheme, host and port, nothing after. */
export const SiteOrigin = z.string().trim().max(200).refine((text) => {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === text;
  } catch {
    return false;
  }
}, 'Write an origin as the browser sends it: https://shop.example.cn (scheme, host and port; no path, no slash at the end, lower case).');

const name = z.string().trim().min(1, 'Give the site a name.').max(100);
const allowedOrigins = z.array(SiteOrigin).min(1, 'Name at least one origin the site is served from.').max(20)
  .refine((list) => new Set(list).size === list.length, 'Each origin once.');
/** The URL parameter that holds what a visitor searched for on the site (站内搜索). */
const searchParam = z.string().trim().regex(/^[A-Za-z0-9_.-]{1,40}$/, 'A parameter name: letters, digits, _ . - (up to 40).');

export const Site = z.object({
  id: z.string(),
  unitId: z.string(),
  name: z.string(),
  allowedOrigins: z.array(z.string()),
  /** Public: it is in the page's script tag. It names the site, it does not prove anything. */
  siteKey: z.string(),
  searchParam: z.string(),
  consentMode: ConsentMode,
  isActive: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Site = z.infer<typeof Site>;
export const SiteList = z.object({ items: z.array(Site) });

export const NewSite = z.strictObject({
  name,
  allowedOrigins,
  searchParam: searchParam.default('q'),
  consentMode: ConsentMode.default('none'),
  /** The unit the site belongs to; the caller's own when left out. */
  unitId: z.uuid().optional(),
});
export type NewSite = z.input<typeof NewSite>;

export const SiteChange = changeOf({ name, allowedOrigins, searchParam, consentMode: ConsentMode, isActive: z.boolean() });
export type SiteChange = z.infer<typeof SiteChange>;

// ---- what the script sends ----

/** Limits of one batch; the script keeps under them, the server refuses anything over. */
export const collectLimits = { events: 50, bodyBytes: 64 * 1024, url: 2048, text: 500, props: 20 } as const;

const clientId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'An id of 8 to 64 letters, digits, _ or -.');
const text = (max: number) => z.string().max(max);
const instantMs = z.number().int().min(0).max(8_640_000_000_000_000);
const propValue = z.union([z.string().max(collectLimits.text), z.number().finite(), z.boolean(), z.null()]);

export const TrackedEventType = z.enum(['pageview', 'search', 'click', 'custom']);

export const TrackedEvent = z.strictObject({
  /** Made by the script; a retried event keeps it, so it is stored once. */
  id: clientId,
  type: TrackedEventType,
  /** When it happened, by the browser's clock (ms since the epoch). */
  at: instantMs,
  /** The page (absolute URL) it happened on. */
  url: text(collectLimits.url),
  referrer: text(collectLimits.url).optional(),
  title: text(collectLimits.text).optional(),
  /** The custom event's name, or the clicked element's `data-xiang-event`. */
  name: text(100).optional(),
  /** A clicked link's address. */
  target: text(collectLimits.url).optional(),
  /** What was searched for (the site's search parameter). */
  query: text(collectLimits.text).optional(),
  props: z.record(z.string().max(50), propValue).refine((p) => Object.keys(p).length <= collectLimits.props, `At most ${collectLimits.props} properties.`).optional(),
  utm: z.strictObject({
    source: text(200).optional(), medium: text(200).optional(), campaign: text(200).optional(),
    term: text(200).optional(), content: text(200).optional(),
  }).optional(),
});
export type TrackedEvent = z.infer<typeof TrackedEvent>;

/** A signed identity is good for at most this long: the site's server signs afresh for each page it renders. */
export const identityLifetimeMs = 24 * 3_600_000;

/**
 * 身份识别 — who the signed-in visitor is, as the site's own server vouches for it: the signature is
 * HMAC-SHA256 (hex) of `identityMessage(…)` — `${kind}:${value}:${visitorId}:${expiresAt}` — with the
 * site's identity secret, which never reaches a page. The visitor id (the script's first-party cookie
 * `xiang_vid`, which the site's server reads) and the expiry bind it to one browser for a while: a
 * signature copied from a page names nobody in another browser, nor after it runs out.
 * The format of the signature is checked by the server (a malformed one is a 403 like a wrong one).
 */
export const CollectIdentity = z.strictObject({
  kind: IdentityKind,
  value: z.string().min(1).max(200),
  /** When the signature stops being taken (ms since the epoch), at most `identityLifetimeMs` ahead. */
  expiresAt: instantMs,
  signature: z.string().max(200),
});
export type CollectIdentity = z.infer<typeof CollectIdentity>;

/** What the site's server signs: the identity, the browser it is for, and until when. */
export const identityMessage = (identity: { kind: string; value: string; visitorId: string; expiresAt: number }) =>
  `${identity.kind}:${identity.value}:${identity.visitorId}:${identity.expiresAt}`;

export const CollectBatch = z.strictObject({
  /** The site key of the script tag. */
  site: z.string().min(1).max(64),
  /** The first-party cookie's visitor id; absent before consent or under Do-Not-Track. */
  visitorId: clientId.optional(),
  /** The page called `xiang.consent(true)`; what a consent-required site needs before anything identifying is kept. */
  consent: z.boolean().optional(),
  /** When the browser sent the batch, by its clock: the server corrects event times by the difference. */
  sentAt: instantMs,
  events: z.array(TrackedEvent).min(1, 'A batch carries at least one event.').max(collectLimits.events, `At most ${collectLimits.events} events in a batch.`),
  /** Sent after the page called `xiang.identify(kind, value, signature)`, on every later batch of the page. */
  identity: CollectIdentity.optional(),
});
export type CollectBatch = z.infer<typeof CollectBatch>;

export const CollectReceipt = z.object({
  stored: z.number().int(),
  duplicates: z.number().int(),
  /** With an identity only: whether the visitor is now linked to a customer (false: no customer holds it, no consent, or a bot). */
  identified: z.boolean().optional(),
});

/** The site's identity secret, for its server to sign `xiang.identify` with; shown only to those who manage sites. */
export const SiteIdentitySecret = z.object({ siteId: z.string(), identitySecret: z.string() });

// ---- a customer's web activity (360° page) ----

export const WebEvent = z.object({
  type: TrackedEventType,
  occurredAt: z.date(),
  url: z.string(),
  title: z.string().nullable(),
  name: z.string().nullable(),
  target: z.string().nullable(),
  query: z.string().nullable(),
  props: z.record(z.string(), z.unknown()).nullable(),
});

/** 访问会话 — one session of one of the customer's linked visitors: 30 minutes idle ends it. */
export const WebSession = z.object({
  siteId: z.string(),
  siteName: z.string(),
  visitorId: z.string(),
  sessionNumber: z.number().int(),
  startedAt: z.date(),
  endedAt: z.date(),
  pageViews: z.number().int(),
  landingPage: z.string(),
  referrer: z.string().nullable(),
  utm: z.object({ source: z.string().nullable(), medium: z.string().nullable(), campaign: z.string().nullable(), term: z.string().nullable(), content: z.string().nullable() }),
  events: z.array(WebEvent),
});
export type WebSession = z.infer<typeof WebSession>;
export const WebActivityQuery = pageQuery({ limit: 20, maxLimit: 100 });
export const WebActivityPage = pageOf(WebSession);

// ---- a site's visitors and its live counts (console) ----

const yesOrNo = z.enum(['true', 'false'], { error: 'Write true or false.' }).transform((v) => v === 'true');

export const VisitorQuery = z.strictObject({
  /** 回访 — true: visitors with more than one session; false: first-time visitors only. */
  returning: yesOrNo.optional(),
  /** 已识别 — true: visitors linked to a customer; false: anonymous ones. */
  identified: yesOrNo.optional(),
  /** Visitors last seen at or after this time; the last 30 days when left out. */
  since: Instant.optional(),
  ...pageQuery({ limit: 20, maxLimit: 100 }).shape,
});
export type VisitorQuery = z.input<typeof VisitorQuery>;

/** 访客 — one browser on the site, as the visitors list shows it; never a crawler. */
export const Visitor = z.object({
  visitorId: z.string(),
  firstSeenAt: z.date(),
  lastSeenAt: z.date(),
  sessions: z.number().int(),
  /** More than one session. */
  isReturning: z.boolean(),
  /** Linked to a customer by the site's signed identity, whether or not the caller may see who. */
  isIdentified: z.boolean(),
  /** The customer, only when the caller's units hold them (the site's unit may be wider than the caller's). */
  customer: z.object({ id: z.string(), number: z.string(), name: z.string() }).nullable(),
  /** The first session's first page, and where it came from. */
  landingPage: z.string().nullable(),
  referrerHost: z.string().nullable(),
  utmSource: z.string().nullable(),
  pageViews: z.number().int(),
});
export type Visitor = z.infer<typeof Visitor>;
export const VisitorPage = pageOf(Visitor);

/** What a stretch of time saw: events and page views of people, the people, and crawlers' events apart. */
const LiveCounts = z.object({
  events: z.number().int(),
  pageViews: z.number().int(),
  visitors: z.number().int(),
  botEvents: z.number().int(),
});

/** 实时 — the site's last 30 minutes and today (Beijing time), and who is on it now. */
export const SiteLive = z.object({
  at: z.date(),
  lastHalfHour: LiveCounts,
  today: LiveCounts,
  /** Visitors with an event in the last 5 minutes. */
  activeNow: z.number().int(),
});
export type SiteLive = z.infer<typeof SiteLive>;

// 网站数据采集 — the tracking module's events.
export const trackingEvents = defineEvents({
  'site.created': event(row({ name: z.string(), allowedOrigins: z.array(z.string()) })),
  'site.changed': event(changedFields),
  // Only that it happened: the secret itself is never in an event or an audit row.
  'site.identity_secret_rotated': event(z.object({})),
  // 网上订单、网上注册 — what a site's server posted, and how its customer was taken.
  'order.recorded': event(z.object({ siteId: z.string(), orderNumber: z.string(), customerId: z.string(), total: z.number(), currency: z.string(), customerMatch: z.string() })),
  'registration.recorded': event(z.object({ siteId: z.string(), customerId: z.string(), customerMatch: z.string() })),
});
