import type { AddressInfo } from 'node:net';
import { DEMO_PASSWORD } from '../demo/organisation.ts';
import type { TestApp } from './harness.ts';
import WebSocket from 'ws';

export interface Received { type: string; cursor?: string; topics?: string[]; event?: { type: string; entity: string; entityId: string }; [k: string]: unknown }

/** A real WebSocket client that keeps what it receives, for tests and benchmarks. */
export class TestSocket {
  readonly received: Received[] = [];
  private waiters: (() => void)[] = [];
  closed: { code: number; reason: string } | null = null;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => { this.received.push(JSON.parse(data.toString())); this.notify(); });
    ws.on('close', (code, reason) => { this.closed = { code, reason: reason.toString() }; this.notify(); });
  }

  /** Opens a socket; resolves once open, or rejects with the HTTP status the handshake got. */
  static open(url: string, headers: Record<string, string>, options: WebSocket.ClientOptions = {}): Promise<TestSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers, ...options });
      const socket = new TestSocket(ws);
      ws.once('open', () => resolve(socket));
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (c: Buffer) => { body += c.toString(); });
        res.on('end', () => reject(Object.assign(new Error(`handshake refused: ${res.statusCode}`), { status: res.statusCode, body })));
      });
      ws.once('error', reject);
    });
  }

  send(message: unknown): void { this.ws.send(typeof message === 'string' ? message : JSON.stringify(message)); }

  /** Waits for a message (after those already taken) that matches, and returns it. */
  async next(match: (m: Received) => boolean = () => true, timeoutMs = 5_000): Promise<Received> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.received.findIndex((m) => !taken.has(m) && match(m));
      if (index >= 0) { taken.add(this.received[index]); return this.received[index]; }
      if (Date.now() > deadline) throw new Error(`no matching message in ${timeoutMs} ms; received ${JSON.stringify(this.received)}`);
      await this.wait(deadline - Date.now());
    }
  }

  /** The events received so far. */
  events(): Received[] { return this.received.filter((m) => m.type === 'event'); }

  async closedWith(timeoutMs = 5_000): Promise<{ code: number; reason: string }> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error(`still open after ${timeoutMs} ms`);
      await this.wait(deadline - Date.now());
    }
    return this.closed;
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => { this.ws.once('close', () => resolve()); this.ws.close(); });
  }

  private wait(ms: number) {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.max(ms, 0));
      this.waiters.push(() => { clearTimeout(timer); resolve(); });
    });
  }

  private notify() { const w = this.waiters; this.waiters = []; for (const f of w) f(); }
}

const taken = new WeakSet<object>();

export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A test app listening on a free port, with the realtime endpoint's address and the Origin our own pages send. */
export async function listening(app: TestApp['app']) {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, url: `ws://127.0.0.1:${port}/api/v1/realtime` };
}

/** A demo user's session cookie, as the browser holds it after signing in. */
export async function sessionCookie(t: TestApp, username: string) {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { username, password: DEMO_PASSWORD } });
  if (res.statusCode !== 204) throw new Error(`${username} could not sign in: ${res.statusCode} ${res.body}`);
  return String(res.headers['set-cookie']).split(';')[0];
}
