import type { FastifyInstance } from 'fastify';

/**
 * What the routes the sites' pages call share (the collector, the survey's): a text/plain body
 * read as JSON, so the page sends it without a preflight (sendBeacon cannot make one, and no
 * OPTIONS route is needed); an answer anyone may read (it holds no secret and no cookie is sent),
 * so the script learns whether to retry.
 */
export function acceptPagesOfSites(app: FastifyInstance) {
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));
  app.addHook('onSend', async (req, reply) => {
    reply.header('access-control-allow-origin', req.headers.origin ?? '*').header('vary', 'origin')
      .header('cross-origin-resource-policy', 'cross-origin');
  });
}
