import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test/harness.ts';
import { DEMO_PASSWORD } from '../demo/organisation.ts';

let t: TestApp;
beforeAll(async () => { t = await startTestApp({ customers: 0 }); });
afterAll(() => t.close());

const signIn = (username: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { username, password } });
const cookieOf = (res: Awaited<ReturnType<typeof signIn>>) => String(res.headers['set-cookie']).split(';')[0];

describe('signing in', () => {
  it('sets an httpOnly SameSite session cookie that holds no user data, and /me answers who is signed in', async () => {
    const res = await signIn('cs.am1', DEMO_PASSWORD);
    expect(res.statusCode).toBe(204);
    const header = String(res.headers['set-cookie']);
    expect(header).toMatch(/HttpOnly/i);
    expect(header).toMatch(/SameSite=Lax/i);
    expect(header).not.toContain('cs.am1');
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: cookieOf(res) } });
    expect(me.json().user.username).toBe('cs.am1');
    expect(me.json().permissions).toContain('customer.write');
    expect(me.json().permissions).not.toContain('customer.reassign');
    expect(me.json().user).not.toHaveProperty('passwordHash');
  });

  it('gives the same answer for an unknown user and a wrong password', async () => {
    const unknown = await signIn('nobody.here', 'whatever-password');
    const wrong = await signIn('cs.am2', 'wrong-password');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json().detail).toBe(wrong.json().detail);
  });

  it('never locks an account: wrong passwords earn a delay (429, no 423), and an administrator\'s reset lets its owner straight in', async () => {
    const from = { remoteAddress: '192.0.2.10' };
    for (let i = 0; i < 6; i++) expect((await t.app.inject({ method: 'POST', url: '/api/v1/sessions', ...from, payload: { username: 'cs.sales', password: `wrong-${i}` } })).statusCode).toBe(401);
    const slowed = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', ...from, payload: { username: 'cs.sales', password: DEMO_PASSWORD } });
    expect(slowed.statusCode).toBe(429);
    expect(slowed.json().detail).toMatch(/try again in \d+ s/);
    const admin = await t.as('admin');
    const sales = (await admin({ method: 'GET', url: '/api/v1/users?role=sales' })).json().items.find((u: { username: string }) => u.username === 'cs.sales');
    expect(sales).not.toHaveProperty('lockedUntil');
    const reset = await admin({ method: 'POST', url: `/api/v1/users/${sales.id}/password-reset` });
    const fresh = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', ...from, payload: { username: 'cs.sales', password: reset.json().password } });
    expect(fresh.statusCode).toBe(204);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: cookieOf(fresh) } });
    expect(me.json().user.mustChangePassword).toBe(true);
  });

  it('ends the session on sign-out', async () => {
    const cookie = cookieOf(await signIn('cs.am2', DEMO_PASSWORD));
    expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/sessions/current', headers: { cookie } })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('ends every session of an account at once when an administrator disables it', async () => {
    const cookie = cookieOf(await signIn('yy.am1', DEMO_PASSWORD));
    const admin = await t.as('admin');
    const user = (await admin({ method: 'GET', url: '/api/v1/users?role=account_manager' })).json().items.find((u: { username: string }) => u.username === 'yy.am1');
    expect((await admin({ method: 'PATCH', url: `/api/v1/users/${user.id}`, payload: { isDisabled: true } })).json().isDisabled).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(401);
    expect((await signIn('yy.am1', DEMO_PASSWORD)).statusCode).toBe(401);
  });

  it('changes one\'s own password only with the current one, and the old one stops working', async () => {
    const me = await t.as('hy.am1');
    expect((await me({ method: 'POST', url: '/api/v1/me/password', payload: { currentPassword: 'not-it', newPassword: 'a-new-long-password' } })).json().field).toBe('currentPassword');
    expect((await me({ method: 'POST', url: '/api/v1/me/password', payload: { currentPassword: DEMO_PASSWORD, newPassword: 'short' } })).json().field).toBe('newPassword');
    expect((await me({ method: 'POST', url: '/api/v1/me/password', payload: { currentPassword: DEMO_PASSWORD, newPassword: 'a-new-long-password' } })).statusCode).toBe(204);
    expect((await signIn('hy.am1', DEMO_PASSWORD)).statusCode).toBe(401);
    expect((await signIn('hy.am1', 'a-new-long-password')).statusCode).toBe(204);
  });
});

describe('API tokens', () => {
  it('are shown once, stored hashed, act as their user, and stop working when revoked', async () => {
    const am = await t.as('cs.am1');
    const created = await am({ method: 'POST', url: '/api/v1/api-tokens', payload: { name: 'ERP 同步' } });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect(token).toMatch(/^xg_/);
    const listed = (await am({ method: 'GET', url: '/api/v1/api-tokens' })).json().items;
    expect(JSON.stringify(listed)).not.toContain(token);
    expect(listed[0].prefix).toBe(token.slice(0, 9));
    const bearer = { authorization: `Bearer ${token}` };
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer });
    expect(me.json().user.username).toBe('cs.am1');
    expect((await am({ method: 'DELETE', url: `/api/v1/api-tokens/${id}` })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer })).statusCode).toBe(401);
  });
});

describe('organisation', () => {
  it('adds a team under a local network, refuses a level that does not fit, and records both in the audit', async () => {
    const admin = await t.as('admin');
    const changsha = t.org.networks[0].id;
    const team = await admin({ method: 'POST', url: '/api/v1/org-units', payload: { parentId: changsha, level: 'team', code: 'HN-CS-NEW', name: '长沙校园营销部' } });
    expect(team.statusCode).toBe(201);
    const wrong = await admin({ method: 'POST', url: '/api/v1/org-units', payload: { parentId: changsha, level: 'province', code: 'HN-CS-BAD', name: 'x' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ field: 'level', detail: 'A local_network holds team units, not province.' });
    const underTeam = await admin({ method: 'POST', url: '/api/v1/org-units', headers: { 'accept-language': 'zh-CN' }, payload: { parentId: team.json().id, level: 'team', code: 'HN-CS-SUB', name: 'x' } });
    expect(underTeam.json().detail).toBe('团队下不能再设下级单位。');
    const trail = (await admin({ method: 'GET', url: `/api/v1/audit?entity=org_unit&entityId=${team.json().id}` })).json().items;
    expect(trail[0].action).toBe('unit.created');
    const csManager = await t.as('cs.manager');
    const units = (await csManager({ method: 'GET', url: '/api/v1/org-units' })).json().items;
    expect(units.map((u: { name: string }) => u.name)).toContain('长沙校园营销部');
    expect(units.map((u: { name: string }) => u.name)).not.toContain('株洲本地网');
  });
});
