import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * packages/server — the folder holding `migrations/` — whether this code runs from its sources
 * (src/platform/paths.ts, under tsx) or from the start bundle (dist/main.js), which sit at
 * different depths.
 */
export const serverRoot = (() => {
  const from = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'migrations')) && existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No migrations folder above ${from}`);
  }
})();
