import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { invalid, Problem } from '../platform/errors.ts';
import { tell } from './messages.ts';

/**
 * An XLSX is a zip: a few hundred kilobytes can inflate to gigabytes (a "zip bomb": shared
 * strings of one letter repeated). A workbook is read only when all its parts together inflate
 * to at most this; a customer sheet of 200,000 rows needs far less.
 */
export const maxWorkbookBytes = 50 * 1024 * 1024;
/** Cells a workbook's sheet may hold (200,000 rows of 60 columns is 12 million). */
export const maxWorkbookCells = 12_000_000;

const tooLarge = (limit: string) => new Problem(413, 'Content Too Large', tell('workbookTooLarge', { limit }), { field: 'file' });
const unreadable = (reason: string) => invalid('file', tell('xlsxUnreadable', { reason }));
const megabytes = `${maxWorkbookBytes / 1024 / 1024} MB`;

interface Entry { name: string; method: number; flags: number; compressedSize: number; size: number; offset: number; record: Buffer }

/**
 * Checks a workbook's zip before anything reads it: what each entry declares it inflates to, and
 * then what it really does (inflated here, counted and thrown away, stopping at the bound — a
 * header that lies gains nothing). The entries must tile the file as its directory says, so no
 * part is hidden from this check that a streaming reader would still find.
 *
 * Answers the same parts in the order a streaming reader needs them (see `inReadingOrder`).
 */
export async function checkWorkbookZip(bytes: Buffer): Promise<Buffer> {
  const entries = centralDirectory(bytes);
  const declared = entries.reduce((sum, e) => sum + e.size, 0);
  if (declared > maxWorkbookBytes) throw tooLarge(megabytes);
  let inflated = 0;
  for (const entry of entries) {
    const data = entryData(bytes, entry);
    if (entry.method === 0) {
      inflated += data.length;
      if (inflated > maxWorkbookBytes) throw tooLarge(megabytes);
      continue;
    }
    if (entry.method !== 8) throw unreadable(`the part ${entry.name} is compressed in a way XLSX does not use`);
    const counter = new Writable({
      write(chunk: Buffer, _encoding, done) {
        inflated += chunk.length;
        done(inflated > maxWorkbookBytes ? tooLarge(megabytes) : null);
      },
    });
    try {
      await pipeline(Readable.from([data]), zlib.createInflateRaw(), counter);
    } catch (error) {
      if (error instanceof Problem) throw error;
      throw unreadable(`the part ${entry.name} does not inflate (${(error as Error).message})`);
    }
  }
  return inReadingOrder(bytes, entries);
}

/**
 * Where a part goes in reading order: the workbook's map of its sheets, then what cells refer to,
 * then the sheets by number (the reader takes the first sheet it meets as the data), then the rest.
 */
function readingRank(name: string) {
  const rank = ['xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/styles.xml'].indexOf(name);
  if (rank >= 0) return rank;
  const sheet = /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(name);
  return sheet ? 4 + Number(sheet[1]) / 1e6 : 5;
}

/**
 * exceljs's streaming reader reads a sheet as it passes only when the workbook, its relations and
 * the shared strings came before; otherwise it parks the sheet in a temporary file, and a sheet
 * after the relations and shared strings but before the workbook fails outright ("reading
 * 'sheets'"). Writers put the parts in any order (exceljs itself writes the workbook last), so the
 * zip is re-laid in the order the reader needs: the same records, moved, with a new directory.
 */
function inReadingOrder(bytes: Buffer, entries: Entry[]): Buffer {
  const ordered = entries.map((entry, index) => ({ entry, index }))
    .sort((a, b) => readingRank(a.entry.name) - readingRank(b.entry.name) || a.index - b.index)
    .map(({ entry }) => entry);
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const entry of ordered) {
    const local = bytes.subarray(entry.offset, entryEnd(bytes, entry));
    const record = Buffer.from(entry.record);
    record.writeUInt32LE(offset, 42);
    locals.push(local);
    directory.push(record);
    offset += local.length;
  }
  const directoryBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(ordered.length, 8);
  end.writeUInt16LE(ordered.length, 10);
  end.writeUInt32LE(directoryBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directoryBytes, end]);
}

function centralDirectory(bytes: Buffer): Entry[] {
  // The end record is in the last 22 bytes plus at most a 65,535-byte comment.
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) { end = i; break; }
  }
  if (end < 0) throw unreadable('it is not a complete zip file');
  const count = bytes.readUInt16LE(end + 10);
  const directorySize = bytes.readUInt32LE(end + 12);
  const directoryStart = bytes.readUInt32LE(end + 16);
  if (count === 0xffff || directoryStart === 0xffffffff || directoryStart + directorySize > end) throw unreadable('its zip directory is damaged or too large');
  const entries: Entry[] = [];
  let at = directoryStart;
  for (let n = 0; n < count; n++) {
    if (at + 46 > end || bytes.readUInt32LE(at) !== 0x02014b50) throw unreadable('its zip directory is damaged');
    const nameLength = bytes.readUInt16LE(at + 28);
    const recordLength = 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
    if (at + recordLength > end) throw unreadable('its zip directory is damaged');
    const entry = {
      flags: bytes.readUInt16LE(at + 8), method: bytes.readUInt16LE(at + 10), compressedSize: bytes.readUInt32LE(at + 20),
      size: bytes.readUInt32LE(at + 24), offset: bytes.readUInt32LE(at + 42), name: bytes.toString('utf8', at + 46, at + 46 + nameLength),
      record: bytes.subarray(at, at + recordLength),
    };
    if (entry.size === 0xffffffff || entry.compressedSize === 0xffffffff) throw tooLarge(megabytes);
    entries.push(entry);
    at += recordLength;
  }
  // Entries side by side from the first byte to the directory: nothing between them, nothing unlisted.
  let expected = 0;
  for (const entry of [...entries].sort((a, b) => a.offset - b.offset)) {
    if (entry.offset !== expected) throw unreadable('its zip holds parts its directory does not list');
    expected = entryEnd(bytes, entry);
  }
  if (expected !== directoryStart) throw unreadable('its zip holds parts its directory does not list');
  return entries;
}

function dataStart(bytes: Buffer, entry: Entry) {
  if (entry.offset + 30 > bytes.length || bytes.readUInt32LE(entry.offset) !== 0x04034b50) throw unreadable('its zip directory points nowhere');
  return entry.offset + 30 + bytes.readUInt16LE(entry.offset + 26) + bytes.readUInt16LE(entry.offset + 28);
}

function entryData(bytes: Buffer, entry: Entry) {
  const start = dataStart(bytes, entry);
  return bytes.subarray(start, start + entry.compressedSize);
}

/** Where an entry ends: its data, and the descriptor after it when its sizes came after the data (flag bit 3). */
function entryEnd(bytes: Buffer, entry: Entry) {
  const after = dataStart(bytes, entry) + entry.compressedSize;
  if (!(entry.flags & 0x08)) return after;
  return after + 4 <= bytes.length && bytes.readUInt32LE(after) === 0x08074b50 ? after + 16 : after + 12;
}
