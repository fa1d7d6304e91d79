import { z } from 'zod';
import { defineEvents, event, uuid } from './event-kit.ts';

/**
 * 数据导入 — what a column of an uploaded customer file may become. Identity kinds keep their
 * own names (phone, member_id …); customer fields are named as on the customer; `attribute`
 * keeps the column as a custom attribute under its header; `ignore` drops it.
 */
export const ImportField = z.enum([
  'name', 'kind', 'tier', 'gender', 'birthDate', 'customerSince', 'address', 'industry', 'note', 'tags',
  'phone', 'email', 'id_number', 'credit_code', 'member_id', 'wechat',
  'productCode', 'serviceNumber', 'serviceStartDate',
  'attribute', 'ignore',
  'unit',
]);
export type ImportField = z.infer<typeof ImportField>;

/** Source column header → field. Columns the mapping leaves out are guessed from their header. */
export const ImportMapping = z.record(z.string().trim().min(1).max(200), ImportField)
  .refine((m) => Object.keys(m).length <= 300, 'At most 300 columns.');
export type ImportMapping = z.infer<typeof ImportMapping>;

/**
 * all_or_nothing: one bad or duplicate row and nothing is written. valid_only: those rows are
 * skipped. merge_duplicates: valid rows are created; a row that duplicates one existing customer
 * the caller may see is merged into that customer (only what it lacks is added); the rest are skipped.
 */
export const ImportMode = z.enum(['all_or_nothing', 'valid_only', 'merge_duplicates']);
export type ImportMode = z.infer<typeof ImportMode>;

const booleanField = z.union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
  .transform((v) => v === true || v === 'true' || v === '1');

/** The form fields sent with the file (multipart, beside the field "file"). */
export const ImportOptions = z.object({
  /** JSON of an ImportMapping, as a form field carries text. */
  mapping: z.string().max(50_000).optional()
    .transform((text, ctx) => {
      if (text === undefined || text.trim() === '') return undefined;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'The mapping is not valid JSON.' });
        return z.NEVER;
      }
    })
    .pipe(ImportMapping.optional()),
  unitId: z.uuid().optional(),
  ownerId: z.uuid().optional(),
  /** The row holding the column headers, as the spreadsheet numbers it; found when not given. */
  headerRow: z.coerce.number().int().min(1).max(10_000).optional(),
  /** A dry run checks and reports; without one the rows are also written (in `mode`). */
  dryRun: booleanField.default(true),
  mode: ImportMode.default('all_or_nothing'),
  /** Without a dry run: take cells that do not fit their column's type as written. */
  acceptWarnings: booleanField.default(false),
});
export type ImportOptions = z.input<typeof ImportOptions>;

export const ImportCommit = z.object({
  mode: ImportMode.default('all_or_nothing'),
  /** The user has seen the warnings (cells that do not fit their column's type) and takes the cells as written. */
  acceptWarnings: z.boolean().default(false),
});

/** The type a custom attribute's column is read as, inferred from its cells; choice lists its values. */
export const ImportAttributeType = z.object({
  column: z.string(),
  type: z.enum(['number', 'date', 'choice', 'text']),
  /** Cells of the column that do not fit the type (each one is in warnings). */
  warnings: z.number(),
  choices: z.array(z.string()).optional(),
});
export type ImportAttributeType = z.infer<typeof ImportAttributeType>;

/** A cell that does not fit its column's type: imported as written only once the user accepts it. */
export const ImportWarning = z.object({
  row: z.number(),
  column: z.string(),
  value: z.string(),
  type: z.string(),
  message: z.string(),
});
export type ImportWarning = z.infer<typeof ImportWarning>;

export const ImportStatus = z.enum(['checked', 'committed', 'undone']);

/** A cell the import cannot take: the row as the spreadsheet numbers it, the column, why. */
export const ImportRowError = z.object({
  row: z.number(),
  column: z.string().nullable(),
  field: z.string(),
  message: z.string(),
});
export type ImportRowError = z.infer<typeof ImportRowError>;

/**
 * A row naming someone who already exists: a customer in the database (its id only when the
 * caller may see it, so the console can offer a merge) or an earlier row of the same file.
 */
export const ImportDuplicate = z.object({
  row: z.number(),
  field: z.string(),
  value: z.string(),
  existingCustomerId: z.string().nullable(),
  /** The existing customer's number (C…) and name, to show instead of its id; null when out of sight. Missing in reports kept before. */
  existingCustomerNumber: z.string().nullable().optional(),
  existingCustomerName: z.string().nullable().optional(),
  duplicateOfRow: z.number().nullable(),
  message: z.string(),
});
export type ImportDuplicate = z.infer<typeof ImportDuplicate>;

export const CustomerImport = z.object({
  id: z.string(),
  fileName: z.string(),
  status: ImportStatus,
  mapping: z.record(z.string(), z.string()),
  unitId: z.string(),
  ownerId: z.string().nullable(),
  totalRows: z.number(),
  validRows: z.number(),
  invalidRows: z.number(),
  duplicateRows: z.number(),
  createdCustomers: z.number(),
  /** merge_duplicates: rows merged into existing customers, and how many customers they went to. */
  mergedRows: z.number(),
  mergedCustomers: z.number(),
  createdBy: z.string(),
  createdAt: z.date(),
  committedAt: z.date().nullable(),
  undoneAt: z.date().nullable(),
});
export type CustomerImport = z.infer<typeof CustomerImport>;

/** A row merged into an existing customer (merge_duplicates). */
export const ImportMerge = z.object({
  row: z.number(),
  customerId: z.string(),
});
export type ImportMerge = z.infer<typeof ImportMerge>;

/** What a check found: the first errors and duplicates inline, every one in errors.csv. */
export const ImportReport = z.object({
  import: CustomerImport,
  format: z.enum(['csv', 'xlsx']),
  encoding: z.string(),
  columns: z.array(z.object({ column: z.string(), field: ImportField })),
  /** The row the column headers were read from (found, or chosen with headerRow); rows above it are not read. */
  headerRow: z.number(),
  /** Rows after the header that are no customer and were passed over: blank ones, and sums (合计, 总计, Total). */
  skipped: z.object({ blankRows: z.number(), summaryRows: z.array(z.number()) }),
  errors: z.array(ImportRowError),
  duplicates: z.array(ImportDuplicate),
  /** Each custom attribute's column with the type inferred for it. */
  attributeTypes: z.array(ImportAttributeType),
  warnings: z.array(ImportWarning),
  warningCount: z.number(),
  /** How many of each exist in all: each list above is its first page, the rest at /imports/:id/findings/{list}. */
  errorCount: z.number(),
  duplicateCount: z.number(),
  /** Duplicate rows that name exactly one existing customer the caller may see: what merge_duplicates would merge. */
  mergeableRows: z.number(),
  /** After a merge_duplicates commit: the first rows merged and the customer each went to (every one is kept for undo). */
  merged: z.array(ImportMerge),
  mergedCount: z.number(),
});
export type ImportReport = z.infer<typeof ImportReport>;

export const ImportList = z.object({ items: z.array(CustomerImport) });

/**
 * Undo: the customers the import created are archived; what it merged into existing customers
 * is taken out again — each addition only while it is still as the import left it (an identity
 * or service still on that customer and active, a tag still there, an attribute or field still
 * holding the imported value). Anything changed since is kept and counted in keptAdditions.
 */
export const ImportUndone = z.object({
  import: CustomerImport,
  archivedCustomers: z.number(),
  /** Existing customers the import had merged rows into, now without the import's additions. */
  unmergedCustomers: z.number(),
  removedAdditions: z.object({ identities: z.number(), services: z.number(), tags: z.number(), attributes: z.number(), fields: z.number() }),
  /** Additions left in place because someone changed them after the import. */
  keptAdditions: z.number(),
});

/** The lists of a report, each paged: GET /imports/:id/{list}?offset=&limit=. */
export const ImportFindingList = z.enum(['errors', 'duplicates', 'warnings', 'merged']);
export type ImportFindingList = z.infer<typeof ImportFindingList>;

export const ImportFindingsQuery = z.object({
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/** One page of a report's list; total is the length of the whole list, the number every screen shows. */
export const ImportFindingsPage = z.object({
  list: ImportFindingList,
  offset: z.number(),
  limit: z.number(),
  total: z.number(),
  items: z.array(z.union([ImportRowError, ImportDuplicate, ImportWarning, ImportMerge])),
});

// 导入 — the file import's events.
export const importEvents = defineEvents({
  'customer.imported': event(z.object({
    importId: uuid, unitId: uuid, ownerId: uuid.nullable(), createdCustomers: z.number().int(), services: z.number().int(),
    mergedRows: z.number().int(), mergedCustomers: z.number().int(),
  })),
  'customer.import_undone': event(z.looseObject({ status: z.literal('undone'), archivedCustomers: z.number().int() })),
});
