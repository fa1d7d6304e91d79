/**
 * Realtime in one server process: memory per idle authenticated socket, and how long a change
 * takes to reach 1,000 subscribers, against a bare `ws` server in the same run (the same
 * sockets, the same subscribers, a broadcast asked for over a socket).
 *
 *   node --import tsx bench/realtime.ts [--sockets 10000] [--subscribers 1000] [--rounds 30] [--port 3260] [--pglite]
 *     [--client-threads 2] [--server-profile <dir>]
 *   CI:  --tiny (200 sockets, 50 subscribers, 3 rounds); --rounds-shown prints each round's first and last arrival
 *
 * The clients run in `--client-threads` worker threads, each with its share of the sockets and of
 * the subscribers: with one thread, taking 1,000 messages off 1,000 sockets in one event loop was
 * the slowest part of the path measured, for the bare server as for ours. Arrivals are read on a
 * clock the threads share. `--server-profile` writes the real server's CPU profile there.
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
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import WebSocket, { WebSocketServer } from 'ws';
import { hasFlag, option } from './options.ts';
import { root, signIn, startServer, stopServer, waitForHealth } from './server.ts';

const isTiny = hasFlag('--tiny');
const sockets = Number(option('--sockets', isTiny ? '200' : '10000'));
const subscribers = Number(option('--subscribers', isTiny ? '50' : '1000'));
const rounds = Number(option('--rounds', isTiny ? '3' : '30'));
const port = Number(option('--port', '3260'));
const clientThreads = Number(option('--client-threads', '2'));

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

/** A clock every thread of this process reads alike (each thread's performance.now() has its own origin). */
const clock = () => performance.timeOrigin + performance.now();

interface ClientJob { url: string; headers: Record<string, string>; sockets: number; followers: number; topic: string | null }
type ToClient = { op: 'subscribe' } | { op: 'arm' } | { op: 'close' };
type FromClient = { op: 'opened' } | { op: 'subscribed' } | { op: 'armed' } | { op: 'arrived'; times: number[] } | { op: 'closed' };

/**
 * One client thread: its share of the sockets and of the subscribers. Spread over threads, the
 * clients' own work of taking 1,000 messages off 1,000 sockets is not one event loop's queue.
 */
async function clientThread(job: ClientJob) {
  const port = parentPort!;
  const all = await openAll(job.url, job.headers, job.sockets);
  const followers = all.slice(0, job.followers);
  const post = (m: FromClient) => port.postMessage(m);
  port.on('message', async (m: ToClient) => {
    if (m.op === 'subscribe') {
      await Promise.all(followers.map((ws) => new Promise<void>((resolve) => {
        if (!job.topic) { ws.send(JSON.stringify({ op: 'subscribe' })); resolve(); return; }
        ws.on('message', function ready(data) {
          if (data.toString().includes('"type":"subscribed"')) { ws.off('message', ready); resolve(); }
        });
        ws.send(JSON.stringify({ op: 'subscribe', topics: [job.topic] }));
      })));
      post({ op: 'subscribed' });
    } else if (m.op === 'arm') {
      const arrived = Promise.all(followers.map((ws) => new Promise<number>((resolve) => {
        const onMessage = (data: WebSocket.RawData) => {
          if (!data.toString().includes('"type":"event"')) return;
          ws.off('message', onMessage);
          resolve(clock());
        };
        ws.on('message', onMessage);
      })));
      post({ op: 'armed' });
      post({ op: 'arrived', times: await arrived });
    } else {
      for (const ws of all) ws.terminate();
      post({ op: 'closed' });
    }
  });
  post({ op: 'opened' });
}

/** The client threads, driven together: each step waits for every thread's answer. */
async function startClients(url: string, headers: Record<string, string>, topic: string | null) {
  const workers = Array.from({ length: clientThreads }, (_, i) => {
    const share = (n: number) => Math.floor((n * (i + 1)) / clientThreads) - Math.floor((n * i) / clientThreads);
    const job: ClientJob = { url, headers, sockets: share(sockets), followers: share(subscribers), topic };
    // This file again, through tsx as the main thread runs it.
    const code = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`;
    return new Worker(code, { eval: true, workerData: job });
  });
  const failed = new Promise<never>((_, reject) => { for (const w of workers) w.on('error', reject); });
  failed.catch(() => {});
  const replies = (op: FromClient['op']) => Promise.race([failed, Promise.all(workers.map((w) => new Promise<FromClient>((resolve) => {
    const onMessage = (m: FromClient) => { if (m.op === op) { w.off('message', onMessage); resolve(m); } };
    w.on('message', onMessage);
  })))]);
  const ask = (m: ToClient, op: FromClient['op']) => { const answered = replies(op); for (const w of workers) w.postMessage(m); return answered; };
  await replies('opened');
  return {
    subscribe: () => ask({ op: 'subscribe' }, 'subscribed'),
    /** Listens on every subscriber; resolves once they are listening, with their arrival times to come. */
    async arm() {
      const arrived = replies('arrived');
      await ask({ op: 'arm' }, 'armed');
      return { arrived: arrived.then((all) => all.flatMap((m) => (m.op === 'arrived' ? m.times : []))) };
    },
    async close() { await ask({ op: 'close' }, 'closed'); await Promise.all(workers.map((w) => w.terminate())); },
  };
}

interface Side { rssBefore: number; rssAfter: number; p50: number; p99: number; max: number }

/** Times `rounds` broadcasts triggered by `trigger`, which returns when the clock starts if later than its call (a commit's acknowledgement). */
async function measure(clients: Awaited<ReturnType<typeof startClients>>, trigger: () => Promise<number | null>) {
  await clients.subscribe();
  await pause(500);
  const latencies: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const { arrived } = await clients.arm();
    const sentAt = clock();
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
  const profileDir = option('--server-profile');
  const server = startServer({
    nodeArgs: profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [],
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
    const clients = await startClients(`ws://127.0.0.1:${port}/api/v1/realtime`, { origin: server.url, cookie }, `customer:${customer.id}`);
    await pause(2000);
    const rssAfter = rssOf(server.child.pid!);
    let n = 0;
    const writer = isPg ? new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:5432/${dbName}` }) : null;
    await writer?.connect();
    const figures = await measure(clients, async () => {
      if (writer) {
        await writer.query(`insert into outbox_events (type, entity, entity_id, unit_id, payload) values ('customer.updated', 'customer', $1, $2, '{}')`,
          [customer.id, customer.unitId]);
        return clock();
      }
      const res = await api('PATCH', `/customers/${customer.id}`, { name: `实时 基准 ${++n}` });
      if (res.status !== 200) throw new Error(`rename: ${res.status} ${await res.text()}`);
      return null;
    });
    await writer?.end();
    await clients.close();
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
    const clients = await startClients(`ws://127.0.0.1:${port + 1}`, {}, null);
    // The one that asks for each broadcast; not one of the counted sockets.
    const [asker] = await openAll(`ws://127.0.0.1:${port + 1}`, {}, 1);
    await pause(2000);
    const rssAfter = rssOf(child.pid!);
    const figures = await measure(clients, async () => {
      asker.send(JSON.stringify({ op: 'broadcast' }));
      return null;
    });
    asker.terminate();
    await clients.close();
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
  console.log(`${sockets} idle sockets, broadcast to ${subscribers} subscribers, ${rounds} rounds, clients in ${clientThreads} thread(s)`);
  for (const [name, side] of [['xiang', real], ['bare ws', bare]] as const) {
    console.log(`${name.padEnd(8)} RSS ${mb(side.rssBefore)} → ${mb(side.rssAfter)} MB (${kib(side).toFixed(1)} KiB/socket); `
      + `delivery p50 ${side.p50.toFixed(1)} ms, p99 ${side.p99.toFixed(1)} ms, max ${side.max.toFixed(1)} ms`);
  }
  console.log(`ratios xiang/bare: memory per socket ${(kib(real) / kib(bare)).toFixed(2)}, p99 ${(real.p99 / bare.p99).toFixed(2)}; limit p99 ≤ 50 ms: ${real.p99 <= 50 ? 'met' : 'NOT met'}`);
}

if (!isMainThread) await clientThread(workerData as ClientJob);
else if (!hasFlag('--bare-server')) await main();
