import { sql } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';

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
 * Writes many services at once, a chunk per statement through one JSON parameter. The caller
 * has checked the customers and audits the batch as a whole, in the same transaction.
 */
export async function insertSubscriptionsInBulk(tx: Db, services: BulkSubscription[]) {
  for (let i = 0; i < services.length; i += chunkSize) {
    const chunk = services.slice(i, i + chunkSize).map((s) => ({ c: s.customerId, p: s.productId, n: s.serviceNumber, d: s.startDate, f: s.monthlyFeeFen }));
    await tx.execute(sql`
      insert into subscriptions (customer_id, product_id, service_number, start_date, monthly_fee_fen)
      select r.c, r.p, r.n, r.d, r.f
      from json_to_recordset(${JSON.stringify(chunk)}::json) as r(c uuid, p uuid, n text, d date, f integer)`);
  }
  return services.length;
}
