import { desc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ImportFindingList, ImportCommit, CustomerImport, ImportWarning, ImportDuplicate, ImportMapping, ImportMerge, ImportMode, ImportOptions, ImportReport, ImportRowError } from '@xiang/shared';
import type { Db } from '../platform/db/index.ts';
import type { BlobStore } from '../platform/blobs.ts';
import { audit, record } from '../platform/audit.ts';
import { conflict, notFound, Problem } from '../platform/errors.ts';
import { authorize } from '../platform/policy.ts';
import { guard, withinScope, type Scope } from '../platform/scope.ts';
import { archiveBulkCustomers, checkBulkTarget } from '../customers/bulk.ts';
import { isUuid } from '../customers/service.ts';
import { customerImports } from './schema.ts';
import { checkAgainstKnownCustomers, checkFile, holdersOf, readFileRows, type DuplicateRow, type FileCheck } from './check.ts';
import { dropReading, keepReading, reusableReading } from './kept-check.ts';
import { writeImportedCustomers } from './write.ts';
import type { RowError } from './rows.ts';
import type { AttributeWarning } from './attribute-types.ts';
import { importAlready, tell } from './messages.ts';
import { insertSubscriptionsInBulk } from '../subscriptions/bulk.ts';
import { mergeIntoExistingCustomers, undoMerges } from './merge.ts';
import { keepFindings, pageOfFindings } from './findings.ts';

type ImportRow = typeof customerImports.$inferSelect;
type Options = z.output<typeof ImportOptions>;
type Commit = z.output<typeof ImportCommit>;

/** How many entries of each list a report carries inline; the findings pages and errors.csv have every one. */
const reportedProblems = 100;

/**
 * An import's report as kept and passed on: each bad row and duplicate keeps what it says, and
 * the route tells it in the reader's language (reports kept before that have English messages).
 */
export type CheckedReport = Omit<ImportReport, 'errors' | 'duplicates' | 'warnings'> & {
  errors: (RowError | ImportRowError)[];
  duplicates: (DuplicateRow | ImportDuplicate)[];
  warnings: (AttributeWarning | ImportWarning)[];
};

/**
 * 数据导入, step one: reads and checks the file, keeps it, and records the import with its
 * counts. A dry run also keeps what it read, so the commit need not read the file again;
 * otherwise the customers are written at once, in `mode`.
 */
export async function checkImport(db: Db, blobs: BlobStore, scope: Scope, file: { fileName: string; bytes: Buffer }, options: Options) {
  authorize(scope.role, 'customer.import');
  const target = await checkBulkTarget(db, scope, { unitId: options.unitId, ownerId: options.ownerId });
  const read = await readFileRows(db, scope, file.bytes, { mapping: options.mapping, headerRow: options.headerRow });
  const check = checkAgainstKnownCustomers(read, await holdersOf(db, scope, read.customers));
  const fileSha256 = await blobs.put(file.bytes);
  // The mapping as resolved, so a later commit reads the file exactly as it was checked.
  const reading = { fileSha256, mapping: Object.fromEntries(check.columns.map((c) => [c.header, c.field])), headerRow: check.headerRow };
  const fileName = file.fileName.normalize('NFC').replace(/[\\/\u0000-\u001f]/g, '_').slice(-200) || 'customers.csv';
  const row = await db.transaction(async (tx) => {
    const [created] = await tx.insert(customerImports).values({
      fileName, status: 'checked', unitId: target.unitId, ownerId: target.ownerId, createdBy: scope.userId,
      ...reading, ...counts(check), report: reportOf(check),
    }).returning();
    if (options.dryRun) {
      const stillCandidates = new Set(check.customers);
      await keepReading(tx, scope, created, read, read.customers.filter((c) => !stillCandidates.has(c)).map((c) => c.id));
    }
    await keepFindings(tx, created.id, listsOf(check));
    await audit(tx, scope, { action: 'customer_import.checked', entity: 'customer_import', entityId: created.id, unitId: created.unitId, after: presentImport(created) });
    return created;
  });
  if (options.dryRun) return { ...reportOf(check), import: presentImport(row) } satisfies CheckedReport;
  return writeImport(db, scope, row, check, options);
}

/**
 * 数据导入, step two: writes what the dry run read. Only what may have changed since is checked
 * again — whether someone now holds an identity of these rows (see writeImport), the target unit
 * and owner; a reading that no longer holds (another day, reader, product or unit list) is
 * redone from the file, as is an import checked before readings were kept.
 */
export async function commitImport(db: Db, blobs: BlobStore, scope: Scope, importId: string, choice: Commit) {
  const row = await loadImport(db, scope, importId);
  if (row.status !== 'checked') throw conflict(importAlready(row.status), { field: 'status' });
  await checkBulkTarget(db, scope, { unitId: row.unitId, ownerId: row.ownerId });
  const kept = await reusableReading(db, scope, row);
  if (!kept) {
    const bytes = await blobs.get(row.fileSha256);
    if (!bytes) throw conflict(tell('fileNoLongerStored'), { field: 'file' });
    const check = await checkFile(db, scope, bytes, { mapping: row.mapping as ImportMapping, headerRow: row.headerRow });
    return writeImport(db, scope, row, check, choice);
  }
  // The dry run's duplicates of known customers are asked about again (their holder may have
  // changed); a candidate whose identity someone took since fails the write on the unique
  // index, and then every candidate is asked about.
  const wasHeld = kept.rows.customers.filter((c) => kept.heldCandidateIds.has(c.id));
  const check = checkAgainstKnownCustomers(kept.rows, await holdersOf(db, scope, wasHeld));
  const askEveryCandidate = async (tx: Db) => checkAgainstKnownCustomers(kept.rows, await holdersOf(tx, scope, kept.rows.customers));
  return writeImport(db, scope, row, check, choice, askEveryCandidate);
}

/**
 * Writes a checked file in `mode`. With `askEveryCandidate` the check asked the store only about
 * some rows: a refusal is then answered from a full check (the report a dry run now gives), and
 * a write that meets an identity someone took meanwhile is rolled back and done again from one.
 */
async function writeImport(
  db: Db, scope: Scope, row: ImportRow, firstCheck: FileCheck, choice: Commit, askEveryCandidate?: (tx: Db) => Promise<FileCheck>,
): Promise<CheckedReport> {
  let check = firstCheck;
  if (refusalOf(row, check, choice) && askEveryCandidate) check = await askEveryCandidate(db);
  const refusal = refusalOf(row, check, choice);
  if (refusal) throw refusal;
  const committed = await db.transaction(async (tx) => {
    // Locked and re-read: two clicks on "import" must not write the customers twice.
    const [current] = await tx.select().from(customerImports).where(eq(customerImports.id, row.id)).for('update');
    if (current.status !== 'checked') throw conflict(importAlready(current.status), { field: 'status' });
    let written: Awaited<ReturnType<typeof writeCustomers>>;
    if (!askEveryCandidate) written = await writeCustomers(tx, scope, row, check, choice.mode).catch(explainRace);
    else {
      try {
        written = await tx.transaction((attempt) => writeCustomers(attempt, scope, row, check, choice.mode));
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        check = await askEveryCandidate(tx);
        const refusal = refusalOf(row, check, choice);
        if (refusal) throw refusal;
        written = await writeCustomers(tx, scope, row, check, choice.mode).catch(explainRace);
      }
    }
    const { services, merges } = written;
    const report = reportOf(check, merges.merged);
    await keepFindings(tx, row.id, listsOf(check, merges.merged));
    const [updated] = await tx.update(customerImports).set({
      status: 'committed', committedAt: new Date(), createdCustomers: check.customers.length, ...counts(check, merges.mergedRows),
      mergedRows: merges.mergedRows, mergedCustomers: merges.mergedCustomers, report,
    }).where(eq(customerImports.id, row.id)).returning();
    await dropReading(tx, row.id);
    // One audit row and one event for the whole file: 100,000 customers are one act of one person.
    // (Each customer merged into also gets its own audit row, as a change to that customer.)
    await record(tx, scope, {
      action: 'customer.imported', entity: 'customer_import', entityId: row.id, unitId: row.unitId,
      before: { status: 'checked' }, after: { ...presentImport(updated), mode: choice.mode, services },
      payload: {
        importId: row.id, unitId: row.unitId, ownerId: row.ownerId, createdCustomers: check.customers.length, services,
        mergedRows: merges.mergedRows, mergedCustomers: merges.mergedCustomers,
      },
    });
    return { updated, report };
  });
  return { ...committed.report, import: presentImport(committed.updated) };
}

/** Why a check may not be written in this mode (warnings not accepted, problems in all_or_nothing), with its report; null when it may. */
function refusalOf(row: ImportRow, check: FileCheck, { mode, acceptWarnings }: Commit) {
  if (check.warnings.length && !acceptWarnings) {
    return new Problem(422, 'Unprocessable Content', tell('warningsNotAccepted', { count: check.warnings.length }),
      { field: 'acceptWarnings', ...reportOf(check), import: presentImport({ ...row, ...counts(check) }) });
  }
  if (mode === 'all_or_nothing' && check.invalidRows + check.duplicateRows > 0) {
    return new Problem(422, 'Unprocessable Content',
      tell('nothingImported', { invalid: check.invalidRows, duplicates: check.duplicateRows }),
      { field: 'file', ...reportOf(check), import: presentImport({ ...row, ...counts(check) }) });
  }
  return null;
}

/** The new customers with their services, and in merge_duplicates what the duplicates add to the customers they name. */
async function writeCustomers(tx: Db, scope: Scope, row: ImportRow, check: FileCheck, mode: Commit['mode']) {
  await writeImportedCustomers(tx, scope, { unitId: row.unitId, ownerId: row.ownerId, importId: row.id }, check.customers);
  const services = await insertSubscriptionsInBulk(tx, check.customers.flatMap((c) => c.services.map((s) => ({ ...s, customerId: c.id }))));
  const merges = mode === 'merge_duplicates'
    ? await mergeIntoExistingCustomers(tx, scope, row.id, check.mergeable)
    : { mergedRows: 0, mergedCustomers: 0, merged: [] as ImportMerge[] };
  return { services, merges };
}

/**
 * 撤销导入 — every customer the import created is archived (restorable); what it merged into
 * existing customers is taken out again, each addition only while it is still as imported
 * (see undoMerges). All in one transaction, audited per customer and for the import.
 */
export async function undoImport(db: Db, scope: Scope, importId: string) {
  return db.transaction(async (tx) => {
    const row = await loadImport(tx, scope, importId, { isLocked: true });
    if (row.status !== 'committed') throw conflict(tell(row.status === 'undone' ? 'alreadyUndone' : 'neverCommitted'), { field: 'status' });
    const archivedCustomers = await archiveBulkCustomers(tx, scope, row.id);
    const unmerged = await undoMerges(tx, scope, row.id);
    const [updated] = await tx.update(customerImports).set({ status: 'undone', undoneAt: new Date() })
      .where(eq(customerImports.id, row.id)).returning();
    await record(tx, scope, {
      action: 'customer.import_undone', entity: 'customer_import', entityId: row.id, unitId: row.unitId,
      before: { status: 'committed' }, after: { status: 'undone', archivedCustomers, ...unmerged },
    });
    return { import: presentImport(updated), archivedCustomers, ...unmerged };
  });
}

export async function listImports(db: Db, scope: Scope) {
  authorize(scope.role, 'customer.import');
  const rows = await db.select().from(customerImports).where(withinScope(scope, customerImports.unitId))
    .orderBy(desc(customerImports.createdAt)).limit(100);
  return rows.map(presentImport);
}

/** An import with the report of its last check, without reading the file again. */
export async function getImport(db: Db, scope: Scope, importId: string): Promise<CheckedReport> {
  const row = await loadImport(db, scope, importId);
  // Reports stored before merging existed lack its two fields.
  return {
    mergeableRows: 0, merged: [], headerRow: row.headerRow ?? 1, skipped: { blankRows: 0, summaryRows: [] }, attributeTypes: [], warnings: [], warningCount: 0, mergedCount: 0,
    ...(row.report as Partial<CheckedReport>), import: presentImport(row),
  } as CheckedReport;
}

/** Another unit's import does not exist for the caller (404); inside the scope the role decides (403). */
export async function loadImport(db: Db, scope: Scope, importId: string, { isLocked = false } = {}) {
  if (!isUuid(importId)) throw notFound('Import');
  const query = db.select().from(customerImports).where(eq(customerImports.id, importId));
  const [row] = isLocked ? await query.for('update') : await query;
  return guard(scope, row, 'Import', 'customer.import');
}

/** Rows merged into existing customers are no longer duplicates. */
function counts(check: FileCheck, mergedRows = 0) {
  return { totalRows: check.totalRows, validRows: check.validRows, invalidRows: check.invalidRows, duplicateRows: check.duplicateRows - mergedRows };
}

/** A report's lists in full: the rows merged into existing customers are no longer duplicates. */
function listsOf(check: FileCheck, merged: ImportMerge[] = []) {
  const mergedRows = new Set(merged.map((m) => m.row));
  const duplicates = mergedRows.size ? check.duplicates.filter((d) => !mergedRows.has(d.row)) : check.duplicates;
  return { errors: check.errors, duplicates, warnings: check.warnings, merged };
}

/** The report as answered and kept: every count, and the first page of each list (the rest through findings). */
function reportOf(check: FileCheck, merged: ImportMerge[] = []): Omit<CheckedReport, 'import'> {
  const lists = listsOf(check, merged);
  return {
    format: check.format, encoding: check.encoding, headerRow: check.headerRow, skipped: check.skipped,
    columns: check.columns.map((c) => ({ column: c.header, field: c.field })),
    errors: lists.errors.slice(0, reportedProblems), duplicates: lists.duplicates.slice(0, reportedProblems),
    errorCount: lists.errors.length, duplicateCount: lists.duplicates.length,
    attributeTypes: check.attributeTypes, warnings: lists.warnings.slice(0, reportedProblems), warningCount: lists.warnings.length,
    mergeableRows: check.mergeable.reduce((n, m) => n + m.customer.rows.length, 0),
    merged: merged.slice(0, reportedProblems), mergedCount: merged.length,
  };
}

/** One page of one of an import's lists, as its last check found it. */
export async function getImportFindings(db: Db, scope: Scope, importId: string, list: ImportFindingList, page: { offset: number; limit: number }) {
  await loadImport(db, scope, importId);
  return { list, ...page, ...(await pageOfFindings(db, importId, list, page.offset, page.limit)) };
}

export function presentImport(row: ImportRow): CustomerImport {
  const { fileSha256: _sha, report: _report, headerRow: _headerRow, ...rest } = row;
  return { ...rest, mapping: row.mapping as Record<string, string> };
}

/** Someone added one of these phones or e-mails between the check and the write. */
function explainRace(error: unknown): never {
  if (isUniqueViolation(error)) throw conflict(tell('identityAddedMeanwhile'), { field: 'file' });
  throw error;
}

function isUniqueViolation(error: unknown) {
  const code = (error as { code?: string; cause?: { code?: string } }).code ?? (error as { cause?: { code?: string } }).cause?.code;
  return code === '23505';
}
