import { readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { serverRoot } from '../platform/paths.ts';

/** The built tracker (packages/widget → dist/widget.js); `npm start`, `npm install` and the tests build it. */
export const widgetFile = path.resolve(process.env.WIDGET_FILE ?? path.join(serverRoot, '../widget/dist/widget.js'));
/** 问卷表单 — the survey form the tracker loads when a page asks for a survey; built beside it. */
export const surveyFormFile = path.join(path.dirname(widgetFile), 'widget-survey.js');

type Loaded = { mtimeMs: number; plain: Buffer; gzipped: Buffer; etag: string };
const loaded = new Map<string, Loaded>();

function current(file: string) {
  const { mtimeMs } = statSync(file);
  let found = loaded.get(file);
  if (found?.mtimeMs !== mtimeMs) {
    const plain = readFileSync(file);
    found = { mtimeMs, plain, gzipped: gzipSync(plain, { level: 9 }), etag: `"w${mtimeMs.toString(36)}-${plain.length.toString(36)}"` };
    loaded.set(file, found);
  }
  return found;
}

/**
 * `/widget.js` — loaded by other sites' pages, so it must be fetchable cross-origin (helmet
 * says same-origin by default) and cached long: every page view of every site asks for it. A
 * new build changes its ETag; browsers revalidate after a day and a stale copy keeps working.
 */
export async function widgetRoutes(app: FastifyInstance) {
  for (const [url, source] of [['/widget.js', widgetFile], ['/widget-survey.js', surveyFormFile]] as const) serveScript(app, url, source);
}

function serveScript(app: FastifyInstance, url: string, source: string) {
  app.get(url, { config: { access: { public: true } }, schema: { hide: true } }, async (req, reply) => {
    let file;
    try {
      file = current(source);
    } catch {
      return reply.code(404).type('text/plain; charset=utf-8').send('The tracker is not built: run `npm run build -w @xiang/widget`.');
    }
    reply.header('cache-control', 'public, max-age=86400, stale-while-revalidate=604800')
      .header('cross-origin-resource-policy', 'cross-origin')
      .header('etag', file.etag).header('vary', 'accept-encoding')
      .type('text/javascript; charset=utf-8');
    if (req.headers['if-none-match'] === file.etag) return reply.code(304).send();
    if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return reply.header('content-encoding', 'gzip').send(file.gzipped);
    return reply.send(file.plain);
  });
}
