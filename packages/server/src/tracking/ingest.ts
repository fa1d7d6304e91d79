import { createHmac, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { isbot } from 'isbot';
import { identityLifetimeMs, identityMessage, type CollectBatch, type CollectIdentity, type TrackedEvent } from '@xiang/shared';
import type { Db } from '../platform/db/index.ts';
import { invalid, Problem } from '../platform/errors.ts';
import { defineMessages } from '../platform/messages.ts';
import { rows } from '../platform/db/index.ts';
import { trackingEventReceipts, trackingEvents } from './schema.ts';
import { unitScope } from '../platform/unit-subtree.ts';
import { canonicalIdentity } from '../customers/identity-values.ts';
import { customerHoldingIdentity } from '../customers/service.ts';
import { recordSystemInteraction } from '../interactions/system.ts';
import { currentIdentitySecret, siteByKey, type CollectingSite } from './site-keys.ts';
import { takeBatch } from './rate.ts';

const tell = defineMessages({
  noSuchSite: { en: 'No site has this key; copy the snippet again from the console.', zh: '没有站点使用此密钥，请从控制台重新复制代码。' },
  siteSwitchedOff: { en: 'This site is switched off; nothing it sends is kept.', zh: '该站点已停用，发送的数据不会保存。' },
  originNotAllowed: { en: 'The page\'s origin {origin} is not one of the site\'s allowed origins.', zh: '页面来源 {origin} 不在该站点允许的来源中。' },
  signatureMalformed: { en: 'The identity\'s signature must be 64 hexadecimal characters: HMAC-SHA256 of "kind:value:visitorId:expiresAt" with the site\'s identity secret.', zh: '身份签名须为 64 位十六进制字符：以站点身份密钥对“类型:值:访客ID:失效时间”计算的 HMAC-SHA256。' },
  signatureWrong: { en: 'The identity\'s signature does not match: sign "kind:value:visitorId:expiresAt" with this site\'s current identity secret, on the site\'s server, for this visitor (the xiang_vid cookie).', zh: '身份签名不匹配：请在站点服务器上用该站点当前的身份密钥，为本访客（xiang_vid Cookie）对“类型:值:访客ID:失效时间”签名。' },
  signatureWithoutVisitor: { en: 'An identity is signed for one visitor, and this batch names none: send it only once the visitor has an id (after consent).', zh: '身份签名针对某一访客，而本批未带访客 ID：请在访客有 ID（同意之后）再发送身份。' },
  signatureExpired: { en: 'The identity\'s signature has expired: the site\'s server signs afresh for each page it renders.', zh: '身份签名已过期：请由站点服务器在每次生成页面时重新签名。' },
  signatureTooLongLived: { en: 'The identity\'s signature may be good for 24 hours at most: give an expiry within a day.', zh: '身份签名的有效期最长 24 小时，请把失效时间设在一天之内。' },
  eventAfterSending: { en: 'The event happened after the batch was sent (by the same clock): its time cannot be right.', zh: '事件时间晚于本批的发送时间（同一时钟），时间不可能正确。' },
});

/** 30 minutes without an event ends a visitor's session (the common web-analytics rule). */
export const sessionIdleMs = 30 * 60_000;
/** A browser clock this far from the server's is corrected; below it, the network's delay is most of the gap. */
export const skewToleranceMs = 5_000;
/** An event may be stamped a little after its batch's send time (timers, rounding), never much. */
const sentAtGraceMs = 60_000;

export interface Delivery {
  batch: CollectBatch;
  origin: string | undefined;
  userAgent: string | undefined;
  /** The client's address (an IPv6 /64), for the flood guard only; never stored. */
  address: string;
}

/**
 * 采集 — one batch from the script: the site by its key, the page's origin against the site's
 * list, the flood guard, the identity's signature, the browser's clock corrected against ours;
 * then, in one transaction, the events not seen before (by the site's event ids), their sessions,
 * the visitor, and its link to the customer the signed identity names. The
 * answer is given only after that commit, so an acknowledged event is durable.
 */
export async function collect(db: Db, delivery: Delivery) {
  const { batch } = delivery;
  const site = await siteByKey(db, batch.site);
  if (!site) throw new Problem(404, 'Not Found', tell('noSuchSite'), { field: 'site' });
  if (!site.isActive) throw new Problem(403, 'Forbidden', tell('siteSwitchedOff'), { field: 'site' });
  if (!delivery.origin || !site.allowedOrigins.includes(delivery.origin)) {
    throw new Problem(403, 'Forbidden', tell('originNotAllowed', { origin: (delivery.origin ?? '(none)').slice(0, 200) }), { field: 'origin' });
  }
  const now = Date.now();
  batch.events.forEach((event, i) => {
    if (event.at > batch.sentAt + sentAtGraceMs) throw invalid(`events.${i}.at`, tell('eventAfterSending'));
  });
  takeBatch(site.id, delivery.address, now);
  // Counted by the flood guard first, so forging is slowed like any flood; then a forged identity refuses the whole batch.
  // The secret is read from the store, not the cache: a rotated one is refused at once in every process.
  const identity = batch.identity ? vouchedIdentity(await currentIdentitySecret(db, site.id), batch.identity, batch.visitorId, now) : null;

  const skew = now - batch.sentAt;
  const shift = Math.abs(skew) > skewToleranceMs ? skew : 0;
  const isBot = isbot(delivery.userAgent ?? '');
  // 同意 — before consent on a site that asks for it, nothing that tells one person from another.
  const mayIdentify = site.consentMode === 'none' || batch.consent === true;
  const visitorId = mayIdentify ? batch.visitorId ?? null : null;
  // 身份识别 — only a visitor that may be recognised (consent, no crawler) is linked to a customer.
  const holder = identity && visitorId && !isBot ? await customerHoldingIdentity(db, await unitScope(db, site.unitId), identity.kind, identity.value) : null;
  const events = batch.events
    .map((event) => ({ event, occurredAt: new Date(Math.min(event.at + shift, now)) }))
    .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());

  return db.transaction(async (tx) => {
    // Ids taken first: a replayed batch, or one retried after a lost answer, stores nothing twice.
    const fresh = new Set((await tx.insert(trackingEventReceipts)
      .values(events.map(({ event }) => ({ siteId: site.id, eventId: event.id })))
      .onConflictDoNothing().returning({ eventId: trackingEventReceipts.eventId })).map((r) => r.eventId));
    const stored = events.filter(({ event }) => fresh.has(event.id));
    if (stored.length) {
      const sessions = visitorId && !isBot ? await sessionise(tx, site.id, visitorId, stored.map((s) => s.occurredAt)) : null;
      await tx.insert(trackingEvents).values(stored.map(({ event, occurredAt }, i) => ({
        siteId: site.id, eventId: event.id, occurredAt, visitorId, sessionNumber: sessions?.[i] ?? null, isBot,
        ...describe(event, mayIdentify, site.searchParam),
      })));
    }
    const receipt = { stored: stored.length, duplicates: events.length - stored.length };
    if (!identity) return receipt;
    return { ...receipt, identified: Boolean(holder && visitorId && await linkVisitor(tx, site, visitorId, holder)) };
  });
}

/**
 * The identity the site's server signed for this visitor until its expiry, its value made canonical
 * as the customers module keeps it; or a 403 naming what is wrong (nothing of the batch is kept).
 * Compared in constant time, so the answer's timing does not tell how much of a guess was right.
 * The message is checked before the expiry, so a stranger learns nothing of a signature's age.
 */
export function vouchedIdentity(identitySecret: string, identity: CollectIdentity, visitorId: string | undefined, now: number) {
  const refuse = (key: Parameters<typeof tell>[0], field = 'identity.signature') => new Problem(403, 'Forbidden', tell(key), { field });
  if (!/^[0-9a-fA-F]{64}$/.test(identity.signature)) throw refuse('signatureMalformed');
  if (!visitorId) throw refuse('signatureWithoutVisitor', 'visitorId');
  const expected = createHmac('sha256', identitySecret).update(identityMessage({ ...identity, visitorId })).digest();
  if (!timingSafeEqual(expected, Buffer.from(identity.signature, 'hex'))) throw refuse('signatureWrong');
  if (identity.expiresAt <= now) throw refuse('signatureExpired', 'identity.expiresAt');
  if (identity.expiresAt > now + identityLifetimeMs) throw refuse('signatureTooLongLived', 'identity.expiresAt');
  const canonical = canonicalIdentity(identity.kind, identity.value);
  if ('error' in canonical) throw invalid('identity.value', canonical.error);
  return { kind: identity.kind, value: canonical.value };
}

/**
 * 关联客户 — the visitor becomes the customer's. The first time (or when the browser now signs in
 * as someone else) one entry goes on the customer's timeline, with the history the visitor brings:
 * its page views are read through the visitor, not copied, so one entry stands for all of them.
 * Returns whether the visitor is linked (false when it has no row: nothing of it was ever kept).
 */
export async function linkVisitor(tx: Db, site: Pick<CollectingSite, 'id' | 'name'>, visitorId: string, customer: { id: string; name: string }): Promise<boolean> {
  const [visitor] = await rows<{ customer_id: string | null }>(tx, sql`select customer_id from tracking_visitors
    where site_id = ${site.id} and visitor_id = ${visitorId} for update`);
  if (!visitor) return false;
  if (visitor.customer_id === customer.id) return true;
  await tx.execute(sql`update tracking_visitors set customer_id = ${customer.id} where site_id = ${site.id} and visitor_id = ${visitorId}`);
  const [{ pageViews }] = await rows<{ pageViews: number }>(tx, sql`select count(*)::int as "pageViews" from tracking_events
    where site_id = ${site.id} and visitor_id = ${visitorId} and type = 'pageview'`);
  // The customer was found through the site unit's scope in this request; the entry is the system's.
  await recordSystemInteraction(tx, {
    customerId: customer.id, kind: 'descriptive', channel: 'web', type: 'web.identified',
    summary: `在站点「${site.name}」识别为本客户，此前浏览 ${pageViews} 个页面`,
    payload: { siteId: site.id, siteName: site.name, visitorId, pageViews },
  });
  return true;
}

/** The event's own fields as stored; a custom event's properties only with consent (they may name the person). */
function describe(event: TrackedEvent, mayIdentify: boolean, searchParam: string) {
  return {
    type: event.type, url: event.url, referrer: event.referrer ?? null, title: event.title ?? null, name: event.name ?? null,
    target: event.target ?? null, query: event.query ?? (event.type === 'pageview' ? searchOf(event.url, searchParam) : null), props: mayIdentify ? event.props ?? null : null,
    utmSource: event.utm?.source ?? null, utmMedium: event.utm?.medium ?? null, utmCampaign: event.utm?.campaign ?? null,
    utmTerm: event.utm?.term ?? null, utmContent: event.utm?.content ?? null,
  };
}

/** 站内搜索 — what the visitor searched for, when the page's address carries the site's search parameter. */
function searchOf(url: string, searchParam: string): string | null {
  try {
    return new URL(url).searchParams.get(searchParam)?.trim().slice(0, 500) || null;
  } catch {
    return null;
  }
}

/**
 * 会话 — the session number of each event (given oldest first): a new session when the visitor
 * was idle for 30 minutes. Kept on the visitor's row (last event's time, sessions so far), which
 * is locked for the batch, so two batches of one visitor at once number their sessions in turn.
 * Stored on each event rather than in a sessions table: the events stay append-only and a
 * session is read as (site, visitor, session number) without a join or a second write per event.
 * An event older than the visitor's last one (a late retry) joins the current session.
 */
async function sessionise(tx: Db, siteId: string, visitorId: string, times: Date[]): Promise<number[]> {
  const first = times[0];
  const [visitor] = await rows<{ last_seen_at: Date | string; sessions: number }>(tx, sql`
    insert into tracking_visitors (site_id, visitor_id, first_seen_at, last_seen_at, sessions)
    values (${siteId}, ${visitorId}, ${first.toISOString()}, ${first.toISOString()}, 0)
    on conflict (site_id, visitor_id) do update set sessions = tracking_visitors.sessions
    returning last_seen_at, sessions`);
  let last = new Date(visitor.last_seen_at).getTime();
  let sessions = visitor.sessions;
  const numbers = times.map((time) => {
    const t = time.getTime();
    if (sessions === 0 || t - last > sessionIdleMs) sessions++;
    last = Math.max(last, t);
    return sessions;
  });
  await tx.execute(sql`update tracking_visitors set sessions = ${sessions}, last_seen_at = ${new Date(last).toISOString()},
    first_seen_at = least(first_seen_at, ${first.toISOString()}::timestamptz)
    where site_id = ${siteId} and visitor_id = ${visitorId}`);
  return numbers;
}
