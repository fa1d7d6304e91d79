import { randomBytes } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { NewSite, SiteChange } from '@xiang/shared';
import type { Db } from '../platform/db/index.ts';
import { invalid, notFound } from '../platform/errors.ts';
import { record } from '../platform/audit.ts';
import { changedFields, pick } from '../platform/changed-fields.ts';
import { defineMessages } from '../platform/messages.ts';
import { authorize } from '../platform/policy.ts';
import { isInScope, withinScope, type Scope } from '../platform/scope.ts';
import { isUuid } from '../customers/service.ts';
import { trackingSites } from './schema.ts';
import { forgetSiteKeys } from './site-keys.ts';

const tell = defineMessages({
  unitNotYours: { en: 'You cannot register sites for that unit.', zh: '您不能为该单位登记站点。' },
});

type Row = typeof trackingSites.$inferSelect;

/** The site as the API gives it: without its identity secret, which only `siteIdentitySecret` answers. */
const present = (site: Row) => {
  const { consentMode, identitySecret: _secret, ...rest } = site;
  return { ...rest, consentMode };
};

/** 32 random bytes would be overkill for a public name; 18 (24 characters) cannot be guessed or collide. */
const newSiteKey = () => randomBytes(18).toString('base64url');
/** 32 bytes (64 hex characters), the shape migration 0024 gave the sites registered before. */
const newIdentitySecret = () => randomBytes(32).toString('hex');

/** 站点列表 — the sites of the caller's units, by name. */
export async function listSites(db: Db, scope: Scope) {
  authorize(scope.role, 'tracking.read');
  const rows = await db.select().from(trackingSites).where(withinScope(scope, trackingSites.unitId))
    .orderBy(asc(trackingSites.name), asc(trackingSites.id));
  return { items: rows.map(present) };
}

export async function getSite(db: Db, scope: Scope, id: string) {
  authorize(scope.role, 'tracking.read');
  if (!isUuid(id)) throw notFound('Site');
  const [site] = await db.select().from(trackingSites).where(and(eq(trackingSites.id, id), withinScope(scope, trackingSites.unitId)));
  if (!site) throw notFound('Site');
  return present(site);
}

/** 登记站点 — the server makes the key; the snippet with it is what the site's pages carry. */
export async function createSite(db: Db, scope: Scope, input: z.infer<typeof NewSite>) {
  authorize(scope.role, 'tracking.manage');
  const unitId = input.unitId ?? scope.unitId;
  if (!isInScope(scope, unitId)) throw invalid('unitId', tell('unitNotYours'));
  return db.transaction(async (tx) => {
    const [site] = await tx.insert(trackingSites).values({
      unitId, name: input.name, allowedOrigins: input.allowedOrigins, searchParam: input.searchParam,
      consentMode: input.consentMode, siteKey: newSiteKey(), identitySecret: newIdentitySecret(),
    }).returning();
    await record(tx, scope, { action: 'site.created', entity: 'site', entityId: site.id, unitId,
      after: { id: site.id, name: site.name, allowedOrigins: site.allowedOrigins, searchParam: site.searchParam,
        consentMode: site.consentMode, isActive: site.isActive } });
    return present(site);
  });
}

const changeable = ['name', 'allowedOrigins', 'searchParam', 'consentMode', 'isActive'] as const;

/** Changes what the PATCH names; the key never changes (every page carries it). */
export async function changeSite(db: Db, scope: Scope, id: string, change: SiteChange) {
  authorize(scope.role, 'tracking.manage');
  if (!isUuid(id)) throw notFound('Site');
  const site = await db.transaction(async (tx) => {
    const [before] = await tx.select().from(trackingSites)
      .where(and(eq(trackingSites.id, id), withinScope(scope, trackingSites.unitId))).for('update');
    if (!before) throw notFound('Site');
    const changed = changedFields(pick(before, [...changeable]), change);
    if (!changed) return before;
    const [after] = await tx.update(trackingSites).set({ ...changed.set, updatedAt: new Date() }).where(eq(trackingSites.id, id)).returning();
    await record(tx, scope, { action: 'site.changed', entity: 'site', entityId: id, unitId: after.unitId,
      before: changed.before, after: pick(after, changed.keys) });
    return after;
  });
  // Origins, consent or a switched-off site take effect at once in this process (others within seconds).
  forgetSiteKeys();
  return present(site);
}

/** 身份密钥 — for the site's own server, to sign who its signed-in visitor is; managers only. */
export async function siteIdentitySecret(db: Db, scope: Scope, id: string) {
  authorize(scope.role, 'tracking.manage');
  if (!isUuid(id)) throw notFound('Site');
  const [site] = await db.select({ siteId: trackingSites.id, identitySecret: trackingSites.identitySecret }).from(trackingSites)
    .where(and(eq(trackingSites.id, id), withinScope(scope, trackingSites.unitId)));
  if (!site) throw notFound('Site');
  return site;
}

/**
 * 更换身份密钥 — a new secret; signatures made with the old one are refused from then on (in this
 * process at once, in others within seconds). The trail says that it changed, never what it was.
 */
export async function rotateIdentitySecret(db: Db, scope: Scope, id: string) {
  authorize(scope.role, 'tracking.manage');
  if (!isUuid(id)) throw notFound('Site');
  const rotated = await db.transaction(async (tx) => {
    const [site] = await tx.update(trackingSites).set({ identitySecret: newIdentitySecret(), updatedAt: new Date() })
      .where(and(eq(trackingSites.id, id), withinScope(scope, trackingSites.unitId)))
      .returning({ siteId: trackingSites.id, unitId: trackingSites.unitId, identitySecret: trackingSites.identitySecret });
    if (!site) throw notFound('Site');
    await record(tx, scope, { action: 'site.identity_secret_rotated', entity: 'site', entityId: id, unitId: site.unitId, before: null, after: {} });
    return site;
  });
  forgetSiteKeys();
  return { siteId: rotated.siteId, identitySecret: rotated.identitySecret };
}
