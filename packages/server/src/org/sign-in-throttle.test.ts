import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../test/harness.ts';
import { DEMO_PASSWORD } from '../demo/organisation.ts';
import { buildApp } from '../app.ts';
import { readConfig } from '../platform/config.ts';
import { rows } from '../platform/db/index.ts';

let t: TestApp;
beforeAll(async () => { t = await startTestApp({ customers: 0 }); });
afterAll(() => t.close());

let lastAddress = 0;
/** A fresh source address, so one test's failures never slow another's. */
const newAddress = () => `198.51.100.${++lastAddress}`;

const signIn = (username: string, password: string, from: string, app = t.app) =>
  app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { username, password }, remoteAddress: from });
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The counts of an account, as the database holds them (to a tenth: old failures fade continuously). */
const countsOf = (subject: string) => rows<{ rule: string; failures: number }>(t.database.db,
  sql`select rule, round(failures::numeric, 1)::float8 as failures from throttles where subject = ${subject} order by rule`);

/**
 * Wrong passwords all sent at once. The first six are checked; the sixth starts a wait of 1 s,
 * the next 2 s, 4 s …, so a burst that lasts a few seconds on a busy machine may rightly get
 * one or two more checked: never more than the waits that ran out while it lasted.
 */
async function burst(n: number, username: string, from: string) {
  const started = Date.now();
  const answers = await Promise.all(Array.from({ length: n }, (_, i) => signIn(username, `wrong-${i}`, from)));
  const seconds = (Date.now() - started) / 1000;
  const waitsRunOut = [1, 3, 7, 15].filter((end) => end <= seconds).length;
  const checked = answers.filter((a) => a.statusCode === 401).length;
  expect(answers.filter((a) => a.statusCode !== 401 && a.statusCode !== 429)).toEqual([]);
  expect(checked).toBeGreaterThanOrEqual(6);
  expect(checked).toBeLessThanOrEqual(6 + waitsRunOut);
  return { answers, checked };
}
/** Time passes for one account's delays: every wait it has ends now. */
const letDelaysPass = (subject: string) => t.database.db.execute(sql`update throttles set wait_until = null where subject = ${subject}`);

async function resetPasswordOf(username: string) {
  const admin = await t.as('admin');
  const user = (await admin({ method: 'GET', url: '/api/v1/users' })).json().items.find((u: { username: string }) => u.username === username);
  return (await admin({ method: 'POST', url: `/api/v1/users/${user.id}/password-reset` })).json().password as string;
}

describe('wrong passwords slow the guesser down instead of locking the account', () => {
  it('checks only six of fifteen wrong passwords sent at once; the rest wait (429 with Retry-After), and every checked one is counted', async () => {
    const { answers, checked } = await burst(15, 'cs.am2', newAddress());
    const waiting = answers.find((a) => a.statusCode === 429)!;
    expect(Number(waiting.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(waiting.json()).toMatchObject({ status: 429, retryAfter: Number(waiting.headers['retry-after']) });
    expect(await countsOf('cs.am2')).toEqual([{ rule: 'password:account', failures: checked }, { rule: 'password:account+source', failures: checked }]);
  });

  it('counts fifty sent at once one after another, none lost', async () => {
    const { checked } = await burst(50, 'hy.am2', newAddress());
    expect((await countsOf('hy.am2')).map((c) => c.failures)).toEqual([checked, checked]);
  });

  it('refuses even the right password until the delay has passed, then lets it in and forgets the failures', async () => {
    const from = newAddress();
    for (let i = 0; i < 6; i++) expect((await signIn('cs.key1', `wrong-${i}`, from)).statusCode).toBe(401);
    const early = await signIn('cs.key1', DEMO_PASSWORD, from);
    expect(early.statusCode).toBe(429);
    expect(early.headers['retry-after']).toBe('1');
    await pause(1100);
    expect((await signIn('cs.key1', DEMO_PASSWORD, from)).statusCode).toBe(204);
    // The right password clears the count of its own address, and takes back its own attempt elsewhere.
    expect(await countsOf('cs.key1')).toEqual([{ rule: 'password:account', failures: 6 }]);
  });

  it('answers an unknown username exactly like a known one: the same 401s, then the same 429', async () => {
    const [a, b] = [newAddress(), newAddress()];
    const known: { statusCode: number; body: string }[] = [];
    const unknown: { statusCode: number; body: string }[] = [];
    for (let i = 0; i < 7; i++) {
      known.push(await signIn('cs.manager', `wrong-${i}`, a));
      unknown.push(await signIn('no.such.person', `wrong-${i}`, b));
    }
    expect(known.map((r) => r.statusCode)).toEqual([401, 401, 401, 401, 401, 401, 429]);
    expect(unknown.map((r) => r.statusCode)).toEqual(known.map((r) => r.statusCode));
    expect(unknown.map((r) => r.body)).toEqual(known.map((r) => r.body));
  });

  it('lets the real user in from another address while a guesser at one address is held back', async () => {
    await burst(40, 'admin', newAddress());
    expect((await signIn('admin', DEMO_PASSWORD, newAddress())).statusCode).toBe(204);
  });

  it('slows an address that tries many accounts (password spraying), whichever names it tries', async () => {
    const sprayer = newAddress();
    for (let i = 0; i < 21; i++) expect((await signIn(`sprayed.${i}`, 'Spring2026!', sprayer)).statusCode).toBe(401);
    expect((await signIn('sprayed.new', 'Spring2026!', sprayer)).statusCode).toBe(429);
    expect((await signIn('sprayed.new', 'Spring2026!', newAddress())).statusCode).toBe(401);
  });

  it('holds many addresses guessing one account to a delay of a minute at most, and the administrator\'s reset ends it', async () => {
    for (let i = 0; i < 31; i++) expect((await signIn('cs.agent', `wrong-${i}`, newAddress())).statusCode).toBe(401);
    const slowed = await signIn('cs.agent', DEMO_PASSWORD, newAddress());
    expect(slowed.statusCode).toBe(429);
    expect(Number(slowed.headers['retry-after'])).toBeLessThanOrEqual(60);
    const password = await resetPasswordOf('cs.agent');
    expect(await countsOf('cs.agent')).toEqual([]);
    expect((await signIn('cs.agent', password, newAddress())).statusCode).toBe(204);
  });

  it('keeps the counts in the database, so a second server process on it refuses the same guesser', async () => {
    const other = await buildApp({ ...readConfig({}), dataDir: '/nonexistent', logLevel: 'silent' }, t.database);
    await other.ready();
    try {
      const from = newAddress();
      for (let i = 0; i < 6; i++) expect((await signIn('yy.manager', `wrong-${i}`, from)).statusCode).toBe(401);
      expect((await signIn('yy.manager', DEMO_PASSWORD, from, other)).statusCode).toBe(429);
      await letDelaysPass('yy.manager');
      expect((await signIn('yy.manager', DEMO_PASSWORD, from, other)).statusCode).toBe(204);
    } finally {
      await other.close();
    }
  });
});

describe('the current password on the password-change page', () => {
  it('is counted with the account\'s sign-ins: six wrong guesses, then even the right one waits', async () => {
    const me = await t.as('zz.am1');
    const from = newAddress();
    const change = (currentPassword: string) => me({ method: 'POST', url: '/api/v1/me/password', remoteAddress: from, payload: { currentPassword, newPassword: 'river-lantern-47' } });
    for (let i = 0; i < 6; i++) expect((await change(`wrong-${i}`)).json().field).toBe('currentPassword');
    const waiting = await change(DEMO_PASSWORD);
    expect(waiting.statusCode).toBe(429);
    expect(waiting.headers['retry-after']).toBeDefined();
    expect((await signIn('zz.am1', DEMO_PASSWORD, from)).statusCode).toBe(429);
    await letDelaysPass('zz.am1');
    expect((await change(DEMO_PASSWORD)).statusCode).toBe(204);
  });
});
