import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/harness.ts';

/**
 * What the route-by-route test (routes-access.test.ts) does not ask: lists and exports leave
 * another unit's customers out, the top of the organisation sees below it, API tokens may not
 * act for a person, and a session cookie from another site changes nothing.
 */
let t: TestApp;
let changshaCustomer: { id: string };
const someUuid = '00000000-0000-4000-8000-000000000001';

beforeAll(async () => {
  t = await startTestApp({ customers: 40 });
  const am = await t.as('cs.am1');
  changshaCustomer = (await am({ method: 'POST', url: '/api/v1/customers', payload: { name: '矩阵测试', kind: 'enterprise', identities: [{ kind: 'phone', value: '13974100001' }] } })).json();
});
afterAll(() => t.close());

describe('access', () => {
  it('hides another unit\'s customers from lists, search and export', async () => {
    const zhuzhou = await t.as('zz.am1');
    expect((await zhuzhou({ method: 'GET', url: '/api/v1/customers?q=13974100001' })).json().items).toHaveLength(0);
    expect((await zhuzhou({ method: 'GET', url: `/api/v1/customers?q=${encodeURIComponent('矩阵')}` })).json().items).toHaveLength(0);
    const manager = await t.as('zz.manager');
    const csv = (await manager({ method: 'GET', url: '/api/v1/customers/export.csv' })).body;
    expect(csv).not.toContain('矩阵测试');
    expect(csv).toContain('株洲');
  });

  it('lets the province manager and the group administrator see every local network below them', async () => {
    for (const username of ['hn.manager', 'admin']) {
      const client = await t.as(username);
      expect((await client({ method: 'GET', url: `/api/v1/customers/${changshaCustomer.id}` })).statusCode, username).toBe(200);
    }
  });

  it.each([
    ['POST', '/api/v1/api-tokens', { name: 'minted by a token' }, /cannot create API tokens/],
    ['POST', '/api/v1/me/password', { currentPassword: 'xiang-demo-2026', newPassword: 'taken-over-2026' }, /cannot change a password/],
    ['POST', '/api/v1/users', { username: 'by.token', displayName: 'x', role: 'admin', unitId: someUuid }, /cannot manage users/],
    ['PATCH', '/api/v1/users/{id}', { role: 'admin' }, /cannot manage users/],
    ['POST', '/api/v1/users/{id}/password-reset', undefined, /cannot manage users/],
  ] as const)('refuses %s %s to an API token, even an administrator\'s (403, sign in instead)', async (method, url, body, said) => {
    const admin = await t.as('admin');
    const { token } = (await admin({ method: 'POST', url: '/api/v1/api-tokens', payload: { name: 'integration' } })).json();
    const someone = (await admin({ method: 'GET', url: '/api/v1/users?role=analyst' })).json().items[0];
    const res = await t.app.inject({
      method, url: url.replace('{id}', someone.id), headers: { authorization: `Bearer ${token}` }, ...(body ? { payload: body } : {}),
    });
    expect(res.statusCode, res.body).toBe(403);
    expect(res.json()).toMatchObject({ code: 'session_required', detail: expect.stringMatching(said) });
    expect((await admin({ method: 'GET', url: `/api/v1/users/${someone.id}` })).json().role).toBe('analyst');
    const zh = await t.app.inject({ method, url: url.replace('{id}', someone.id), headers: { authorization: `Bearer ${token}`, 'accept-language': 'zh-CN' }, ...(body ? { payload: body } : {}) });
    expect(zh.json().detail).toMatch(/^API 令牌不能/);
  });

  it('lets an API token read and revoke, so a leaked one can be shut off from the integration itself', async () => {
    const am = await t.as('cs.am1');
    const { token, id } = (await am({ method: 'POST', url: '/api/v1/api-tokens', payload: { name: 'ERP' } })).json();
    const bearer = { authorization: `Bearer ${token}` };
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/api-tokens', headers: bearer })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/customers/${changshaCustomer.id}`, headers: bearer })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/api-tokens/${id}`, headers: bearer })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer })).statusCode).toBe(401);
  });

  it('refuses a state-changing request from another site carrying a session cookie (CSRF)', async () => {
    const am = await t.as('cs.am1');
    const res = await am({ method: 'PATCH', url: `/api/v1/customers/${changshaCustomer.id}`, payload: { note: 'x' }, headers: { origin: 'https://evil.example', host: 'localhost:3000' } });
    expect(res.statusCode).toBe(403);
    const same = await am({ method: 'PATCH', url: `/api/v1/customers/${changshaCustomer.id}`, payload: { note: 'x' }, headers: { origin: 'http://localhost:3000', host: 'localhost:3000' } });
    expect(same.statusCode).toBe(200);
  });
});
