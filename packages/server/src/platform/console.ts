import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import { Problem } from './errors.ts';
import { serverRoot } from './paths.ts';

/** The built staff console (packages/web/dist); CONSOLE_DIR points elsewhere when deployed apart. */
export const consoleDir = path.resolve(process.env.CONSOLE_DIR ?? path.join(serverRoot, '../web/dist'));

/**
 * Serves the console at / when it has been built. Files of the build are sent as they are (the
 * hashed ones cached for a year, pre-compressed when the browser accepts it); every other path
 * that is not the API gets index.html, so the browser's router draws the page.
 */
export async function consoleRoutes(app: FastifyInstance) {
  if (!existsSync(path.join(consoleDir, 'index.html'))) return;
  await app.register(fastifyStatic, {
    root: consoleDir,
    // Routes are ours: files are looked up per request, so a rebuild is served without a restart.
    serve: false,
    index: false,
    preCompressed: true,
    // @fastify/static 10 hands setHeaders the Fastify reply, not the raw response.
    setHeaders(reply: unknown, filePath: string) {
      const isHashed = filePath.includes(`${path.sep}assets${path.sep}`);
      (reply as FastifyReply).header('cache-control', isHashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });

  const page = async (req: FastifyRequest, reply: FastifyReply) => {
    let urlPath: string;
    try {
      urlPath = decodeURIComponent(req.url.split('?')[0]);
    } catch {
      throw new Problem(400, 'Bad Request', { key: 'badAddress' });
    }
    if (urlPath === '/api' || urlPath.startsWith('/api/')) throw new Problem(404, 'Not Found', `No route ${urlPath}.`);
    const file = path.join(consoleDir, path.normalize(urlPath));
    const isInside = file.startsWith(consoleDir + path.sep);
    if (isInside && path.extname(file) && existsSync(file) && statSync(file).isFile()) return reply.sendFile(path.relative(consoleDir, file));
    // A missing build file is a 404, never the page: the browser would run HTML as a script.
    if (urlPath.startsWith('/assets/') || /\.(js|css|map|png|svg|ico|woff2?)$/.test(urlPath)) throw new Problem(404, 'Not Found', `No file ${urlPath}.`);
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  };
  app.get('/', { schema: { hide: true } }, page);
  app.get('/*', { schema: { hide: true } }, page);
}
