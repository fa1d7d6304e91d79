// Builds the staff console (packages/web → packages/web/dist) when it is missing or older than
// its sources, so `npm start` on a fresh clone serves a console without a separate build step.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'packages/web');
const built = path.join(web, 'dist/index.html');
const sources = [path.join(web, 'src'), path.join(web, 'index.html'), path.join(web, 'vite.config.ts'), path.join(web, 'package.json'), path.join(root, 'packages/shared/src')];

function newestChange(entry) {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry).reduce((newest, name) => Math.max(newest, newestChange(path.join(entry, name))), stat.mtimeMs);
}

const isFresh = existsSync(built) && statSync(built).mtimeMs >= Math.max(...sources.map(newestChange));
if (isFresh && !process.argv.includes('--force')) process.exit(0);

if (!existsSync(path.join(web, 'index.html'))) {
  console.log('No console sources in packages/web; the server starts with the API only.');
  process.exit(0);
}
console.log('Building the staff console (packages/web) …');
const vite = path.join(root, 'node_modules/vite/bin/vite.js');
const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: web, stdio: 'inherit' });
if (result.status !== 0) {
  console.error('The console did not build; see the errors above.');
  process.exit(result.status ?? 1);
}
console.log('Console built.');
