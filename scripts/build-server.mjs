// Bundles the server (packages/server/src/main.ts and the shared code it uses) into one
// JavaScript file, packages/server/dist/main.js, when it is missing or older than its sources.
// `npm start` runs the bundle with plain node: compiling the TypeScript on every start (tsx)
// cost ~1 s of a 4 s warm start. Packages from node_modules stay outside the bundle.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { isNewerThan } from './fresh.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const server = path.join(root, 'packages/server');
export const serverBundle = path.join(server, 'dist/main.js');
const sources = [path.join(server, 'src'), path.join(server, 'package.json'), path.join(root, 'packages/shared/src'), path.join(root, 'packages/shared/package.json')];

/** Our workspace packages are TypeScript sources: bundled. Everything else is imported at run time. */
const keepPackagesOutside = {
  name: 'keep-packages-outside',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@xiang/') ? undefined : { path: args.path, external: true }));
  },
};

export async function buildServer({ force = false } = {}) {
  if (!force && isNewerThan(serverBundle, sources)) return false;
  await build({
    entryPoints: [path.join(server, 'src/main.ts')],
    outfile: serverBundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    plugins: [keepPackagesOutside],
  });
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildServer({ force: process.argv.includes('--force') });
