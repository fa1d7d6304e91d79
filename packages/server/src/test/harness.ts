import type { Gateways } from '../notifications/gateways.ts';
import pg from 'pg';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { openDatabase, type Database } from '../platform/db/index.ts';
import { readConfig, type Config } from '../platform/config.ts';
import { buildApp } from '../app.ts';
import { seedOrganisation, DEMO_PASSWORD, type DemoOrganisation } from '../demo/organisation.ts';
import { seedCustomers } from '../demo/customers.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { embeddedTemplate, serverTemplate, whenIdle } from './template-db.ts';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A fresh database for one test file: the embedded database in memory, or — when
 * DATABASE_URL names a PostgreSQL server — a new database on it, dropped afterwards. The same
 * tests run on both.
 */
export async function freshDatabase(
  { serverUrl = process.env.DATABASE_URL, dataDir = 'memory' }: { serverUrl?: string | null; dataDir?: string } = {},
): Promise<Database> {
  if (!serverUrl) return openDatabase(dataDir === 'memory' ? { dataDir, from: await embeddedTemplate() } : { dataDir });
  const name = `xiang_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const template = await serverTemplate(admin, serverUrl);
    await whenIdle(admin, `create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString() });
  return {
    ...database,
    async close() {
      await database.close();
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  org: DemoOrganisation;
  /** Signs in as a demo user and returns request helpers carrying that session. */
  as(username: string): Promise<Client>;
  close(): Promise<void>;
}

export type Client = (options: InjectOptions) => Promise<LightMyRequestResponse>;

/** The whole application on a fresh database with the demo organisation and a few customers. */
export async function startTestApp({ customers = 120, config = {}, gateways }: { customers?: number; config?: Partial<Config>; gateways?: Gateways } = {}): Promise<TestApp> {
  const database = await freshDatabase();
  const org = await seedOrganisation(database.db);
  if (customers) await seedCustomers(database.db, org, customers);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'xiang-test-'));
  const app = await buildApp({ ...readConfig({}), dataDir, logLevel: (process.env.TEST_LOG_LEVEL as 'silent') ?? 'silent', maxUploadBytes: 5 * 1024 * 1024, ...config }, database, { gateways });
  await app.ready();
  const cookies = new Map<string, string>();
  return {
    app,
    database,
    org,
    async as(username) {
      let cookie = cookies.get(username);
      if (!cookie) {
        const res = await app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { username, password: DEMO_PASSWORD } });
        if (res.statusCode !== 204) throw new Error(`sign-in as ${username} failed: ${res.body}`);
        cookie = String(res.headers['set-cookie']).split(';')[0];
        cookies.set(username, cookie);
      }
      const session = cookie;
      return (options) => app.inject({ ...options, headers: { ...options.headers, cookie: session } });
    },
    async close() {
      await app.close();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
