import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase, rows } from './index.ts';

// The embedded store's own guarantees; they hold whichever database the rest of the suite uses.
// Each test creates a store on disk (PGlite's initdb, seconds on an idle machine), so they get
// the time a machine running the rest of the suite beside them needs.
describe('the embedded database', () => {
  it('refuses a second server on the same data directory with a clear message, and keeps data across restarts', { timeout: 180_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiang-lock-'));
    const first = await openDatabase({ dataDir: dir });
    await first.db.execute(sql`insert into org_units (level, code, name, path) values ('group', 'G', '集团', '/')`);
    await expect(openDatabase({ dataDir: dir })).rejects.toThrow(/in use by another Xiang CRM process/);
    await first.close();
    const again = await openDatabase({ dataDir: dir });
    expect(await rows(again.db, sql`select name from org_units`)).toEqual([{ name: '集团' }]);
    await again.close();
  });

  it('takes over a lock left by a process that no longer runs', { timeout: 180_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiang-lock-'));
    fs.writeFileSync(path.join(dir, 'xiang.lock'), '999999');
    const db = await openDatabase({ dataDir: dir });
    await db.close();
    expect(fs.existsSync(path.join(dir, 'xiang.lock'))).toBe(false);
  });
});
