// Builds the tracker (packages/widget/src/tracker.ts → packages/widget/dist/widget.js, minified)
// and the survey form it loads when asked (src/survey.ts → dist/widget-survey.js) when either is
// missing or older than the sources. The server serves them at /widget.js and /widget-survey.js.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { isNewerThan } from './fresh.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const widget = path.join(root, 'packages/widget');
export const widgetBundle = path.join(widget, 'dist/widget.js');
export const surveyBundle = path.join(widget, 'dist/widget-survey.js');

export async function buildWidget({ force = false, outfile = widgetBundle, surveyOutfile = outfile === widgetBundle ? surveyBundle : null } = {}) {
  const sources = [path.join(widget, 'src'), path.join(widget, 'package.json')];
  if (!force && outfile === widgetBundle && isNewerThan(widgetBundle, sources) && isNewerThan(surveyBundle, sources)) return false;
  await bundle(path.join(widget, 'src/tracker.ts'), outfile);
  if (surveyOutfile) await bundle(path.join(widget, 'src/survey.ts'), surveyOutfile);
  return true;
}

function bundle(entry, outfile) {
  return build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    format: 'iife',
    // Browsers of the last few years (the operator's customers use phones of every age).
    target: ['es2019'],
    legalComments: 'none',
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildWidget({ force: process.argv.includes('--force') });
