/**
 * Realtime in one server process: memory per idle authenticated socket, and how long a change
 * takes to reach 1,000 subscribers, against a bare `ws` server in the same run (the same
 * sockets, the same subscribers, a broadcast asked for over a socket).
 *
 *   node --import tsx bench/realtime.ts [--sockets 10000] [--subscribers 1000] [--rounds 30] [--port 3260] [--pglite]
 *   CI:  --tiny (200 sockets, 50 subscribers, 3 rounds); --rounds-shown prints each round's first and last arrival
 *
 * The server is `npm start`'s on a fresh database on 127.0.0.1:5432 (or --pglite: the embedded
 * store in a fresh directory), with the demo organisation and no demo customers. Every socket
 * is authenticated with the same session. A round commits one event about a customer the
 * subscribers follow, as a service's transaction does, through `pg`; each subscriber's latency
 * is from the commit's acknowledgement to receiving the event (NOTIFY, the outbox read, the
 * fan-out, the client's own event loop). On --pglite the bench cannot reach the store (the
 * server holds it): a round renames the customer through the API and the latency runs from
 * sending the PATCH, the write and its fsync included. The bare server broadcasts a message
 * sent to it over one socket, timed from sending it. Memory is the server's RSS (from /proc)
 * with the sockets open minus before, divided by their number.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import WebSocket, { WebSocketServer } from 'ws';
import { hasFlag, option } from './options.ts';
import { root, signIn, startServer, stopServer, waitForHealth } from './server.ts';

const isTiny = hasFlag('--tiny');
const sockets = Number(option('--sockets', isTiny ? '200' : '10000'));
const subscribers = Number(option('--subscribers', isTiny ? '50' : '1000'));
const rounds = Number(option('--rounds', isTiny ? '3' : '30'));
const port = Number(option('--port', '3260'));

// The bare baseline, started by this script as a child process of its own.
if (hasFlag('--bare-server')) {
  const followers = new Set<WebSocket>();
  const wss = new WebSocketServer({ port, host: '127.0.0.1' });
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { op: string };
      if (message.op === 'subscribe') followers.add(ws);
      // The same work per recipient as the real hub: a JSON message, sent to each.
      if (message.op === 'broadcast') {
        const text = JSON.stringify({ type: 'event', cursor: String(Date.now()), topics: ['customer:x'], event: { type: 'customer.updated' } });
        for (const f of followers) f.send(text);
      }
    });
    ws.on('close', () => followers.delete(ws));
  });
  wss.on('listening', () => console.log('bare ready'));
}

const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Opens `count` sockets, 200 at a time. */
async function openAll(url: string, headers: Record<string, string>, count: number): Promise<WebSocket[]> {
  const all: WebSocket[] = [];
  for (let i = 0; i < count; i += 200) {
    all.push(...await Promise.all(Array.from({ length: Math.min(200, count - i) }, () => new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(url, { headers });
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    }))));
  }
  return all;
}

interface Side { rssBefore: number; rssAfter: number; p50: number; p99: number; max: number }

/** Subscribes the first `subscribers` sockets, then times `rounds` broadcasts triggered by `trigger`. */
/** `trigger` returns when the clock starts, if later than its call (a commit's acknowledgement). */
async function measure(all: WebSocket[], subscribe: (ws: WebSocket) => Promise<void>, trigger: () => Promise<number | null>) {
  const followers = all.slice(0, subscribers);
  await Promise.all(followers.map(subscribe));
  const latencies: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const arrived = Promise.all(followers.map((ws) => new Promise<number>((resolve) => {
      const onMessage = (data: WebSocket.RawData) => {
        if (!data.toString().includes('"type":"event"')) return;
        ws.off('message', onMessage);
        resolve(performance.now());
      };
      ws.on('message', onMessage);
    })));
    const sentAt = performance.now();
    const from = (await trigger()) ?? sentAt;
    const times = (await arrived).map((at) => Math.max(at - from, 0));
    latencies.push(...times);
    if (hasFlag('--rounds-shown')) console.log(`round ${round}: first ${Math.min(...times).toFixed(1)} ms, last ${Math.max(...times).toFixed(1)} ms`);
    await pause(50);
  }
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: Math.max(...latencies) };
}

async function realServer(): Promise<Side> {
  const isPg = !hasFlag('--pglite');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiang-bench-realtime-'));
  const dbName = `xiang_bench_realtime_${process.pid}`;
  const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  if (isPg) { await admin.connect(); await admin.query(`create database ${dbName}`); }
  const server = startServer({
    port, databaseUrl: isPg ? `postgres://postgres@127.0.0.1:5432/${dbName}` : undefined,
    env: { DATA_DIR: dataDir, DEMO: '1', DEMO_CUSTOMERS: '0' }, stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitForHealth(server.url, server.child);
    const cookie = `xiang_session=${await signIn(server.url, 'cs.am1')}`;
    const api = (method: string, url: string, body?: unknown) => fetch(`${server.url}/api/v1${url}`, {
      method, headers: { cookie, origin: server.url, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined,
    });
    const customer = await (await api('POST', '/customers', { name: '实时 基准' })).json() as { id: string; unitId: string };
    await pause(1000);
    const rssBefore = rssOf(server.child.pid!);
    const all = await openAll(`ws://127.0.0.1:${port}/api/v1/realtime`, { origin: server.url, cookie }, sockets);
    await pause(2000);
    const rssAfter = rssOf(server.child.pid!);
    let n = 0;
    const writer = isPg ? new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:5432/${dbName}` }) : null;
    await writer?.connect();
    const figures = await measure(all, (ws) => new Promise((resolve) => {
      ws.on('message', function ready(data) {
        if (data.toString().includes('"type":"subscribed"')) { ws.off('message', ready); resolve(); }
      });
      ws.send(JSON.stringify({ op: 'subscribe', topics: [`customer:${customer.id}`] }));
    }), async () => {
      if (writer) {
        await writer.query(`insert into outbox_events (type, entity, entity_id, unit_id, payload) values ('customer.updated', 'customer', $1, $2, '{}')`,
          [customer.id, customer.unitId]);
        return performance.now();
      }
      const res = await api('PATCH', `/customers/${customer.id}`, { name: `实时 基准 ${++n}` });
      if (res.status !== 200) throw new Error(`rename: ${res.status} ${await res.text()}`);
      return null;
    });
    await writer?.end();
    for (const ws of all) ws.terminate();
    return { rssBefore, rssAfter, ...figures };
  } finally {
    await stopServer(server.child);
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (isPg) { await admin.query(`drop database if exists ${dbName} with (force)`); await admin.end(); }
  }
}

async function bareServer(): Promise<Side> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join('bench', 'realtime.ts'), '--bare-server', '--port', String(port + 1)],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise<void>((resolve) => child.stdout!.on('data', (d: Buffer) => { if (d.toString().includes('bare ready')) resolve(); }));
    await pause(1000);
    const rssBefore = rssOf(child.pid!);
    const all = await openAll(`ws://127.0.0.1:${port + 1}`, {}, sockets);
    await pause(2000);
    const rssAfter = rssOf(child.pid!);
    const figures = await measure(all, async (ws) => { ws.send(JSON.stringify({ op: 'subscribe' })); }, async () => {
      all[all.length - 1].send(JSON.stringify({ op: 'broadcast' }));
      return null;
    });
    for (const ws of all) ws.terminate();
    return { rssBefore, rssAfter, ...figures };
  } finally {
    await stopServer(child);
  }
}

async function main() {
  const started = new Date().toISOString();
  const real = await realServer();
  const bare = await bareServer();
  const kib = (side: Side) => (side.rssAfter - side.rssBefore) / sockets / 1024;
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
  console.log(`realtime bench, ${started}, ${os.cpus().length} cores, node ${process.version}, ${hasFlag('--pglite') ? 'embedded store, from sending the PATCH' : 'PostgreSQL, from the commit'}`);
  console.log(`${sockets} idle sockets, broadcast to ${subscribers} subscribers, ${rounds} rounds`);
  for (const [name, side] of [['xiang', real], ['bare ws', bare]] as const) {
    console.log(`${name.padEnd(8)} RSS ${mb(side.rssBefore)} → ${mb(side.rssAfter)} MB (${kib(side).toFixed(1)} KiB/socket); `
      + `delivery p50 ${side.p50.toFixed(1)} ms, p99 ${side.p99.toFixed(1)} ms, max ${side.max.toFixed(1)} ms`);
  }
  console.log(`ratios xiang/bare: memory per socket ${(kib(real) / kib(bare)).toFixed(2)}, p99 ${(real.p99 / bare.p99).toFixed(2)}; limit p99 ≤ 50 ms: ${real.p99 <= 50 ? 'met' : 'NOT met'}`);
}

if (!hasFlag('--bare-server')) await main();
