// Builds the staff console (packages/web → packages/web/dist) when it is missing or older than
// its sources, so `npm start` on a fresh clone serves a console without a separate build step.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isNewerThan } from './fresh.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'packages/web');
const built = path.join(web, 'dist/index.html');
const sources = [path.join(web, 'src'), path.join(web, 'index.html'), path.join(web, 'vite.config.ts'), path.join(web, 'package.json'), path.join(root, 'packages/shared/src')];

/** Builds the console unless its build is newer than its sources; false when it did not build. */
export function buildConsole({ force = false } = {}) {
  if (!force && isNewerThan(built, sources)) return true;
  if (!existsSync(path.join(web, 'index.html'))) {
    console.log('No console sources in packages/web; the server starts with the API only.');
    return true;
  }
  console.log('Building the staff console (packages/web) …');
  const vite = path.join(root, 'node_modules/vite/bin/vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: web, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('The console did not build; see the errors above.');
    return false;
  }
  console.log('Console built.');
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url) && !buildConsole({ force: process.argv.includes('--force') })) process.exit(1);
