import { and, desc, eq, gte, lt, lte } from 'drizzle-orm';
import type { z } from 'zod';
import type { AuditQuery } from '@xiang/shared';
import type { Db } from '../platform/db/index.ts';
import { authorize } from '../platform/policy.ts';
import { withinScope, type Scope } from '../platform/scope.ts';
import { auditLog } from '../platform/audit-schema.ts';
import { inUnitSubtree } from '../platform/unit-subtree.ts';
import { decodeCursor, pageOf } from '../platform/paging.ts';

/** 审计 — the trail of changes in the caller's part of the organisation, newest first. */
export async function listAudit(db: Db, scope: Scope, query: z.infer<typeof AuditQuery>) {
  authorize(scope.role, 'audit.read');
  const after = query.cursor ? decodeCursor(query.cursor, ['serial']) : null;
  const items = await db.select().from(auditLog).where(and(
    withinScope(scope, auditLog.unitId),
    query.unitId ? inUnitSubtree(scope, auditLog.unitId, query.unitId) : undefined,
    query.entity ? eq(auditLog.entity, query.entity) : undefined,
    query.entityId ? eq(auditLog.entityId, query.entityId) : undefined,
    query.actorId ? eq(auditLog.actorId, query.actorId) : undefined,
    query.action ? eq(auditLog.action, query.action) : undefined,
    query.from ? gte(auditLog.at, query.from) : undefined,
    query.to ? lte(auditLog.at, query.to) : undefined,
    after ? lt(auditLog.id, after[0]) : undefined,
  )).orderBy(desc(auditLog.id)).limit(query.limit + 1);
  return pageOf(items, query.limit, (last) => [last.id]);
}
