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

interface Entry { name: string; method: number; flags: number; compressedSize: number; size: number; offset: number }

/**
 * Checks a workbook's zip before anything reads it: what each entry declares it inflates to, and
 * then what it really does (inflated here, counted and thrown away, stopping at the bound — a
 * header that lies gains nothing). The entries must tile the file as its directory says, so no
 * part is hidden from this check that a streaming reader would still find.
 */
export async function checkWorkbookZip(bytes: Buffer): Promise<void> {
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
    const entry = {
      flags: bytes.readUInt16LE(at + 8), method: bytes.readUInt16LE(at + 10), compressedSize: bytes.readUInt32LE(at + 20),
      size: bytes.readUInt32LE(at + 24), offset: bytes.readUInt32LE(at + 42), name: bytes.toString('utf8', at + 46, at + 46 + nameLength),
    };
    if (entry.size === 0xffffffff || entry.compressedSize === 0xffffffff) throw tooLarge(megabytes);
    entries.push(entry);
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
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
