// Whether a build output is newer than every file it is made from.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

function newestChange(entry) {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry).reduce((newest, name) => Math.max(newest, newestChange(path.join(entry, name))), stat.mtimeMs);
}

export function isNewerThan(built, sources) {
  return existsSync(built) && statSync(built).mtimeMs >= Math.max(...sources.map(newestChange));
}
