import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, freshDatabase, type TestApp } from '../test/harness.ts';
import { DEMO_PASSWORD } from '../demo/organisation.ts';
import { buildApp } from '../app.ts';
import { readConfig } from '../platform/config.ts';
import { bootstrapOrganisation } from './bootstrap.ts';

let t: TestApp;
beforeAll(async () => { t = await startTestApp({ customers: 0 }); });
afterAll(() => t.close());

const signIn = async (username: string, password: string) => {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { username, password }, remoteAddress: '192.0.2.77' });
  expect(res.statusCode, res.body).toBe(204);
  return String(res.headers['set-cookie']).split(';')[0];
};
const withCookie = (cookie: string, language = 'en') => (options: { method: 'GET' | 'POST'; url: string; payload?: object }) =>
  t.app.inject({ ...options, headers: { cookie, 'accept-language': language } });

describe('the password rule', () => {
  it('refuses one of the most common passwords, saying why in both languages and never repeating it', async () => {
    const me = withCookie(await signIn('cs.am1', DEMO_PASSWORD));
    for (const common of ['password123', 'Qwertyuiop', '1q2w3e4r5t']) {
      const refused = await me({ method: 'POST', url: '/api/v1/me/password', payload: { currentPassword: DEMO_PASSWORD, newPassword: common } });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().field).toBe('newPassword');
      expect(refused.json().detail).toMatch(/most common passwords/);
      expect(refused.body.toLowerCase()).not.toContain(common.toLowerCase());
    }
    const zh = withCookie(await signIn('cs.am1', DEMO_PASSWORD), 'zh-CN');
    const told = await zh({ method: 'POST', url: '/api/v1/me/password', payload: { currentPassword: DEMO_PASSWORD, newPassword: 'iloveyou123' } });
    expect(told.json().detail).toBe('该密码是最常见的密码之一，攻击者会最先尝试，请换一个。');
    await signIn('cs.am1', DEMO_PASSWORD); // the password did not change
  });

  it('refuses a password that contains the username', async () => {
    const me = withCookie(await signIn('cs.am2', DEMO_PASSWORD));
    const refused = await me({ method: 'POST', url: '/api/v1/me/password', payload: { currentPassword: DEMO_PASSWORD, newPassword: 'CS.AM2-winter-garden' } });
    expect(refused.json()).toMatchObject({ status: 400, field: 'newPassword', detail: 'The password must not contain the username.' });
  });

  it('holds when an administrator creates a user with a password, and says nothing was created', async () => {
    const admin = await t.as('admin');
    const body = (password: string) => ({ username: 'li.ming', displayName: '李明', role: 'analyst', unitId: t.org.provinceId, password });
    const common = await admin({ method: 'POST', url: '/api/v1/users', headers: { 'accept-language': 'zh-CN' }, payload: body('1234567890') });
    expect(common.json()).toMatchObject({ status: 400, field: 'password', detail: '该密码是最常见的密码之一，攻击者会最先尝试，请换一个。' });
    const named = await admin({ method: 'POST', url: '/api/v1/users', payload: body('li.ming.2026!') });
    expect(named.json()).toMatchObject({ status: 400, field: 'password' });
    expect((await admin({ method: 'GET', url: '/api/v1/users' })).json().items.map((u: { username: string }) => u.username)).not.toContain('li.ming');
    expect((await admin({ method: 'POST', url: '/api/v1/users', payload: body('paper-kite-harbour') })).statusCode).toBe(201);
  });

  it('holds for the first administrator of an empty organisation, who must change the printed password', { timeout: 180_000 }, async () => {
    const database = await freshDatabase();
    const { password } = await bootstrapOrganisation(database.db);
    const app = await buildApp({ ...readConfig({}), dataDir: '/nonexistent', logLevel: 'silent' }, database);
    try {
      const signedIn = await app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { username: 'admin', password } });
      const cookie = String(signedIn.headers['set-cookie']).split(';')[0];
      const change = (newPassword: string) => app.inject({ method: 'POST', url: '/api/v1/me/password', headers: { cookie }, payload: { currentPassword: password, newPassword } });
      expect((await change('administrator')).json().detail).toMatch(/username/);
      expect((await change('1qaz2wsx3edc')).json().detail).toMatch(/most common/);
      expect((await change('orchid-compass-93')).statusCode).toBe(204);
    } finally {
      await app.close();
      await database.close();
    }
  });
});

describe('changing one\'s password', () => {
  it('ends every other session of the user, keeps the one that changed it, and leaves API tokens working', async () => {
    const laptop = await signIn('cs.key1', DEMO_PASSWORD);
    const phone = await signIn('cs.key1', DEMO_PASSWORD);
    const token = (await withCookie(laptop)({ method: 'POST', url: '/api/v1/api-tokens', payload: { name: 'ERP' } })).json().token;
    const changed = await withCookie(laptop)({ method: 'POST', url: '/api/v1/me/password', payload: { currentPassword: DEMO_PASSWORD, newPassword: 'meadow-signal-58' } });
    expect(changed.statusCode).toBe(204);
    expect((await withCookie(phone)({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401);
    expect((await withCookie(laptop)({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    const admin = await t.as('admin');
    const trail = (await admin({ method: 'GET', url: '/api/v1/audit?action=user.password_changed' })).json().items;
    expect(trail[0].after).toEqual({ otherSessionsEnded: 1 });
  });
});
