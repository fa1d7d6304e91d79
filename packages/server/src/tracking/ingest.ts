import { createHmac, timingSafeEqual } from 'node:crypto';
import { isbot } from 'isbot';
import { identityLifetimeMs, identityMessage, type CollectBatch, type CollectIdentity } from '@xiang/shared';
import type { Db } from '../platform/db/index.ts';
import { invalid, Problem } from '../platform/errors.ts';
import { defineMessages } from '../platform/messages.ts';
import { unitScope } from '../platform/unit-subtree.ts';
import { canonicalIdentity } from '../customers/identity-values.ts';
import { customerHoldingIdentity } from '../customers/service.ts';
import { currentIdentitySecret, siteByKey, type CollectingSite } from './site-keys.ts';
import { takeBatch } from './rate.ts';
import { groupCommit } from './ingest-queue.ts';
import { writeBatches, type CheckedBatch, type CollectReceiptOf } from './ingest-write.ts';

// Linking a visitor to a customer is ingest's; other writers (vouched orders, registrations) take it from here.
export { linkVisitor } from './ingest-write.ts';

const tell = defineMessages({
  noSuchSite: { en: 'No site has this key; copy the snippet again from the console.', zh: '没有站点使用此密钥，请从控制台重新复制代码。' },
  siteSwitchedOff: { en: 'This site is switched off; nothing it sends is kept.', zh: '该站点已停用，发送的数据不会保存。' },
  originNotAllowed: { en: 'The page\'s origin {origin} is not one of the site\'s allowed origins.', zh: '页面来源 {origin} 不在该站点允许的来源中。' },
  signatureMalformed: { en: 'The identity\'s signature must be 64 hexadecimal characters: HMAC-SHA256 of "kind:value:visitorId:expiresAt" with the site\'s identity secret.', zh: '身份签名须为 64 位十六进制字符：以站点身份密钥对“类型:值:访客ID:失效时间”计算的 HMAC-SHA256。' },
  signatureWrong: { en: 'The identity\'s signature does not match: sign "kind:value:visitorId:expiresAt" with this site\'s current identity secret, on the site\'s server, for this visitor (the xiang_vid cookie).', zh: '身份签名不匹配：请在站点服务器上用该站点当前的身份密钥，为本访客（xiang_vid Cookie）对“类型:值:访客ID:失效时间”签名。' },
  signatureWithoutVisitor: { en: 'An identity is signed for one visitor, and this batch names none: send it only once the visitor has an id (after consent).', zh: '身份签名针对某一访客，而本批未带访客 ID：请在访客有 ID（同意之后）再发送身份。' },
  signatureExpired: { en: 'The identity\'s signature has expired: the site\'s server signs afresh for each page it renders.', zh: '身份签名已过期：请由站点服务器在每次生成页面时重新签名。' },
  signatureTooLongLived: { en: 'The identity\'s signature may be good for 24 hours at most: give an expiry within a day.', zh: '身份签名的有效期最长 24 小时，请把失效时间设在一天之内。' },
  nulCharacter: { en: 'The text holds a NUL character (\\u0000), which cannot be stored; remove it before sending.', zh: '文本含有 NUL 字符（\\u0000），无法保存，请在发送前去掉。' },
  eventAfterSending: { en: 'The event happened after the batch was sent (by the same clock): its time cannot be right.', zh: '事件时间晚于本批的发送时间（同一时钟），时间不可能正确。' },
});

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
 * then, in one transaction with the batches that arrive beside it (ingest-queue.ts), the events
 * not seen before (by the site's event ids), their sessions, the visitor, and its link to the
 * customer the signed identity names (ingest-write.ts). Everything that can refuse a batch on its
 * own is checked before it is queued. The answer is given only after that commit, so an
 * acknowledged event is durable.
 */
export async function collect(db: Db, delivery: Delivery, timeZone: string) {
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
    // Refused here, on its own, rather than failing the commit it would share with other batches.
    const nul = fieldWithNul(event);
    if (nul) throw invalid(`events.${i}.${nul}`, tell('nulCharacter'));
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

  return queueOf(db, timeZone).add({ site, visitorId, isBot, mayIdentify, events, hasIdentity: Boolean(identity), holder });
}

/** The first field (a dotted path) whose text holds a NUL, which no PostgreSQL text or jsonb can; null when none does. */
function fieldWithNul(value: unknown, at = ''): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? at : null;
  if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const found = key.includes('\u0000') ? `${at}${at ? '.' : ''}${key}` : fieldWithNul(inner, `${at}${at ? '.' : ''}${key}`);
      if (found !== null) return found;
    }
  }
  return null;
}

const queues = new WeakMap<Db, ReturnType<typeof groupCommit<CheckedBatch, CollectReceiptOf>>>();

/**
 * One group-commit queue per store: a flush is one transaction of up to 64 batches (1,280 events
 * at most, three statements whatever the count); beside a running flush another starts after
 * 2 ms of waiting, up to four (PostgreSQL then flushes their commits' WAL together too; the pool
 * keeps connections free for everything else; the embedded store takes them in turn).
 */
function queueOf(db: Db, timeZone: string) {
  let queue = queues.get(db);
  if (!queue) {
    queue = groupCommit<CheckedBatch, CollectReceiptOf>({
      write: (batches) => db.transaction((tx) => writeBatches(tx, batches, timeZone)),
      maxItems: 64, waitMs: 2, maxFlushes: 4,
    });
    queues.set(db, queue);
  }
  return queue;
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
