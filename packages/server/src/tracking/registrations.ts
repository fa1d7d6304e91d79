import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { BrowserRegistration, IdentityKind, NewSiteRegistration, SitePerson, SiteConsents } from '@xiang/shared';
import type { Db } from '../platform/db/index.ts';
import { Problem } from '../platform/errors.ts';
import { record } from '../platform/audit.ts';
import { defineMessages } from '../platform/messages.ts';
import type { Scope, VisibleCustomer } from '../platform/scope.ts';
import { unitScope } from '../platform/unit-subtree.ts';
import { canonicalIdentities, createCustomer, customerHoldingIdentity } from '../customers/service.ts';
import { addIdentity } from '../customers/contacts.ts';
import { mergeCustomers } from '../customers/merge.ts';
import { setConsent } from '../notifications/service.ts';
import { recordSystemInteraction } from '../interactions/system.ts';
import { linkVisitor } from './ingest.ts';
import { getSite } from './sites.ts';
import { siteByKey } from './site-keys.ts';
import { takeBatch } from './rate.ts';
import { trackingRegistrationLeads } from './schema.ts';

const tell = defineMessages({
  registrationSiteUnknown: { en: 'No site has this key; copy the snippet again from the console.', zh: '没有站点使用此密钥，请从控制台重新复制代码。' },
  registrationOriginNotAllowed: { en: 'The form\'s page is not on one of the site\'s allowed origins.', zh: '表单所在页面不在该站点允许的来源中。' },
});

type Site = { id: string; unitId: string; name: string };
export type CustomerMatch = 'found' | 'created' | 'merged';
export interface TakenCustomer { customer: VisibleCustomer & { name: string }; match: CustomerMatch }

/** The person's identities in the order they prove most: the site's own member id, then the phone, then the e-mail. */
function identitiesOf(person: SitePerson, field: string) {
  const given: { kind: IdentityKind; value: string; name: string }[] = [];
  if (person.memberId) given.push({ kind: 'member_id', value: person.memberId, name: 'memberId' });
  if (person.phone) given.push({ kind: 'phone', value: person.phone, name: 'phone' });
  if (person.email) given.push({ kind: 'email', value: person.email, name: 'email' });
  return canonicalIdentities(given.map(({ kind, value }) => ({ kind, value })), (i) => `${field}.${given[i].name}`);
}

/**
 * 认客户 — the customer a site's server names, in the caller's transaction: found by any identity among
 * the site's unit's customers, or made there (网上注册即开户: one registration or order gives a person an
 * account at once). When the identities name two customers, the site's server has vouched that they
 * are one person, so they are merged through the platform's merge (the caller may merge: the action
 * that reaches here is given to administrators and managers only, who may) — the one holding the
 * strongest identity survives. Identities the customer lacks are added; one held by a customer the
 * site's unit cannot see refuses the whole write (409), as staff entering it would be refused.
 */
export async function takeCustomer(tx: Db, scope: Scope, site: Site, person: SitePerson, field: string): Promise<TakenCustomer> {
  const ids = identitiesOf(person, field);
  // Two orders of one new buyer at once must not both make a customer (the second would break the
  // identities' unique index and fail): each identity is taken in turn, in a fixed order against deadlock,
  // until the transaction ends, so the second finds the customer the first made.
  for (const key of ids.map((id) => `${id.kind}:${id.value}`).sort()) {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`identity:${key}`}, 0))`);
  }
  const units = await unitScope(tx, site.unitId);
  const holders: (VisibleCustomer & { name: string })[] = [];
  for (const id of ids) {
    const holder = await customerHoldingIdentity(tx, units, id.kind, id.value);
    if (holder && !holders.some((h) => h.id === holder.id)) holders.push(holder);
  }
  if (!holders.length) {
    const created = await createCustomer(tx, scope, { kind: 'individual', tier: 'regular', name: person.name ?? '网上客户', unitId: site.unitId, identities: ids }, 'web');
    return { customer: created, match: 'created' };
  }
  const [survivor, ...others] = holders;
  for (const merged of others) await mergeCustomers(tx, scope, { survivorId: survivor.id, mergedId: merged.id, takeFromMerged: [] });
  for (const id of ids) await addIdentity(tx, scope, survivor.id, id, 'web');
  return { customer: survivor, match: others.length ? 'merged' : 'found' };
}

/** 营销许可 — the form's answers are the person's latest word, recorded as said on the web form. */
export async function recordConsents(tx: Db, scope: Scope, customer: VisibleCustomer, consents: z.infer<typeof SiteConsents> | undefined) {
  for (const channel of ['email', 'sms'] as const) {
    const isGranted = consents?.[channel];
    if (isGranted !== undefined) await setConsent(tx, scope, customer.id, { channel, isGranted, source: 'web_form' });
  }
}

/**
 * 网上注册 — a registration the site's server vouches for (an API token with `tracking.vouch`): the
 * customer found or made, the consents, the visitor linked (its earlier visits join the timeline) and
 * a timeline entry, all in one transaction.
 */
export async function registerBySite(db: Db, scope: Scope, siteId: string, input: z.infer<typeof NewSiteRegistration>) {
  const site = await getSite(db, scope, siteId);
  return db.transaction(async (tx) => {
    const { customer, match } = await takeCustomer(tx, scope, site, input.person, 'person');
    await recordConsents(tx, scope, customer, input.consents);
    const isVisitorLinked = input.visitorId ? await linkVisitor(tx, site, input.visitorId, customer) : false;
    await recordSystemInteraction(tx, {
      customerId: customer.id, kind: 'descriptive', channel: 'web', type: 'web.registered',
      summary: `在站点「${site.name}」注册${match === 'created' ? '，新建客户' : ''}`,
      payload: { siteId: site.id, siteName: site.name, visitorId: input.visitorId ?? null, customerMatch: match },
      actorId: scope.userId, actorName: scope.userName,
    });
    await record(tx, scope, { action: 'registration.recorded', entity: 'customer', entityId: customer.id, unitId: customer.unitId,
      after: { siteId: site.id, customerId: customer.id, customerMatch: match } });
    return { customerId: customer.id, customerMatch: match, isVisitorLinked };
  });
}

/**
 * 网上注册（未签名）— a form on a page posted it, so nothing in it is proof of who the person is: anyone
 * can type another's phone. As a mature CRM's web-to-lead form does, it is kept as a lead (线索) of the
 * site, never joined to a customer or to the visitor's history; staff (or the site's server, signing)
 * make it a customer. The answer is the same 202 whatever the phone or e-mail, so the form cannot be
 * used to learn who is a customer. Only the site's key and its page's origin are checked.
 */
export async function registerFromBrowser(db: Db, registration: z.infer<typeof BrowserRegistration>, origin: string | undefined, address: string) {
  const site = await siteByKey(db, registration.site);
  if (!site || !site.isActive) throw new Problem(404, 'Not Found', tell('registrationSiteUnknown'), { field: 'site' });
  if (!origin || !site.allowedOrigins.includes(origin)) throw new Problem(403, 'Forbidden', tell('registrationOriginNotAllowed'), { field: 'origin' });
  // The same flood guard as the script's batches: a form is no way around it.
  takeBatch(site.id, address, Date.now());
  const { person } = registration;
  // A phone or e-mail that is no phone or e-mail is refused (that says nothing of who is a customer); a good one is kept as typed.
  identitiesOf(person, 'person');
  await db.insert(trackingRegistrationLeads).values({
    siteId: site.id, visitorId: registration.visitorId ?? null, name: person.name ?? null, phone: person.phone ?? null,
    email: person.email ?? null, memberId: person.memberId ?? null, consents: registration.consents ?? null,
  });
  return { received: true as const };
}
