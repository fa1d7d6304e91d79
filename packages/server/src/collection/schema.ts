import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

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
  /** The unit the new customers go to. */
  unitId: uuid('unit_id').notNull(),
  ownerId: uuid('owner_id'),
  totalRows: integer('total_rows').notNull(),
  validRows: integer('valid_rows').notNull(),
  invalidRows: integer('invalid_rows').notNull(),
  duplicateRows: integer('duplicate_rows').notNull(),
  createdCustomers: integer('created_customers').notNull().default(0),
  /** What the last check found (format, columns, the first errors and duplicates), shown again without re-reading the file. */
  report: jsonb('report').$type<Record<string, unknown>>().notNull().default({}),
  createdBy: uuid('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  committedAt: timestamp('committed_at', { withTimezone: true }),
  undoneAt: timestamp('undone_at', { withTimezone: true }),
}, (t) => [index('customer_imports_unit_idx').on(t.unitId, t.createdAt)]);
