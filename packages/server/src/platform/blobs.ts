import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { Db } from './db/index.ts';
import { blobs } from './blob-schema.ts';

/**
 * Where uploaded bytes live, addressed by their SHA-256 (the same file stored twice is kept
 * once). The embedded database keeps them as files in the data directory; a PostgreSQL
 * server keeps them in a table, so every app instance behind a load balancer sees them.
 */
export interface BlobStore {
  put(bytes: Buffer): Promise<string>;
  get(sha256: string): Promise<Buffer | null>;
}

export const sha256Of = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

export function fileBlobStore(dir: string): BlobStore {
  const fileOf = (sha: string) => path.join(dir, sha.slice(0, 2), sha);
  return {
    async put(bytes) {
      const sha = sha256Of(bytes);
      const file = fileOf(sha);
      await fs.mkdir(path.dirname(file), { recursive: true });
      // Write then rename, and fsync, so an acknowledged upload survives a crash whole. Each
      // write has a partial file of its own: uploads of the same bytes at once must not share one.
      const partial = `${file}.${process.pid}.${crypto.randomUUID()}.part`;
      const handle = await fs.open(partial, 'w');
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(partial, file);
      return sha;
    },
    async get(sha) {
      if (!/^[0-9a-f]{64}$/.test(sha)) return null;
      return fs.readFile(fileOf(sha)).catch(() => null);
    },
  };
}

export function databaseBlobStore(db: Db): BlobStore {
  return {
    async put(bytes) {
      const sha = sha256Of(bytes);
      await db.insert(blobs).values({ sha256: sha, bytes }).onConflictDoNothing();
      return sha;
    },
    async get(sha) {
      const [row] = await db.select().from(blobs).where(eq(blobs.sha256, sha));
      return row?.bytes ?? null;
    },
  };
}
