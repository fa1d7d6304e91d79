import { and, asc, count, eq, gte, sql } from 'drizzle-orm';
import type { ImportFindingList } from '@xiang/shared';
import type { Db } from '../platform/db/index.ts';
import { customerImportFindings } from './schema.ts';

/** Entries per INSERT (one JSON parameter each). */
const chunk = 2_000;

export type Findings = Record<ImportFindingList, object[]>;

/** Keeps every entry of a report's lists for paging; what an earlier check kept is replaced. */
export async function keepFindings(tx: Db, importId: string, findings: Findings) {
  await tx.delete(customerImportFindings).where(eq(customerImportFindings.importId, importId));
  for (const [list, entries] of Object.entries(findings)) {
    for (let i = 0; i < entries.length; i += chunk) {
      const rows = entries.slice(i, i + chunk).map((entry, n) => ({ p: i + n, e: entry }));
      await tx.execute(sql`
        insert into customer_import_findings (import_id, list, position, entry)
        select ${importId}::uuid, ${list}, r.p, r.e from json_to_recordset(${JSON.stringify(rows)}::json) as r(p integer, e jsonb)`);
    }
  }
}

/** One page of a report's list, in file order, and how many the list holds in all. */
export async function pageOfFindings(db: Db, importId: string, list: ImportFindingList, offset: number, limit: number) {
  const where = and(eq(customerImportFindings.importId, importId), eq(customerImportFindings.list, list));
  const [{ total }] = await db.select({ total: count() }).from(customerImportFindings).where(where);
  const page = await db.select({ entry: customerImportFindings.entry }).from(customerImportFindings)
    .where(and(where, gte(customerImportFindings.position, offset))).orderBy(asc(customerImportFindings.position)).limit(limit);
  return { total, items: page.map((p) => p.entry) };
}
