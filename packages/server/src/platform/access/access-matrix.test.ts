import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../../test/harness.ts';

/**
 * Who may reach what. Every API route is called without a session, every customer route as a
 * user of another unit (the answer must be 404, never 403, so a record's existence does not
 * leak), and the role-restricted actions as every role.
 */
let t: TestApp;
let changshaCustomer: { id: string };
let allRoutes: { method: string; url: string }[];
const someUuid = '00000000-0000-4000-8000-000000000001';

beforeAll(async () => {
  t = await startTestApp({ customers: 40 });
  const am = await t.as('cs.am1');
  changshaCustomer = (await am({ method: 'POST', url: '/api/v1/customers', payload: { name: '矩阵测试', kind: 'enterprise', identities: [{ kind: 'phone', value: '13974100001' }] } })).json();
  const spec = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
  allRoutes = Object.entries(spec.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => ({ method: method.toUpperCase(), url: path })));
});
afterAll(() => t.close());

const fill = (url: string, customerId: string) => url.replace('{id}', customerId).replace(/\{[a-zA-Z]+\}/g, someUuid);

/** A valid body for each customer route, so the scope is what decides the answer. */
const customerRouteBodies: Record<string, unknown> = {
  'PATCH /api/v1/customers/{id}': { name: '改名' },
  'POST /api/v1/customers/{id}/archive': undefined,
  'POST /api/v1/customers/{id}/restore': undefined,
  'POST /api/v1/customers/{id}/contacts': { name: '联系人' },
  'POST /api/v1/customers/{id}/contacts/{contactId}/archive': undefined,
  'POST /api/v1/customers/{id}/identities': { kind: 'email', value: 'probe@example.cn' },
  'DELETE /api/v1/customers/{id}/identities/{identityId}': undefined,
  'POST /api/v1/customers/{id}/identities/{identityId}/reveal': undefined,
  'POST /api/v1/customers/{id}/contacts/{contactId}/reveal': undefined,
  'POST /api/v1/customers/{id}/subscriptions/{subscriptionId}/reveal': undefined,
  'POST /api/v1/customers/{id}/subscriptions': { productId: someUuid, serviceNumber: '13974100002', startDate: '2026-01-01' },
  'POST /api/v1/customers/{id}/interactions': { kind: 'descriptive', channel: 'staff', type: 'visit.note', summary: '拜访' },
  'POST /api/v1/customers/{id}/attachments': undefined,
  'PATCH /api/v1/customers/{id}/subscriptions/{subscriptionId}': { status: 'suspended' },
  'POST /api/v1/customers/{id}/payments': { billId: someUuid, amountFen: 100, method: 'cash' },
};

describe('access', () => {
  it('answers 401 to every API route without a session, except signing in and out', async () => {
    const open = new Set(['POST /api/v1/sessions', 'DELETE /api/v1/sessions/current']);
    for (const route of allRoutes.filter((r) => r.url.startsWith('/api/v1') && !open.has(`${r.method} ${r.url}`))) {
      const res = await t.app.inject({ method: route.method as 'GET', url: fill(route.url, changshaCustomer.id) });
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(401);
    }
  });

  it('answers 404 to a user of another unit on every customer route, reads and writes alike', async () => {
    const zhuzhou = await t.as('zz.manager');
    const customerRoutes = allRoutes.filter((r) => r.url.startsWith('/api/v1/customers/{id}'));
    expect(customerRoutes.length).toBeGreaterThan(10);
    for (const route of customerRoutes) {
      const key = `${route.method} ${route.url}`;
      if (route.method !== 'GET') expect(Object.keys(customerRouteBodies), `${key} needs a body in this test`).toContain(key);
      const isMultipart = key.endsWith('/attachments');
      const res = await zhuzhou({
        method: route.method as 'GET', url: fill(route.url, changshaCustomer.id),
        ...(isMultipart ? multipartPng() : { payload: customerRouteBodies[key] as object }),
      });
      expect(res.statusCode, `${key}: ${res.body}`).toBe(404);
    }
  });

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
    ['POST /api/v1/customers/reassign', ['admin', 'manager']],
    ['GET /api/v1/audit', ['admin', 'manager']],
    ['POST /api/v1/users', ['admin']],
    ['POST /api/v1/customers', ['admin', 'manager', 'account_manager', 'sales', 'service_agent']],
    ['GET /api/v1/customers/export.csv', ['admin', 'manager', 'account_manager', 'marketing', 'analyst']],
  ] as const)('%s is allowed to %j and refused (403) to every other role', async (route, allowed) => {
    const users = { admin: 'admin', manager: 'hn.manager', account_manager: 'cs.am1', sales: 'cs.sales', marketing: 'hn.marketing', service_agent: 'cs.agent', analyst: 'hn.analyst' };
    const [method, url] = route.split(' ');
    const bodies: Record<string, unknown> = {
      'POST /api/v1/customers/reassign': { customerIds: [changshaCustomer.id], unitId: undefined, ownerId: null },
      'POST /api/v1/users': { username: `probe.${Date.now()}`, displayName: 'Probe', role: 'analyst', unitId: t.org.provinceId },
      'POST /api/v1/customers': { name: `权限测试${Date.now()}` },
    };
    for (const [role, username] of Object.entries(users)) {
      const client = await t.as(username);
      const res = await client({ method: method as 'GET', url, payload: bodies[route] as object });
      if ((allowed as readonly string[]).includes(role)) expect(res.statusCode, `${role}: ${res.body}`).toBeLessThan(300);
      else expect(res.statusCode, `${role}: ${res.body}`).toBe(403);
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

function multipartPng() {
  const boundary = 'matrixboundary';
  const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`),
    png, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
