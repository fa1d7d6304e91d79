import zlib from 'node:zlib';

/** Zips made by hand, byte by byte, for tests of how a workbook's zip is read. */

export interface Part { name: string; data: Buffer; size: number; crc: number; declaredSize?: number }

/** A part deflated as a zip stores it, with its CRC and inflated size. */
export const deflated = (name: string, content: Buffer): Part => ({ name, data: zlib.deflateRawSync(content), size: content.length, crc: zlib.crc32(content) });

/** A zip of the parts, each declaring the size given (a lying header when it is not the real one). */
export function zipOf(parts: Part[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const declared = part.declaredSize ?? part.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(8, 8);
    local.writeUInt32LE(part.crc >>> 0, 14); local.writeUInt32LE(part.data.length, 18); local.writeUInt32LE(declared, 22); local.writeUInt16LE(name.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0); entry.writeUInt16LE(20, 4); entry.writeUInt16LE(20, 6); entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(part.crc >>> 0, 16); entry.writeUInt32LE(part.data.length, 20); entry.writeUInt32LE(declared, 24); entry.writeUInt16LE(name.length, 28); entry.writeUInt32LE(offset, 42);
    locals.push(local, name, part.data);
    central.push(entry, name);
    offset += 30 + name.length + part.data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(parts.length, 8); end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

