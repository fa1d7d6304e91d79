import type { ImportDuplicate, ImportMapping } from '@xiang/shared';
import type { Db } from '../platform/db/index.ts';
import { invalid } from '../platform/errors.ts';
import type { Scope } from '../platform/scope.ts';
import { findIdentityHolders } from '../customers/bulk.ts';
import { listProducts } from '../subscriptions/service.ts';
import { resolveColumns, type Column } from './columns.ts';
import { openSourceFile } from './read-file.ts';
import { readCustomerRow, type ImportedCustomer, type ProductForImport, type RowError } from './rows.ts';
import type { Told } from '../platform/messages.ts';
import { kindZh, tell } from './messages.ts';

/** A row naming someone who already exists; told in the reader's language when answered. */
export type DuplicateRow = Told<ImportDuplicate>;

/** What reading a whole file found: the customers to write and everything wrong with the rest. */
export interface FileCheck {
  format: 'csv' | 'xlsx';
  encoding: string;
  headerCells: string[];
  columns: Column[];
  customers: ImportedCustomer[];
  totalRows: number;
  validRows: number;
  invalidRows: number;
  duplicateRows: number;
  errors: RowError[];
  duplicates: DuplicateRow[];
  /**
   * Duplicate customers (set aside above) whose identities all belong to one existing, active
   * customer the caller may see: what merge_duplicates merges into that customer.
   */
  mergeable: { customer: ImportedCustomer; customerId: string }[];
}

const identityKey = (i: { kind: string; value: string }) => `${i.kind}:${i.value}`;

/**
 * Reads every row (streaming), validates it in memory, then looks up all identities against
 * the customers already known in a few batched queries. Never stops at the first bad row.
 */
export async function checkFile(
  db: Db, scope: Scope, bytes: Buffer, mapping: ImportMapping | undefined, { importId }: { importId?: string } = {},
): Promise<FileCheck> {
  const source = openSourceFile(bytes);
  const today = new Date().toISOString().slice(0, 10);
  let headerCells: string[] | null = null;
  let columns: Column[] = [];
  let products = new Map<string, ProductForImport>();
  const check: FileCheck = {
    format: source.format, encoding: source.encoding, headerCells: [], columns, customers: [],
    totalRows: 0, validRows: 0, invalidRows: 0, duplicateRows: 0, errors: [], duplicates: [], mergeable: [],
  };
  // Identity → the customer of an earlier row that has it.
  const seen = new Map<string, ImportedCustomer>();
  for await (const batch of source.batches) for (const { row, cells } of batch) {
    if (!headerCells) {
      headerCells = cells;
      columns = resolveColumns(cells, mapping);
      if (columns.some((c) => c.field === 'productCode' || c.field === 'serviceNumber')) products = await productsByCode(db);
      continue;
    }
    check.totalRows++;
    const { customer, errors } = readCustomerRow(row, cells, columns, products, today);
    if (!customer) {
      check.invalidRows++;
      check.errors.push(...errors);
      continue;
    }
    const earlier = customer.identities.map((i) => seen.get(identityKey(i)));
    const first = earlier.find(Boolean);
    if (!first) {
      for (const identity of customer.identities) seen.set(identityKey(identity), customer);
      check.customers.push(customer);
      continue;
    }
    // One row per service is how billing systems export: the same person again, with another service.
    const isAnotherService = customer.services.length > 0 && customer.name === first.name && earlier.every((c) => c === first);
    if (isAnotherService) {
      first.services.push(...customer.services);
      first.rows.push(row);
      continue;
    }
    check.duplicateRows++;
    customer.identities.forEach((identity, n) => {
      const other = earlier[n];
      if (other) {
        check.duplicates.push({
          row, field: identity.kind, value: identity.value, existingCustomerId: null, duplicateOfRow: other.rows[0],
          said: tell('duplicateInFile', { kind: identity.kind, kindZh: kindZh(identity.kind), value: identity.value, row: other.rows[0] }),
        });
      }
    });
  }
  if (!headerCells) throw invalid('file', tell('fileHasNoRows'));
  if (check.totalRows === 0) throw invalid('file', tell('fileHasNoCustomers'));
  check.headerCells = headerCells;
  check.columns = columns;
  await setAsideKnownCustomers(db, scope, check, importId);
  check.validRows = check.customers.reduce((n, c) => n + c.rows.length, 0);
  check.duplicates.sort((a, b) => a.row - b.row);
  return check;
}

/**
 * Rows naming a customer who already exists become duplicates, pointing to that customer when
 * visible. Those that name exactly one such customer, active and visible, may be merged into it;
 * a row naming two customers, or one of another unit, stays a duplicate whatever the mode.
 */
async function setAsideKnownCustomers(db: Db, scope: Scope, check: FileCheck, importId: string | undefined) {
  const holders = await findIdentityHolders(db, scope, check.customers.flatMap((c) => c.identities), { exceptImportId: importId });
  if (!holders.size) return;
  check.customers = check.customers.filter((customer) => {
    const clashes = customer.identities.filter((i) => holders.has(identityKey(i)));
    if (!clashes.length) return true;
    check.duplicateRows += customer.rows.length;
    const named = new Set(clashes.map((i) => holders.get(identityKey(i))!.holderKey));
    const holder = holders.get(identityKey(clashes[0]))!;
    if (named.size === 1 && holder.isVisible && holder.isActive) check.mergeable.push({ customer, customerId: holder.customerId! });
    for (const row of customer.rows) {
      for (const identity of clashes) {
        const holder = holders.get(identityKey(identity))!;
        const values = { kind: identity.kind, kindZh: kindZh(identity.kind), value: identity.value };
        check.duplicates.push({
          row, field: identity.kind, value: identity.value, existingCustomerId: holder.customerId, duplicateOfRow: null,
          said: holder.isVisible ? tell('duplicateOfCustomer', { ...values, customerId: holder.customerId! }) : tell('duplicateHidden', values),
        });
      }
    }
    return false;
  });
}

async function productsByCode(db: Db) {
  const products = await listProducts(db);
  return new Map(products.map((p) => [p.code.normalize('NFKC').toUpperCase(), { id: p.id, category: p.category, monthlyFeeFen: p.monthlyFeeFen }]));
}
