import { asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { NewOrgUnit } from '@xiang/shared';
import type { Db } from '../platform/db/index.ts';
import { conflict, invalid, notFound } from '../platform/errors.ts';
import { record } from '../platform/audit.ts';
import { authorize } from '../platform/policy.ts';
import { isInScope, withinScope, type Scope } from '../platform/scope.ts';
import { orgUnits } from '../platform/auth/schema.ts';

const childLevel = { group: 'province', province: 'local_network', local_network: 'team', team: null } as const;
const levelZh: Record<string, string> = { group: '集团', province: '省公司', local_network: '本地网', team: '团队' };

/** The units a caller may see, parents before children. */
export async function listUnits(db: Db, scope: Scope) {
  const rows = await db.select().from(orgUnits).where(withinScope(scope, orgUnits.id)).orderBy(asc(orgUnits.path));
  return rows.map(({ path: _path, createdAt: _c, ...unit }) => unit);
}

export async function getUnit(db: Db, scope: Scope, id: string) {
  const [unit] = await db.select().from(orgUnits).where(eq(orgUnits.id, id));
  if (!unit || !isInScope(scope, unit.id)) throw notFound('Unit');
  return unit;
}

/** The root of the organisation (the group), created with the first start. */
export async function createRootUnit(db: Db, unit: { code: string; name: string; nameEn?: string }) {
  return db.transaction(async (tx) => {
    const [root] = await tx.insert(orgUnits).values({ ...unit, level: 'group', path: '/' }).returning();
    const [withPath] = await tx.update(orgUnits).set({ path: `/${root.id}/` }).where(eq(orgUnits.id, root.id)).returning();
    return withPath;
  });
}

/** Adds a province, local network or team under a unit; the level must follow the parent's. */
export async function createUnit(db: Db, scope: Scope, input: z.infer<typeof NewOrgUnit>) {
  authorize(scope.role, 'org.manage');
  const parent = await getUnit(db, scope, input.parentId).catch(() => { throw invalid('parentId', { key: 'parentUnitMissing' }); });
  if (childLevel[parent.level] !== input.level) {
    const child = childLevel[parent.level];
    const names = { parent: parent.level, parentZh: levelZh[parent.level], level: input.level, levelZh: levelZh[input.level] };
    throw invalid('level', child ? { key: 'unitLevelWrong', params: { ...names, child, childZh: levelZh[child] } } : { key: 'unitHoldsNone', params: names });
  }
  return db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.code, input.code));
    if (taken) throw conflict({ key: 'codeTaken', params: { code: input.code } }, { field: 'code' });
    const id = crypto.randomUUID();
    const [unit] = await tx.insert(orgUnits)
      .values({ ...input, id, nameEn: input.nameEn ?? null, path: `${parent.path}${id}/` }).returning();
    await record(tx, scope, { action: 'unit.created', entity: 'org_unit', entityId: id, unitId: id, after: unit });
    return unit;
  });
}
