import fs from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * CI runs the suite twice: on the embedded store, then with DATABASE_URL on a PostgreSQL server.
 * A test file that opens no store (pure rules, the embedded store's own files, the API types)
 * answers the same both times, so the second run leaves it out; every file that touches a store runs again.
 */
const touchesTheStore = /freshDatabase|startTestApp|aStore|DATABASE_URL|test\/processes/;
const storeFree = process.env.DATABASE_URL
  ? fs.readdirSync('src', { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts') && !touchesTheStore.test(fs.readFileSync(path.join('src', f), 'utf8')))
    .map((f) => path.join('src', f))
  : [];

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...storeFree],
    setupFiles: ['src/test/setup.ts'],
    // The tracker the server serves at /widget.js, built once when missing or stale.
    globalSetup: ['src/test/build-widget.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
