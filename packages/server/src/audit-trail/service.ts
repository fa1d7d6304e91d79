import type { z } from 'zod';
import type { AuditQuery, AuditSubject } from '@xiang/shared';
import type { Db } from '../platform/db/index.ts';
import type { Scope } from '../platform/scope.ts';
import { listAudit } from '../org/audit-trail.ts';
import { userNames } from '../org/users.ts';
import { customerNames } from '../customers/names.ts';
import { isUuid } from '../customers/service.ts';

type Subject = z.infer<typeof AuditSubject>;
type Row = Awaited<ReturnType<typeof listAudit>>['items'][number];

/** The customer a change belongs to: the record itself, or the customer its before/after names. */
function customerIdOf(row: Row): string | null {
  if (row.entity === 'customer') return row.entityId;
  for (const side of [row.after, row.before]) {
    const id = (side as { customerId?: unknown } | null)?.customerId;
    if (typeof id === 'string') return id;
  }
  return null;
}

/**
 * 审计日志 — the trail, each row naming what it is about in words a reader knows: the
 * customer's number and name, the user's name; the console links to them.
 */
export async function auditTrail(db: Db, scope: Scope, query: z.infer<typeof AuditQuery>) {
  const page = await listAudit(db, scope, query);
  const customerIds = page.items.map(customerIdOf).filter((id): id is string => !!id);
  const userIds = page.items.filter((r) => r.entity === 'user' && isUuid(r.entityId)).map((r) => r.entityId);
  const [customers, users] = await Promise.all([customerNames(db, scope, customerIds), userNames(db, scope, userIds)]);
  const subjectOf = (row: Row): Subject | null => {
    const customerId = customerIdOf(row);
    const customer = customerId ? customers.get(customerId) : undefined;
    if (customerId && customer) return { kind: 'customer', id: customerId, number: customer.number, name: customer.name };
    const user = row.entity === 'user' ? users.get(row.entityId) : undefined;
    if (user) return { kind: 'user', id: row.entityId, number: null, name: user };
    return null;
  };
  return { items: page.items.map((row) => ({ ...row, subject: subjectOf(row) })), nextCursor: page.nextCursor };
}
