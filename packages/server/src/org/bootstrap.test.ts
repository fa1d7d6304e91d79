import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { freshDatabase } from '../test/harness.ts';
import type { Database } from '../platform/db/index.ts';
import { readConfig } from '../platform/config.ts';
import { buildApp } from '../app.ts';
import { isEmpty } from '../demo/index.ts';
import { bootstrapOrganisation } from './bootstrap.ts';

let database: Database;
let app: FastifyInstance;
beforeAll(async () => {
  database = await freshDatabase();
  app = await buildApp({ ...readConfig({}), logLevel: 'silent' }, database);
});
afterAll(async () => { await app.close(); await database.close(); });

describe('starting without demo data', () => {
  it('creates one administrator whose printed password works once and must then be changed', async () => {
    expect(await isEmpty(database.db)).toBe(true);
    const { username, password } = await bootstrapOrganisation(database.db);
    expect(await isEmpty(database.db)).toBe(false);
    expect(password.length).toBeGreaterThanOrEqual(16);
    const res = await app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { username, password } });
    expect(res.statusCode).toBe(204);
    const cookie = String(res.headers['set-cookie']).split(';')[0];
    const me = (await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).json();
    expect(me.user.role).toBe('admin');
    expect(me.user.mustChangePassword).toBe(true);
    expect(me.unit.level).toBe('group');
    const blocked = await app.inject({ method: 'GET', url: '/api/v1/customers', headers: { cookie } });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('password_change_required');
    const changed = await app.inject({ method: 'POST', url: '/api/v1/me/password', headers: { cookie }, payload: { currentPassword: password, newPassword: 'a-long-new-password' } });
    expect(changed.statusCode).toBe(204);
    const customers = (await app.inject({ method: 'GET', url: '/api/v1/customers', headers: { cookie } })).json();
    expect(customers).toEqual({ items: [], nextCursor: null });
  });
});
