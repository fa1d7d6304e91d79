import type { z } from 'zod';
import { inArray, sql } from 'drizzle-orm';
import type { CustomerListQuery } from '@xiang/shared';
import type { Db } from '../platform/db/index.ts';
import { audit } from '../platform/audit.ts';
import { authorize, may } from '../platform/policy.ts';
import type { Scope } from '../platform/scope.ts';
import { identities } from './schema.ts';
import { listCustomers } from './search.ts';
import { maskPhone } from './masking.ts';

const header = ['customer_number', 'name', 'kind', 'tier', 'status', 'unit', 'owner', 'phones', 'emails', 'created_at'];

/**
 * A customer list as CSV, the same filters as the screen, page by page so a million rows never
 * sit in memory. UTF-8 with a BOM so Excel opens Chinese correctly.
 */
export async function exportCustomersCsv(db: Db, scope: Scope, query: z.infer<typeof CustomerListQuery>): Promise<AsyncGenerator<string>> {
  // Refused before the download starts, so a refusal is a 403 and not a broken file.
  authorize(scope.role, 'customer.export');
  // Whatever the filters can be refused for is refused before the status line: the first page is read here.
  const first = await listCustomers(db, scope, { ...query, cursor: undefined, limit: 200 });
  // Full phone numbers leave only with a role allowed to see them (PIPL); every export is in the trail.
  const hasFullValues = may(scope.role, 'customer.reveal');
  await audit(db, scope, { action: 'customers.exported', entity: 'customer_export', entityId: 'customers', after: { query, hasFullValues } });
  return customerCsvRows(db, scope, query, first, hasFullValues);
}

async function* customerCsvRows(
  db: Db, scope: Scope, query: z.infer<typeof CustomerListQuery>, first: Awaited<ReturnType<typeof listCustomers>>, hasFullValues: boolean,
): AsyncGenerator<string> {
  yield `\uFEFF${header.join(',')}\r\n`;
  let page = first;
  while (page.items.length) {
    const ids = await db.select({ customerId: identities.customerId, kind: identities.kind, value: identities.value })
      .from(identities).where(sql`${inArray(identities.customerId, page.items.map((c) => c.id))} and ${identities.kind} in ('phone', 'email')`);
    const valuesOf = (id: string, kind: string) => ids.filter((i) => i.customerId === id && i.kind === kind)
      .map((i) => (kind === 'phone' && !hasFullValues ? maskPhone(i.value) : i.value)).join(' ');
    yield page.items.map((c) => [
      c.number, c.name, c.kind, c.tier, c.status, c.unitName ?? '', c.ownerName ?? '',
      valuesOf(c.id, 'phone'), valuesOf(c.id, 'email'), c.createdAt.toISOString(),
    ].map(csvCell).join(',')).join('\r\n') + '\r\n';
    if (!page.nextCursor) break;
    page = await listCustomers(db, scope, { ...query, cursor: page.nextCursor, limit: 200 });
  }
}

/**
 * One CSV cell. A cell starting with = + - @ (or tab/CR) would run as a formula in Excel
 * (CSV injection); it is prefixed with an apostrophe so it shows as the text it is.
 */
export function csvCell(value: string): string {
  const isPlainNumber = /^[+-]?\d+$/.test(value);
  const safe = /^[=+\-@\t\r]/.test(value) && !isPlainNumber ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
