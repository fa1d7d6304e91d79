import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { startTestApp, type TestApp } from '../test/harness.ts';
import { buildApp } from '../app.ts';
import { readConfig } from './config.ts';

let t: TestApp;
let behindHttps: FastifyInstance;
beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  behindHttps = await buildApp({ ...readConfig({ SECURE_COOKIES: '1' }), dataDir: '/nonexistent', logLevel: 'silent' }, t.database);
  await behindHttps.ready();
});
afterAll(async () => { await behindHttps.close(); await t.close(); });

/** The policy as a map of directive → sources. */
const policyOf = (header: unknown) => new Map(String(header).split(';').map((d) => d.trim()).filter(Boolean)
  .map((d) => { const [name, ...sources] = d.split(/\s+/); return [name, sources] as const; }));

// The API, its 401s and 404s, the documentation page and its scripts, and the console's pages.
const answers = ['/api/health', '/api/v1/me', '/api/v1/no-such-route', '/api/docs', '/api/docs/static/index.html', '/api/docs/json', '/', '/customers'];

describe('security headers', () => {
  it.each(answers)('%s forbids framing, sniffing and inline script, and keeps the address to our own site', async (url) => {
    const res = await t.app.inject({ method: 'GET', url });
    const csp = policyOf(res.headers['content-security-policy']);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('script-src-attr')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('adds HSTS and upgrades requests to https only when served over https (SECURE_COOKIES=1)', async () => {
    for (const url of ['/api/health', '/api/v1/me', '/']) {
      const res = await behindHttps.inject({ method: 'GET', url });
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(policyOf(res.headers['content-security-policy']).has('upgrade-insecure-requests')).toBe(true);
    }
  });

  it('still answers a refused sign-in and a problem with the headers', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { username: 'nobody', password: 'wrong-password' }, remoteAddress: '192.0.2.200' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(policyOf(res.headers['content-security-policy']).get('frame-ancestors')).toEqual(["'none'"]);
  });
});
