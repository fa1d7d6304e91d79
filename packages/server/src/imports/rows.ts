import type { IdentityKind, ImportRowError } from '@xiang/shared';
import { normalizePhone } from '@xiang/shared/phone';
import { canonicalIdentity, isChineseIdNumber, isCreditCode } from '../customers/identity-values.ts';
import type { BulkCustomer } from '../customers/bulk.ts';
import type { Column } from './columns.ts';
import type { UnitNames } from './unit-names.ts';
import { cleanCell, readDate, readGender, readKind, readTags, readText, readTier, type Reading } from './cell-values.ts';
import type { Said, Told } from '../platform/messages.ts';
import { tell } from './messages.ts';

/** A problem in one row, for the report; told in the reader's language when answered. */
export type RowError = Told<ImportRowError>;

type Fail = (column: Column | null, field: string, said: Said) => void;

/** A service (在用业务) a row brings with its customer. */
export interface ImportedService {
  productId: string;
  serviceNumber: string;
  startDate: string;
  monthlyFeeFen: number;
}

/** A row that reads cleanly: the customer it describes and the rows it came from. */
export interface ImportedCustomer extends BulkCustomer {
  rows: number[];
  services: ImportedService[];
}

export interface ProductForImport {
  id: string;
  category: string;
  monthlyFeeFen: number;
}

const identityFields = new Set<string>(['phone', 'email', 'id_number', 'credit_code', 'member_id', 'wechat']);
/** A cell may hold several phone numbers or e-mails: "138…；139…". */
const listSeparators = /[;,，；、|]/;

/**
 * Reads one row into a customer, collecting every problem in it rather than stopping at the
 * first, so the report lists all that needs fixing at once.
 */
/** What every row of a file is read with. */
export interface RowContext {
  columns: Column[];
  format: 'csv' | 'xlsx';
  products: Map<string, ProductForImport>;
  /** YYYY-MM-DD: a service without a start date starts today. */
  today: string;
  /** The units the importer can see, by the names a unit column may give (read only when the file has one). */
  units: UnitNames | null;
}

export function readCustomerRow(row: number, cells: string[], context: RowContext): { customer: ImportedCustomer | null; errors: RowError[] } {
  const { columns, products, today } = context;
  const errors: RowError[] = [];
  const fail: Fail = (column, field, said) => errors.push({ row, column: column?.header ?? null, field, said });
  if (cells.length > columns.length && cells.slice(columns.length).some((c) => c.trim() !== '')) {
    // Only a text file has commas to quote.
    fail(null, 'row', tell(context.format === 'csv' ? 'rowTooWide' : 'rowWiderThanHeader', { cells: cells.length, columns: columns.length }));
  }
  const customer: ImportedCustomer = {
    id: crypto.randomUUID(), rows: [row], kind: 'individual', name: '', tier: 'regular', gender: null, birthDate: null, customerSince: null,
    industry: null, address: null, note: null, tags: [], attributes: {}, identities: [], services: [],
  };
  const take = <T>(column: Column, reading: Reading<T>, set: (value: T) => void) => {
    if ('error' in reading) fail(column, column.field, reading.error);
    else if (reading.value !== null) set(reading.value);
  };
  let productCode: { column: Column; code: string } | null = null;
  let serviceNumber: { column: Column; value: string } | null = null;
  let serviceStart: string | null = null;
  // A mobile plan's service number is usually the phone in the same row: read it once.
  const phonesAsWritten = new Map<string, string>();
  const idNumbers: { column: Column; value: string }[] = [];
  const readUnit = (column: Column, text: string) => {
    const unitId = context.units?.find(text) ?? null;
    if (unitId === 'ambiguous') fail(column, 'unit', tell('unitAmbiguous', { value: text }));
    else if (!unitId) fail(column, 'unit', tell('noSuchUnit', { value: text }));
    else customer.unitId = unitId;
  };
  const addIdentity = (column: Column, kind: IdentityKind, value: string) => {
    const canonical = canonicalIdentity(kind, value);
    if ('error' in canonical) {
      fail(column, kind, canonical.error);
      return null;
    }
    if (!customer.identities.some((i) => i.kind === kind && i.value === canonical.value)) customer.identities.push({ kind, value: canonical.value });
    return canonical.value;
  };
  for (const column of columns) {
    const text = cleanCell(cells[column.index] ?? '');
    switch (column.field) {
      case 'name': take(column, readText(text, 200), (v) => { customer.name = v; }); break;
      case 'unit': if (text) readUnit(column, text); break;
      case 'kind': take(column, readKind(text), (v) => { customer.kind = v; }); break;
      case 'tier': take(column, readTier(text), (v) => { customer.tier = v; }); break;
      case 'gender': take(column, readGender(text), (v) => { customer.gender = v; }); break;
      case 'birthDate': take(column, readDate(text, { isPastOnly: true }), (v) => { customer.birthDate = v; }); break;
      case 'customerSince': take(column, readDate(text, { isPastOnly: true }), (v) => { customer.customerSince = v; }); break;
      case 'address': take(column, readText(text, 300), (v) => { customer.address = v; }); break;
      case 'industry': take(column, readText(text, 100), (v) => { customer.industry = v; }); break;
      case 'note': take(column, readText(text, 2000), (v) => { customer.note = v; }); break;
      case 'tags': take(column, readTags(text), (v) => { customer.tags = [...new Set([...customer.tags, ...v])]; }); break;
      case 'attribute': take(column, readText(text, 500), (v) => { customer.attributes[column.header.slice(0, 60)] = v; }); break;
      case 'productCode': if (text) productCode = { column, code: text.toUpperCase() }; break;
      case 'serviceNumber': if (text) serviceNumber = { column, value: text }; break;
      case 'serviceStartDate': take(column, readDate(text), (v) => { serviceStart = v; }); break;
      case 'ignore': break;
      default:
        if (column.field === 'id_number' && text) {
          // 证件号码: which kind of number it is depends on who the row is, known once the row is read.
          idNumbers.push({ column, value: text });
        } else if (identityFields.has(column.field) && text) {
          const kind = column.field as IdentityKind;
          const values = kind === 'phone' || kind === 'email' ? text.split(listSeparators).map((v) => v.trim()).filter(Boolean) : [text];
          for (const value of values) {
            const identity = addIdentity(column, kind, value);
            if (identity && kind === 'phone') phonesAsWritten.set(value, identity);
          }
        }
    }
  }
  for (const { column, value } of idNumbers) addIdentity(column, identityKindOfNumber(customer.kind, value), value);
  // Required is required: a customer is never named after its phone or member id.
  if (!customer.name) {
    const nameColumn = columns.find((c) => c.field === 'name') ?? null;
    fail(nameColumn, 'name', tell(nameColumn ? 'nameRequired' : 'nameColumnMissing'));
  }
  if (productCode || serviceNumber) {
    const service = readService(productCode, serviceNumber, serviceStart ?? today, products, phonesAsWritten, fail);
    if (service) customer.services.push(service);
  }
  return { customer: errors.length ? null : customer, errors };
}

/**
 * 证件号码 — an enterprise is identified by its unified social credit code (GB 32100), a person by
 * an ID card (GB 11643). An enterprise row's number that is not a credit code but is an ID card
 * (a sole trader's) is taken as one; otherwise each is checked by its own rule.
 */
function identityKindOfNumber(kind: 'individual' | 'enterprise', value: string): IdentityKind {
  if (kind !== 'enterprise') return 'id_number';
  const id = value.normalize('NFKC').replace(/\s/g, '').toUpperCase();
  return !isCreditCode(id.replace(/-/g, '')) && isChineseIdNumber(id) ? 'id_number' : 'credit_code';
}

function readService(
  productCode: { column: Column; code: string } | null, serviceNumber: { column: Column; value: string } | null, startDate: string,
  products: Map<string, ProductForImport>, phonesAsWritten: Map<string, string>,
  fail: Fail,
): ImportedService | null {
  if (!productCode) {
    fail(serviceNumber!.column, 'productCode', tell('serviceNeedsProduct'));
    return null;
  }
  const product = products.get(productCode.code);
  if (!product) {
    fail(productCode.column, 'productCode', tell('noSuchProductCode', { code: productCode.code }));
    return null;
  }
  if (!serviceNumber) {
    fail(productCode.column, 'serviceNumber', tell('productNeedsService'));
    return null;
  }
  let number = serviceNumber.value;
  // Mobile and fixed-line numbers are stored in E.164 like every phone number; broadband accounts as written.
  if (product.category === 'mobile' || product.category === 'fixed_line') {
    const phone = phonesAsWritten.get(number) ?? normalizePhone(number);
    if (!phone) {
      fail(serviceNumber.column, 'serviceNumber', { key: 'notAPhone', params: { value: number } });
      return null;
    }
    number = phone;
  } else if (number.length > 40) {
    fail(serviceNumber.column, 'serviceNumber', tell('serviceNumberTooLong'));
    return null;
  }
  return { productId: product.id, serviceNumber: number, startDate, monthlyFeeFen: product.monthlyFeeFen };
}
