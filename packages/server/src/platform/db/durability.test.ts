import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, rows } from './index.ts';

afterEach(() => { vi.restoreAllMocks(); });

describe('the embedded store on a data directory', () => {
  it('runs with fsync on and hands every commit and every checkpoint to the disk', { timeout: 180_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiang-durable-'));
    const database = await openDatabase({ dataDir: dir });
    try {
      expect(await rows(database.db, sql`show fsync`)).toEqual([{ fsync: 'on' }]);
      // Watched, not replaced: the real fsync(2) still runs.
      const flushes = vi.spyOn(fs, 'fsyncSync');
      for (let i = 0; i < 5; i++) await database.db.execute(sql`insert into org_units (level, code, name, path) values ('group', ${`G${i}`}, '集团', '/')`);
      expect(flushes.mock.calls.length).toBeGreaterThanOrEqual(5);
      const beforeCheckpoint = flushes.mock.calls.length;
      await database.db.execute(sql`checkpoint`);
      expect(flushes.mock.calls.length).toBeGreaterThan(beforeCheckpoint);
    } finally {
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
