import helmet from 'helmet';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';

/**
 * The browser's own defences, on every answer (the console, the API, its documentation):
 * `helmet` with a Content-Security-Policy that runs only our own scripts — the built
 * console and Swagger UI load every script from a file, none inline — and lets nobody frame
 * us (clickjacking). Styles may be inline because Ant Design (CSS-in-JS) and Swagger UI write
 * <style> elements at run time; a style cannot run code. HSTS and upgrading requests to https
 * only where the site is served over https (SECURE_COOKIES=1): on plain http they would lock
 * a browser out of a trial on localhost.
 *
 * The middleware is built once here and run on every request. (`@fastify/helmet` built it again
 * for every request — parsing the policy each time — which cost a tenth of the CPU of a cheap
 * answer such as `/api/health`.) A route that needs another value (the tracker script's
 * cross-origin resource policy) sets its header on the reply, which wins when the reply is written.
 */
export function registerSecurityHeaders(app: FastifyInstance, config: Pick<Config, 'secureCookies'>) {
  const applyHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        // The favicon is a data: URL; attachments are previewed from the API.
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        mediaSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(config.secureCookies ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    frameguard: { action: 'deny' },
    // Not 'no-referrer': with it browsers send `Origin: null` on our own POSTs, and the CSRF
    // check (platform/http.ts) rightly refuses those. 'same-origin' tells other sites nothing.
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: config.secureCookies ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
  // helmet 8 throws rather than pass an error on; it calls back with nothing.
  app.addHook('onRequest', (req, reply, done) => applyHeaders(req.raw, reply.raw, () => done()));
}
