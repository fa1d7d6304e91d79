// Builds the tracker (packages/widget/src/tracker.ts → packages/widget/dist/widget.js, minified)
// when it is missing or older than its sources. The server serves it at /widget.js.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { isNewerThan } from './fresh.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const widget = path.join(root, 'packages/widget');
export const widgetBundle = path.join(widget, 'dist/widget.js');

export async function buildWidget({ force = false, outfile = widgetBundle } = {}) {
  if (!force && outfile === widgetBundle && isNewerThan(widgetBundle, [path.join(widget, 'src'), path.join(widget, 'package.json')])) return false;
  await build({
    entryPoints: [path.join(widget, 'src/tracker.ts')],
    outfile,
    bundle: true,
    minify: true,
    format: 'iife',
    // Browsers of the last few years (the operator's customers use phones of every age).
    target: ['es2019'],
    legalComments: 'none',
    logLevel: 'warning',
  });
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildWidget({ force: process.argv.includes('--force') });
