import type { ImportMapping } from '@xiang/shared';
import { eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import type { Scope } from '../platform/scope.ts';
import { customerImportReadings, customerImports } from './schema.ts';
import { currentProductsFingerprint, currentUnitsFingerprint, type FileRows } from './check.ts';

type ImportRow = typeof customerImports.$inferSelect;

/** Bumped when what is kept changes shape: an older kept reading is then read again from the file. */
const keptVersion = 1;

/**
 * What a dry run read from the file, kept (customer_import_readings) so the commit writes
 * these rows instead of reading and checking the whole file again. It holds what the rows say
 * on their own; what the store says about them (identities someone holds) is asked again at commit.
 */
interface KeptReading {
  version: number;
  /** The file and the reading it came from: another file, mapping or header row is another reading. */
  fileSha256: string;
  mapping: ImportMapping;
  headerRow: number | null;
  /** Whose eyes read it: the units a unit column may name and which customers show are the reader's. */
  readBy: { userId: string; role: string; unitId: string };
  /** The rows as read that day (a service without a start date starts then; a birth date must be before it). */
  rows: FileRows;
  /** Ids of the candidates the dry run found held by a known customer (asked about again at commit). */
  heldCandidateIds: string[];
}

/** A reading the commit may use: the rows as read, and which of them were duplicates of known customers then. */
export interface ReusableReading {
  rows: FileRows;
  heldCandidateIds: Set<string>;
}

/** Column → field, whatever order the keys come back in (jsonb keeps its own). */
const sameMapping = (a: ImportMapping, b: ImportMapping) => {
  const entries = (m: ImportMapping) => JSON.stringify(Object.entries(m).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
  return entries(a) === entries(b);
};

const today = () => new Date().toISOString().slice(0, 10);

/** Keeps a dry run's reading with its import, in the transaction that records the import. */
export async function keepReading(tx: Db, scope: Scope, row: ImportRow, rows: FileRows, heldCandidateIds: string[]) {
  const kept: KeptReading = {
    version: keptVersion, fileSha256: row.fileSha256, mapping: row.mapping as ImportMapping, headerRow: row.headerRow,
    readBy: { userId: scope.userId, role: scope.role, unitId: scope.unitId }, rows, heldCandidateIds,
  };
  await tx.insert(customerImportReadings).values({ importId: row.id, reading: JSON.stringify(kept) });
}

/** A committed import's reading is spent. */
export async function dropReading(tx: Db, importId: string) {
  await tx.delete(customerImportReadings).where(eq(customerImportReadings.importId, importId));
}

/**
 * Drops the readings no commit can use any more: those of imports checked before today began.
 * A reading serves its own day only (`reusableReading`; the day in UTC), and it is kept in the
 * transaction that records the import, so the import's creation is when it was read.
 */
export async function sweepStaleReadings(db: Db): Promise<number> {
  const swept = await db.delete(customerImportReadings).where(inArray(customerImportReadings.importId,
    db.select({ id: customerImports.id }).from(customerImports).where(lt(customerImports.createdAt, sql`date_trunc('day', now() at time zone 'UTC') at time zone 'UTC'`))))
    .returning({ importId: customerImportReadings.importId });
  return swept.length;
}

/**
 * The kept reading of this import when it still holds: the same file, mapping and header row,
 * read by the same person with the same role and units, today, against the same products and
 * units. Otherwise null, and the file is read again (as before readings were kept).
 */
export async function reusableReading(db: Db, scope: Scope, row: ImportRow): Promise<ReusableReading | null> {
  const [stored] = await db.select().from(customerImportReadings).where(eq(customerImportReadings.importId, row.id));
  if (!stored) return null;
  const kept = JSON.parse(stored.reading) as KeptReading;
  const isSameReading = kept.version === keptVersion && kept.fileSha256 === row.fileSha256
    && sameMapping(kept.mapping, row.mapping as ImportMapping) && kept.headerRow === row.headerRow;
  const isSameReader = kept.readBy.userId === scope.userId && kept.readBy.role === scope.role && kept.readBy.unitId === scope.unitId;
  if (!isSameReading || !isSameReader || kept.rows.day !== today()) return null;
  if (kept.rows.productsFingerprint !== null && kept.rows.productsFingerprint !== await currentProductsFingerprint(db)) return null;
  if (kept.rows.unitsFingerprint !== null && kept.rows.unitsFingerprint !== await currentUnitsFingerprint(db, scope)) return null;
  return { rows: kept.rows, heldCandidateIds: new Set(kept.heldCandidateIds) };
}
