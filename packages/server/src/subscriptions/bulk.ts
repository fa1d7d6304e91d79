import { sql } from 'drizzle-orm';
import { rows, type Db } from '../platform/db/index.ts';
import { copyRows, copyTargetOf } from '../platform/db/copy.ts';

const chunkSize = 5_000;

/** A service that arrives with a customer from another system (数据导入). */
export interface BulkSubscription {
  customerId: string;
  productId: string;
  serviceNumber: string;
  startDate: string;
  monthlyFeeFen: number;
}

/**
 * Writes many services at once: by COPY where the transaction's connection takes it (as the
 * import writes its customers), else a chunk per statement through one JSON parameter. The
 * caller has checked the customers and audits the batch as a whole, in the same transaction.
 */
export async function insertSubscriptionsInBulk(tx: Db, services: BulkSubscription[]) {
  const copyTarget = copyTargetOf(tx);
  if (copyTarget) {
    await copyRows(copyTarget, 'subscriptions', ['customer_id', 'product_id', 'service_number', 'start_date', 'monthly_fee_fen'],
      services.map((s) => [s.customerId, s.productId, s.serviceNumber, s.startDate, s.monthlyFeeFen]));
    return services.length;
  }
  for (let i = 0; i < services.length; i += chunkSize) {
    const chunk = services.slice(i, i + chunkSize).map((s) => ({ c: s.customerId, p: s.productId, n: s.serviceNumber, d: s.startDate, f: s.monthlyFeeFen }));
    await tx.execute(sql`
      insert into subscriptions (customer_id, product_id, service_number, start_date, monthly_fee_fen)
      select r.c, r.p, r.n, r.d, r.f
      from json_to_recordset(${JSON.stringify(chunk)}::json) as r(c uuid, p uuid, n text, d date, f integer)`);
  }
  return services.length;
}

/**
 * 导入合并 — services for customers who already exist: a service number the customer already
 * has (in any status) is not added twice. Returns what was added, so undo can take it out again.
 */
export async function insertMissingSubscriptionsInBulk(tx: Db, services: BulkSubscription[]) {
  const seen = new Set<string>();
  const unique = services.filter((s) => {
    const key = `${s.customerId} ${s.serviceNumber}`;
    return !seen.has(key) && seen.add(key);
  });
  const added: { id: string; customerId: string; serviceNumber: string }[] = [];
  for (let i = 0; i < unique.length; i += chunkSize) {
    const chunk = unique.slice(i, i + chunkSize).map((s) => ({ c: s.customerId, p: s.productId, n: s.serviceNumber, d: s.startDate, f: s.monthlyFeeFen }));
    const inserted = await rows<{ id: string; customer_id: string; service_number: string }>(tx, sql`
      insert into subscriptions (customer_id, product_id, service_number, start_date, monthly_fee_fen)
      select r.c, r.p, r.n, r.d, r.f
      from json_to_recordset(${JSON.stringify(chunk)}::json) as r(c uuid, p uuid, n text, d date, f integer)
      where not exists (select 1 from subscriptions s where s.service_number = r.n and s.customer_id = r.c)
      returning id, customer_id, service_number`);
    added.push(...inserted.map((s) => ({ id: s.id, customerId: s.customer_id, serviceNumber: s.service_number })));
  }
  return added;
}

/**
 * Undo of 导入合并: removes services an import added to existing customers, each only while it is
 * still that customer's and still active as imported; one suspended or ended since is history and stays.
 */
export async function removeImportedSubscriptions(tx: Db, services: { id: string; customerId: string }[]) {
  const removed: { customerId: string; serviceNumber: string }[] = [];
  for (let i = 0; i < services.length; i += chunkSize) {
    const chunk = services.slice(i, i + chunkSize).map((s) => ({ id: s.id, c: s.customerId }));
    const deleted = await rows<{ customer_id: string; service_number: string }>(tx, sql`
      delete from subscriptions s using json_to_recordset(${JSON.stringify(chunk)}::json) as r(id uuid, c uuid)
      where s.id = r.id and s.customer_id = r.c and s.status = 'active' and s.end_date is null
      returning s.customer_id, s.service_number`);
    removed.push(...deleted.map((s) => ({ customerId: s.customer_id, serviceNumber: s.service_number })));
  }
  return removed;
}
