import { gunzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { rows } from '../platform/db/index.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { expectRefused, type Refusal } from '../test/refusals.ts';
import { auditOf } from '../test/written.ts';

let t: TestApp;
let manager: Client;
let site: { id: string; siteKey: string; unitId: string };

beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  manager = await t.as('cs.manager');
});
afterAll(() => t.close());

const shop = { name: '网上营业厅', allowedOrigins: ['https://shop.example.cn'] };
const collect = (siteKey: string, origin: string) => t.app.inject({
  method: 'POST', url: '/api/v1/collect', headers: { origin, 'content-type': 'text/plain' },
  payload: JSON.stringify({ site: siteKey, sentAt: Date.now(), events: [{ id: `e${Math.random().toString(36).slice(2, 12)}`, type: 'pageview', at: Date.now(), url: `${origin}/` }] }),
});

describe('sites', () => {
  it('registers a site with a key made by the server and the defaults, audited', async () => {
    const res = await manager({ method: 'POST', url: '/api/v1/tracking/sites', payload: shop });
    expect(res.statusCode, res.body).toBe(201);
    site = res.json();
    expect(site).toMatchObject({ ...shop, searchParam: 'q', consentMode: 'none', isActive: true });
    expect(site.siteKey).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect((await auditOf(t.database.db, 'site', site.id)).map((a) => a.action)).toEqual(['site.created']);
    expect((await collect(site.siteKey, 'https://shop.example.cn')).statusCode).toBe(200);
  });

  it('lists the sites to every staff role of the unit, and hides them from another local network', async () => {
    const agent = await t.as('cs.agent');
    expect((await agent({ method: 'GET', url: '/api/v1/tracking/sites' })).json().items.map((s: { id: string }) => s.id)).toContain(site.id);
    const zhuzhou = await t.as('zz.am1');
    expect((await zhuzhou({ method: 'GET', url: '/api/v1/tracking/sites' })).json().items).toEqual([]);
    expect((await zhuzhou({ method: 'GET', url: `/api/v1/tracking/sites/${site.id}` })).statusCode).toBe(404);
  });

  it('lets only administrators and managers register or change sites', async () => {
    const am = await t.as('cs.am1');
    expect((await am({ method: 'POST', url: '/api/v1/tracking/sites', payload: shop })).statusCode).toBe(403);
    expect((await am({ method: 'PATCH', url: `/api/v1/tracking/sites/${site.id}`, payload: { name: 'x' } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/tracking/sites' })).statusCode).toBe(401);
  });

  it('changes the origins at once: the old origin is refused from then on; the change is audited field by field', async () => {
    const res = await manager({ method: 'PATCH', url: `/api/v1/tracking/sites/${site.id}`, payload: { allowedOrigins: ['https://m.shop.example.cn'], consentMode: 'required' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ allowedOrigins: ['https://m.shop.example.cn'], consentMode: 'required', siteKey: site.siteKey });
    expect((await collect(site.siteKey, 'https://shop.example.cn')).statusCode).toBe(403);
    expect((await collect(site.siteKey, 'https://m.shop.example.cn')).statusCode).toBe(200);
    const [, changed] = await auditOf(t.database.db, 'site', site.id);
    expect(changed).toMatchObject({ action: 'site.changed', before: { allowedOrigins: ['https://shop.example.cn'], consentMode: 'none' },
      after: { allowedOrigins: ['https://m.shop.example.cn'], consentMode: 'required' } });
    // The same values again change nothing and write nothing.
    await manager({ method: 'PATCH', url: `/api/v1/tracking/sites/${site.id}`, payload: { consentMode: 'required' } });
    expect(await auditOf(t.database.db, 'site', site.id)).toHaveLength(2);
  });
});

describe('a site that cannot be registered', () => {
  const table: (Omit<Refusal, 'request'> & { body: object })[] = [
    { name: 'no name', body: { allowedOrigins: ['https://a.example.cn'] }, status: 400, field: 'name' },
    { name: 'a name of spaces', body: { name: '  ', allowedOrigins: ['https://a.example.cn'] }, status: 400, field: 'name' },
    { name: 'no origin', body: { name: 'x', allowedOrigins: [] }, status: 400, field: 'allowedOrigins' },
    { name: 'an origin with a path', body: { name: 'x', allowedOrigins: ['https://a.example.cn/shop'] }, status: 400, field: 'allowedOrigins.0' },
    { name: 'an origin with a slash at the end', body: { name: 'x', allowedOrigins: ['https://a.example.cn/'] }, status: 400, field: 'allowedOrigins.0' },
    { name: 'a host without a scheme', body: { name: 'x', allowedOrigins: ['a.example.cn'] }, status: 400, field: 'allowedOrigins.0' },
    { name: 'an ftp origin', body: { name: 'x', allowedOrigins: ['ftp://a.example.cn'] }, status: 400, field: 'allowedOrigins.0' },
    { name: 'an origin in capitals', body: { name: 'x', allowedOrigins: ['https://A.example.cn'] }, status: 400, field: 'allowedOrigins.0' },
    { name: 'the same origin twice', body: { name: 'x', allowedOrigins: ['https://a.example.cn', 'https://a.example.cn'] }, status: 400, field: 'allowedOrigins' },
    { name: '21 origins', body: { name: 'x', allowedOrigins: Array.from({ length: 21 }, (_, i) => `https://s${i}.example.cn`) }, status: 400, field: 'allowedOrigins' },
    { name: 'a search parameter with a space', body: { name: 'x', allowedOrigins: ['https://a.example.cn'], searchParam: 'key word' }, status: 400, field: 'searchParam' },
    { name: 'an unknown consent mode', body: { name: 'x', allowedOrigins: ['https://a.example.cn'], consentMode: 'maybe' }, status: 400, field: 'consentMode' },
    { name: 'a key chosen by the caller', body: { name: 'x', allowedOrigins: ['https://a.example.cn'], siteKey: 'mine' }, status: 400, field: 'siteKey' },
  ];
  for (const row of table) {
    it(`refuses ${row.name}, in both languages, and writes nothing`, () =>
      expectRefused(t, manager, { ...row, request: { method: 'POST', url: '/api/v1/tracking/sites', payload: row.body } }));
  }
  it('refuses a unit outside the caller\'s, writing nothing', async () => {
    const [{ unitId }] = await rows<{ unitId: string }>(t.database.db, sql`select unit_id as "unitId" from users where username = 'zz.am1'`);
    expect(unitId).toBeTruthy();
    await expectRefused(t, manager, { name: 'unit', status: 400, field: 'unitId', request: { method: 'POST', url: '/api/v1/tracking/sites', payload: { ...shop, unitId } } });
  });
});

describe('the tracker file', () => {
  it('is served at /widget.js as JavaScript, cached long, loadable by other sites, gzipped when asked', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/widget.js', headers: { 'accept-encoding': 'gzip' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toMatch(/public, max-age=86400/);
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(res.rawPayload).toString()).toContain('data-site');
    const again = await t.app.inject({ method: 'GET', url: '/widget.js', headers: { 'if-none-match': String(res.headers.etag) } });
    expect(again.statusCode).toBe(304);
  });
});
