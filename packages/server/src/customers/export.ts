import type { z } from 'zod';
import { inArray, sql } from 'drizzle-orm';
import type { CustomerListQuery } from '@xiang/shared';
import type { Db } from '../platform/db/index.ts';
import { audit } from '../platform/audit.ts';
import { defineMessages, say, type Language } from '../platform/messages.ts';
import { authorize, may } from '../platform/policy.ts';
import type { Scope } from '../platform/scope.ts';
import { identities } from './schema.ts';
import { listCustomers } from './search.ts';
import { maskPhone } from './masking.ts';

type ExportQuery = z.infer<typeof CustomerListQuery>;

// What a reader of the file sees: column headings and codes in their words.
const label = defineMessages({
  exportNumber: { en: 'Customer number', zh: '客户编号' },
  exportName: { en: 'Name', zh: '客户名称' },
  exportKind: { en: 'Kind', zh: '客户类型' },
  exportTier: { en: 'Tier', zh: '客户等级' },
  exportStatus: { en: 'Status', zh: '状态' },
  exportUnit: { en: 'Unit', zh: '所属单位' },
  exportOwner: { en: 'Account manager', zh: '客户经理' },
  exportPhones: { en: 'Phones', zh: '电话' },
  exportEmails: { en: 'E-mails', zh: '电子邮箱' },
  exportCustomerSince: { en: 'Customer since', zh: '入网日期' },
  exportCreatedAt: { en: 'Created ({zone})', zh: '创建时间（{zone}）' },
  exportKind_individual: { en: 'Individual', zh: '个人客户' },
  exportKind_enterprise: { en: 'Enterprise', zh: '政企客户' },
  exportTier_key: { en: 'Key account', zh: '重点客户' },
  exportTier_regular: { en: 'Regular', zh: '普通客户' },
  exportStatus_active: { en: 'Active', zh: '正常' },
  exportStatus_archived: { en: 'Archived', zh: '已归档' },
  exportStatus_merged: { en: 'Merged', zh: '已合并' },
});

const columns = ['exportNumber', 'exportName', 'exportKind', 'exportTier', 'exportStatus', 'exportUnit', 'exportOwner', 'exportPhones', 'exportEmails', 'exportCustomerSince', 'exportCreatedAt'] as const;

/**
 * A customer list as CSV, the same filters as the screen, page by page so a million rows never
 * sit in memory. UTF-8 with a BOM so Excel opens Chinese correctly; headings, kinds, tiers and
 * statuses in the reader's language, times in the operator's time zone.
 */
export async function exportCustomersCsv(db: Db, scope: Scope, query: ExportQuery, reader: { language: Language; timeZone: string }): Promise<AsyncGenerator<string>> {
  // Refused before the download starts, so a refusal is a 403 and not a broken file.
  authorize(scope.role, 'customer.export');
  // Whatever the filters can be refused for is refused before the status line: the first page is read here.
  const first = await listCustomers(db, scope, { ...query, cursor: undefined, limit: 200 });
  // Full phone numbers leave only with a role allowed to see them (PIPL); every export is in the trail.
  const hasFullValues = may(scope.role, 'customer.reveal');
  await audit(db, scope, { action: 'customers.exported', entity: 'customer_export', entityId: 'customers', after: { query, hasFullValues } });
  return customerCsvRows(db, scope, query, first, { ...reader, hasFullValues });
}

async function* customerCsvRows(
  db: Db, scope: Scope, query: ExportQuery, first: Awaited<ReturnType<typeof listCustomers>>,
  { language, timeZone, hasFullValues }: { language: Language; timeZone: string; hasFullValues: boolean },
): AsyncGenerator<string> {
  const tell = (key: Parameters<typeof label>[0], params?: Record<string, string>) => say(label(key, params), language);
  const localTime = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  yield `\uFEFF${columns.map((c) => csvCell(tell(c, { zone: timeZone }))).join(',')}\r\n`;
  let page = first;
  while (page.items.length) {
    const ids = await db.select({ customerId: identities.customerId, kind: identities.kind, value: identities.value })
      .from(identities).where(sql`${inArray(identities.customerId, page.items.map((c) => c.id))} and ${identities.kind} in ('phone', 'email')`);
    const valuesOf = (id: string, kind: string) => ids.filter((i) => i.customerId === id && i.kind === kind)
      .map((i) => (kind === 'phone' && !hasFullValues ? maskPhone(i.value) : i.value)).join(' ');
    yield page.items.map((c) => [
      c.number, c.name, tell(`exportKind_${c.kind}`), tell(`exportTier_${c.tier}`), tell(`exportStatus_${c.status}`),
      (language === 'en' ? c.unitNameEn ?? c.unitName : c.unitName) ?? '', c.ownerName ?? '',
      valuesOf(c.id, 'phone'), valuesOf(c.id, 'email'), c.customerSince ?? '', localTime.format(c.createdAt),
    ].map(csvCell).join(',')).join('\r\n') + '\r\n';
    if (!page.nextCursor) break;
    page = await listCustomers(db, scope, { ...query, cursor: page.nextCursor, limit: 200 });
  }
}

/**
 * One CSV cell. A cell starting with = + - @ (or tab/CR) would run as a formula in Excel
 * (CSV injection) — a phone in E.164 (+8613800000000) as much as =HYPERLINK(…) — so it is
 * prefixed with an apostrophe and shows as the text it is.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
