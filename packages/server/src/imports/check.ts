import type { ImportAttributeType, ImportDuplicate, ImportMapping } from '@xiang/shared';
import { inferAttributeTypes, type AttributeWarning } from './attribute-types.ts';
import type { Db } from '../platform/db/index.ts';
import { invalid } from '../platform/errors.ts';
import type { Scope } from '../platform/scope.ts';
import { findIdentityHolders, type IdentityHolder } from '../customers/bulk.ts';
import { listProducts } from '../subscriptions/service.ts';
import { resolveColumns, type Column } from './columns.ts';
import { openSourceFile } from './read-file.ts';
import { readCustomerRow, type ImportedCustomer, type ProductForImport, type RowContext, type RowError } from './rows.ts';
import { visibleUnitNames } from './unit-names.ts';
import { isBlankRow, isSummaryRow, splitAtHeader } from './header-row.ts';
import type { Told } from '../platform/messages.ts';
import { kindEn, kindZh, tell } from './messages.ts';

/** A row naming someone who already exists; told in the reader's language when answered. */
export type DuplicateRow = Told<ImportDuplicate>;

/** What reading a whole file found: the customers to write and everything wrong with the rest. */
export interface FileCheck {
  format: 'csv' | 'xlsx';
  encoding: string;
  /** The row the header was found in (or chosen), as the spreadsheet numbers it. */
  headerRow: number;
  headerCells: string[];
  columns: Column[];
  customers: ImportedCustomer[];
  totalRows: number;
  validRows: number;
  invalidRows: number;
  duplicateRows: number;
  /** Rows after the header that are no customer: blank ones, and sums (合计, Total). */
  skipped: { blankRows: number; summaryRows: number[] };
  errors: RowError[];
  duplicates: DuplicateRow[];
  /** Each custom attribute's column and the type its cells say it is; the cells that do not fit. */
  attributeTypes: ImportAttributeType[];
  warnings: AttributeWarning[];
  /**
   * Duplicate customers (set aside above) whose identities all belong to one existing, active
   * customer the caller may see: what merge_duplicates merges into that customer.
   */
  mergeable: { customer: ImportedCustomer; customerId: string }[];
}

/** How a file is read: the client's mapping and header row, or what was resolved when it was checked. */
export interface FileReading {
  mapping?: ImportMapping;
  headerRow?: number | null;
}

const identityKey = (i: { kind: string; value: string }) => `${i.kind}:${i.value}`;

/**
 * Reads every row (streaming), validates it in memory, then looks up all identities against
 * the customers already known in a few batched queries. Never stops at the first bad row.
 */
export async function checkFile(
  db: Db, scope: Scope, bytes: Buffer, reading: FileReading, { importId }: { importId?: string } = {},
): Promise<FileCheck> {
  const read = await readFileRows(db, scope, bytes, reading);
  return checkAgainstKnownCustomers(read, await holdersOf(db, scope, read.customers, importId));
}

/**
 * What a file says on its own, before it meets the customers already known: every row read and
 * validated, duplicates within the file set aside. `customers` are the candidates; `mergeable`
 * is empty. The products and units the rows were read against are fingerprinted, so a kept
 * reading is used again only while they are the same.
 */
export interface FileRows extends FileCheck {
  /** The day the rows were read on (YYYY-MM-DD): services without a start date start then. */
  day: string;
  productsFingerprint: string | null;
  unitsFingerprint: string | null;
}

export async function readFileRows(db: Db, scope: Scope, bytes: Buffer, reading: FileReading): Promise<FileRows> {
  const source = openSourceFile(bytes);
  const sheet = await splitAtHeader(source.batches, reading.headerRow ?? undefined);
  const columns = resolveColumns(sheet.header.cells, reading.mapping);
  const context: RowContext = {
    columns, format: source.format, today: new Date().toISOString().slice(0, 10),
    products: columns.some((c) => c.field === 'productCode' || c.field === 'serviceNumber') ? await productsByCode(db) : new Map(),
    units: columns.some((c) => c.field === 'unit') ? await visibleUnitNames(db, scope) : null,
  };
  const check: FileRows = {
    format: source.format, encoding: source.encoding, headerRow: sheet.header.row, headerCells: sheet.header.cells, columns, customers: [],
    totalRows: 0, validRows: 0, invalidRows: 0, duplicateRows: 0, skipped: { blankRows: 0, summaryRows: [] }, errors: [], duplicates: [], attributeTypes: [], warnings: [], mergeable: [],
    day: context.today, productsFingerprint: context.products.size ? productsFingerprint(context.products) : null, unitsFingerprint: context.units?.fingerprint ?? null,
  };
  // Identity → the customer of an earlier row that has it.
  const seen = new Map<string, ImportedCustomer>();
  let previousRow = sheet.header.row;
  for await (const batch of sheet.batches) for (const { row, cells } of batch) {
    // A sheet leaves out the rows nobody wrote in; a text file has them as blank lines.
    if (source.format === 'xlsx') check.skipped.blankRows += Math.max(0, row - previousRow - 1);
    previousRow = row;
    if (isBlankRow(cells)) { check.skipped.blankRows++; continue; }
    // A sheet can hold one too (written _x0000_): refused at the dry run, as the commit could not store it.
    if (cells.some((c) => c.includes('\u0000'))) throw invalid('file', tell('fileHasNul', { line: row }));
    if (isSummaryRow(cells)) { check.skipped.summaryRows.push(row); continue; }
    check.totalRows++;
    const { customer, errors } = readCustomerRow(row, cells, context);
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
    // One duplicate row is one entry, however many of its identities an earlier row has.
    check.duplicateRows++;
    const clashes = customer.identities.filter((_, n) => earlier[n]);
    check.duplicates.push({
      row, field: clashes[0].kind, value: clashes[0].value, existingCustomerId: null, existingCustomerNumber: null, existingCustomerName: null, duplicateOfRow: first.rows[0],
      said: tell('duplicateInFile', { ...identitiesNamed(clashes), row: first.rows[0] }),
    });
  }
  if (check.totalRows === 0) throw invalid('file', tell('fileHasNoCustomers'));
  ({ types: check.attributeTypes, warnings: check.warnings } = inferAttributeTypes(columns, check.customers));
  return check;
}

/** Who already holds any identity of these customers (the whole of an import's lookup against the store). */
export function holdersOf(db: Db, scope: Scope, candidates: ImportedCustomer[], importId?: string) {
  return findIdentityHolders(db, scope, candidates.flatMap((c) => c.identities), { exceptImportId: importId });
}

/**
 * The file's rows against the customers known: a candidate with an identity someone holds is
 * a duplicate of that customer. Leaves `read` as it was, so a kept reading can meet the store again.
 */
export function checkAgainstKnownCustomers(read: FileCheck, holders: Map<string, IdentityHolder>): FileCheck {
  const check: FileCheck = { ...read, customers: [...read.customers], duplicates: [...read.duplicates], mergeable: [] };
  setAsideKnownCustomers(check, holders);
  check.validRows = check.customers.reduce((n, c) => n + c.rows.length, 0);
  check.duplicates.sort((a, b) => a.row - b.row);
  return check;
}

/**
 * Rows naming a customer who already exists become duplicates, pointing to that customer when
 * visible. Those that name exactly one such customer, active and visible, may be merged into it;
 * a row naming two customers, or one of another unit, stays a duplicate whatever the mode.
 */
function setAsideKnownCustomers(check: FileCheck, holders: Map<string, IdentityHolder>) {
  if (!holders.size) return;
  check.customers = check.customers.filter((customer) => {
    const clashes = customer.identities.filter((i) => holders.has(identityKey(i)));
    if (!clashes.length) return true;
    check.duplicateRows += customer.rows.length;
    const named = new Set(clashes.map((i) => holders.get(identityKey(i))!.holderKey));
    const holder = holders.get(identityKey(clashes[0]))!;
    if (named.size === 1 && holder.isVisible && holder.isActive) check.mergeable.push({ customer, customerId: holder.customerId! });
    // One entry per row, naming the customer its first clashing identity belongs to.
    const values = identitiesNamed(clashes);
    for (const row of customer.rows) {
      check.duplicates.push({
        row, field: clashes[0].kind, value: clashes[0].value, existingCustomerId: holder.customerId,
        existingCustomerNumber: holder.customerNumber, existingCustomerName: holder.customerName, duplicateOfRow: null,
        said: named.size > 1 ? tell('duplicateOfSeveral', { ...values, count: named.size })
          : holder.isVisible ? tell('duplicateOfCustomer', { ...values, number: holder.customerNumber!, name: holder.customerName! }) : tell('duplicateHidden', values),
      });
    }
    return false;
  });
}

/** "phone +86139…, e-mail a@b.cn" in each language, for a message about several identities at once. */
function identitiesNamed(list: { kind: string; value: string }[]) {
  return {
    identities: list.map((i) => `${kindEn(i.kind)} ${i.value}`).join(', '),
    identitiesZh: list.map((i) => `${kindZh(i.kind)} ${i.value}`).join('、'),
  };
}

/** What the rows' products were read against: a changed price or category makes the kept reading stale. */
function productsFingerprint(products: Map<string, ProductForImport>) {
  return JSON.stringify([...products].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export const currentProductsFingerprint = async (db: Db) => productsFingerprint(await productsByCode(db));
export const currentUnitsFingerprint = async (db: Db, scope: Scope) => (await visibleUnitNames(db, scope)).fingerprint;

async function productsByCode(db: Db) {
  const products = await listProducts(db);
  return new Map(products.map((p) => [p.code.normalize('NFKC').toUpperCase(), { id: p.id, category: p.category, monthlyFeeFen: p.monthlyFeeFen }]));
}
