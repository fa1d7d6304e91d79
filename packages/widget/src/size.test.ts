import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
// @ts-expect-error a build script in plain JavaScript, without types
import { buildWidget } from '../../../scripts/build-widget.mjs';

it('builds a tracker of at most 3 KB gzipped', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'xiang-widget-'));
  try {
    const outfile = path.join(dir, 'widget.js');
    await (buildWidget as (o: object) => Promise<boolean>)({ force: true, outfile });
    const built = readFileSync(outfile);
    const gzipped = gzipSync(built, { level: 9 }).length;
    console.log(`widget.js: ${built.length} bytes, ${gzipped} bytes gzipped`);
    expect(gzipped).toBeLessThanOrEqual(3 * 1024);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
