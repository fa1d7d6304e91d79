import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { after, before } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';

export const root = path.resolve(import.meta.dirname, '..');
export const DEMO_PASSWORD = 'xiang-demo-2026';

function isPortFree(port: number) {
  return new Promise<boolean>((resolve) => {
    const probe = createServer().once('error', () => resolve(false)).once('listening', () => probe.close(() => resolve(true)));
    probe.listen(port, '0.0.0.0');
  });
}

/** The console's tests may use ports 3100–3199 only. */
async function freePort() {
  const start = 3150 + Math.floor(Math.random() * 40);
  for (let i = 0; i < 100; i++) {
    const port = 3100 + ((start - 3100 + i) % 100);
    if (await isPortFree(port)) return port;
  }
  throw new Error('No free port in 3100–3199');
}

export interface RunningServer {
  baseUrl: string;
  /** What the server has printed so far (its log at LOG_LEVEL=warn and its start-up lines). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * The real server with the built console, on a fresh data directory with a small demo.
 * E2E_BASE_URL points the tests at a server already running instead.
 *
 * A demo loaded in full is loaded once per size and then copied (see `demoTemplate`): a fresh
 * store costs PGlite's initdb and the demo's load, 10–15 s a file, and every file but the one
 * that tests the load itself wants the same finished demo. A copy is as fresh a store as the
 * first: nothing has signed in to the template, and each file gets a directory of its own.
 */
export async function startServer({ customers = 2000, isDemoAwaited = true } = {}): Promise<RunningServer> {
  if (process.env.E2E_BASE_URL) return { baseUrl: process.env.E2E_BASE_URL, output: () => '', stop: async () => {} };
  const build = spawnSync(process.execPath, [path.join(root, 'scripts/build-console.mjs')], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('The console did not build');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'xiang-e2e-'));
  // A test of the demo's own load (isDemoAwaited false with customers) watches it happen, so it starts empty.
  const isFinishedDemo = isDemoAwaited || customers === 0;
  if (isFinishedDemo) cpSync(await demoTemplate(customers), dataDir, { recursive: true });
  return launch(dataDir, customers, 'is ready at');
}

async function launch(dataDir: string, customers: number, readyWhen: string, { keepData = false } = {}): Promise<RunningServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'packages/server/src/main.ts')], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', DEMO_CUSTOMERS: String(customers), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The server did not start in 180 s:\n${output}`)), 180_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(readyWhen)) { clearTimeout(timer); resolve(); }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`The server exited (${code}):\n${output}`)); });
  });
  child.removeAllListeners('exit');
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A template is used for half an hour: the demo's dates (due times, today's tasks) are relative to its load. */
const templateMaxAgeMs = 30 * 60_000;

/**
 * The data directory of a finished demo of `customers` customers, made by the first file that
 * asks (the files run one after another, each in its own process, so it is found on disk) and
 * named by the server's sources, migrations and demo: any change of them makes a new one. Made
 * beside its final place and renamed there, so no file ever starts from half a template.
 */
async function demoTemplate(customers: number): Promise<string> {
  const templates = path.join(tmpdir(), 'xiang-e2e-templates');
  const dir = path.join(templates, `${sourcesHash()}-${customers}`);
  if (existsSync(dir) && Date.now() - statSync(dir).mtimeMs < templateMaxAgeMs) return dir;
  mkdirSync(templates, { recursive: true });
  const making = mkdtempSync(path.join(templates, 'making-'));
  const server = await launch(making, customers, 'Demo customers loaded', { keepData: true });
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
  renameSync(making, dir);
  return dir;
}

function sourcesHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else { const { size, mtimeMs } = statSync(file); hash.update(`${file}:${size}:${mtimeMs}\n`); }
    }
  };
  for (const dir of ['packages/server/src', 'packages/server/migrations', 'packages/shared/src']) walk(path.join(root, dir));
  return hash.digest('hex').slice(0, 16);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
}

export async function signIn(page: Page, baseUrl: string, username: string) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel(/用户名|Username/).fill(username);
  await page.getByLabel(/密码|Password/).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录|Sign in/ }).click();
  // The side menu, or at phone width the button that opens it as a drawer.
  await page.waitForSelector('[data-testid="side-menu"], [data-testid="menu-open"]');
}

/** The API as a demo user, for test data the browser then looks for. */
export async function apiAs(baseUrl: string, username: string) {
  const res = await fetch(`${baseUrl}/api/v1/sessions`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (res.status !== 204) throw new Error(`sign-in as ${username}: ${res.status}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0];
  const raw = (p: string, init: RequestInit = {}) => fetch(`${baseUrl}/api/v1${p}`, { ...init, headers: { ...init.headers, cookie, origin: baseUrl } });
  return {
    get: async <T>(p: string): Promise<T> => (await fetch(`${baseUrl}/api/v1${p}`, { headers: { cookie } })).json() as Promise<T>,
    raw,
    /** A POST whose answer must be a success: its body, else the test stops with the server's answer. */
    post: async <T>(p: string, body: unknown): Promise<T> => {
      const res = await raw(p, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`POST ${p}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<T>;
    },
  };
}

/** A small PNG drawn in the test: a blue square with a white band, so the preview is visible. */
export function makePng(size = 96): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 2; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x++) {
      const isBand = y > size * 0.4 && y < size * 0.6;
      row.set(isBand ? [255, 255, 255] : [22, 119, 255], 1 + x * 3);
    }
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A suite's server and browser: started before its first test, stopped after its last. */
export function serverAndBrowser(options: Parameters<typeof startServer>[0] = { customers: 200 }) {
  const running = {} as { server: RunningServer; browser: Browser };
  before(async () => {
    running.server = await startServer(options);
    running.browser = await launchBrowser();
  });
  after(async () => {
    await running.browser?.close();
    await running.server?.stop();
  });
  return running;
}

/** What a shop's page is rendered from: its path, and the visitor id the script's first-party cookie carries (empty before the script ran). */
export interface ShopRequest { path: string; visitorId: string }

/**
 * A shop of another origin, as a site's own server renders it: the page for each request, which may
 * first do what the shop's server does (post an order with its token) before it answers.
 */
export function shopSite(page: (request: ShopRequest) => string | Promise<string>) {
  const server = createHttpServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const visitorId = /(?:^|; )xiang_vid=([A-Za-z0-9_-]+)/.exec(req.headers.cookie ?? '')?.[1] ?? '';
    Promise.resolve().then(() => page({ path, visitorId })).then((html) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
    }, (error: Error) => { res.writeHead(500); res.end(error.message); });
  });
  return new Promise<{ origin: string; close(): Promise<void> }>((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => server.close(() => r())),
  })));
}
