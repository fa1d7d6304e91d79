import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { customers } from '../customers/schema.ts';

/**
 * 数据导入 — a customer file from another system. The file itself is kept (by hash, in the
 * blob store) so a dry run can be committed later and an import can be undone.
 */
export const customerImports = pgTable('customer_imports', {
  id: uuid('id').primaryKey().defaultRandom(),
  fileName: text('file_name').notNull(),
  fileSha256: text('file_sha256').notNull(),
  status: text('status', { enum: ['checked', 'committed', 'undone'] }).notNull(),
  /** Source column → customer field. */
  mapping: jsonb('mapping').notNull(),
  /** The row holding the column headers, as the spreadsheet numbers it (null: found when read, as before it was kept). */
  headerRow: integer('header_row'),
  /** The unit the new customers go to. */
  unitId: uuid('unit_id').notNull(),
  ownerId: uuid('owner_id'),
  totalRows: integer('total_rows').notNull(),
  validRows: integer('valid_rows').notNull(),
  invalidRows: integer('invalid_rows').notNull(),
  duplicateRows: integer('duplicate_rows').notNull(),
  createdCustomers: integer('created_customers').notNull().default(0),
  /** merge_duplicates: rows merged into existing customers, and into how many customers. */
  mergedRows: integer('merged_rows').notNull().default(0),
  mergedCustomers: integer('merged_customers').notNull().default(0),
  /** What the last check found (format, columns, the first errors and duplicates), shown again without re-reading the file. */
  report: jsonb('report').$type<Record<string, unknown>>().notNull().default({}),
  createdBy: uuid('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  committedAt: timestamp('committed_at', { withTimezone: true }),
  undoneAt: timestamp('undone_at', { withTimezone: true }),
}, (t) => [index('customer_imports_unit_idx').on(t.unitId, t.createdAt)]);

/** What a merge_duplicates import added to one existing customer, id by id, so undo can take it out again. */
export interface MergeAdditions {
  identityIds: string[];
  serviceIds: string[];
  tags: string[];
  /** Attribute → the value the import set. */
  attributes: Record<string, string>;
  /** Descriptive field that was empty → the value the import filled in. */
  fields: Record<string, string>;
}

/** 导入合并 — one existing customer that rows of an import were merged into. */
export const customerImportMerges = pgTable('customer_import_merges', {
  importId: uuid('import_id').notNull().references(() => customerImports.id),
  customerId: uuid('customer_id').notNull().references(() => customers.id),
  /** The file rows merged into this customer. */
  rows: integer('rows').array().notNull(),
  added: jsonb('added').$type<MergeAdditions>().notNull(),
}, (t) => [primaryKey({ columns: [t.importId, t.customerId] }), index('customer_import_merges_customer_idx').on(t.customerId)]);

/**
 * Every error, duplicate, warning and merge a check of an import found, one row each in the
 * order of the file, so the report's lists are paged and never cut short. Replaced by each check.
 */
export const customerImportFindings = pgTable('customer_import_findings', {
  importId: uuid('import_id').notNull().references(() => customerImports.id),
  list: text('list', { enum: ['errors', 'duplicates', 'warnings', 'merged'] }).notNull(),
  position: integer('position').notNull(),
  /** The entry as kept: what it says by key and values, told in the reader's language when read. */
  entry: jsonb('entry').$type<Record<string, unknown>>().notNull(),
}, (t) => [primaryKey({ columns: [t.importId, t.list, t.position] })]);

/**
 * What the dry run of an import read (kept-check.ts): the rows normalised and the file's own
 * findings, as JSON text, so the commit writes them and checks again only what may have
 * changed since. Removed when the import is committed.
 */
export const customerImportReadings = pgTable('customer_import_readings', {
  importId: uuid('import_id').primaryKey().references(() => customerImports.id),
  /** Text, not jsonb: the database never looks inside, so it need not parse 100,000 rows of it (nor bytea's hex). */
  reading: text('reading').notNull(),
});
