/**
 * Online orders: `POST /api/v1/tracking/sites/{siteId}/orders` under autocannon as a shop's server
 * posts them (an API token, two items, a shipping address), half for new buyers (a customer made in
 * the same transaction) and half for returning ones (found by phone); then, in the same run, the same
 * rows written raw through the same driver at the same concurrency: per order, in one transaction, the
 * customer and identity rows for a new buyer, the order, its two items and the timeline entry. The raw
 * side does none of what the API does besides those INSERTs (no token or site check, no identity
 * lookup, canonical phone, audit row, outbox event, idempotency check, HTTP, zod or JSON), so API/raw
 * is the price of all of it.
 *
 *   node --import tsx bench/orders.ts --pg [--db xiang_bench_orders] [--server postgres://postgres@127.0.0.1:5432]
 *   node --import tsx bench/orders.ts --pglite            (a fresh data directory, fsync on)
 *   options: --seconds 10 --connections 16 --port 3271; --tiny: a second at 2 connections
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../packages/server/src/platform/db/index.ts';
import { seedOrganisation } from '../packages/server/src/demo/organisation.ts';
import { hasFlag, median, option, percentile } from './options.ts';
import { signIn, startServer, stopServer, waitForHealth } from './server.ts';

const isTiny = hasFlag('--tiny');
const isPg = hasFlag('--pg');
const seconds = Number(option('--seconds', isTiny ? '1' : '10'));
const connections = Number(option('--connections', isTiny ? '2' : '16'));
const port = Number(option('--port', '3271'));
const serverUrl = option('--server', 'postgres://postgres@127.0.0.1:5432');
const dbName = option('--db', `xiang_bench_orders_${process.pid}`);
const returningPool = 500;

let sequence = 0;
/** Every other order is a returning buyer's (one of the first 500 new buyers, found by phone), the others a new buyer's. */
function orderOf(prefix: string) {
  const n = ++sequence;
  const buyer = n % 2 === 0 ? ((n / 2 - 1) % returningPool) * 2 + 1 : n;
  const phone = `139${String(buyer).padStart(8, '0')}`;
  return {
    orderNumber: `${prefix}-${n}`, customer: { name: `买家${buyer}`, phone },
    items: [{ productCode: '5G-199', productName: '5G 畅享套餐', quantity: 1, unitPrice: 19900 }, { productCode: 'SIM', productName: '新号卡', quantity: 2, unitPrice: 1000 }],
    total: 21900, paymentMethod: 'alipay', isPaid: true, orderedAt: new Date().toISOString(),
    shippingAddress: { recipient: `买家${buyer}`, phone, city: '长沙', line: '岳麓区麓山南路 1 号' },
    isReturning: buyer !== n,
  };
}

let admin: pg.Client | null = null;
let scratch: string | null = null;
const databaseUrl = `${serverUrl}/${dbName}`;
if (isPg) {
  admin = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  await admin.connect();
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.query(`create database ${dbName}`);
} else {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'xiang-bench-orders-'));
}

const seeding = await openDatabase(isPg ? { databaseUrl } : { dataDir: scratch! });
await seedOrganisation(seeding.db);
await seeding.close();

let database: Database | null = null;
const { child, url } = startServer({ port, databaseUrl: isPg ? databaseUrl : undefined, env: scratch ? { DATA_DIR: scratch } : {}, stdio: ['ignore', 'inherit', 'inherit'] });
try {
  await waitForHealth(url, child);
  const cookie = `xiang_session=${encodeURIComponent(await signIn(url, 'admin'))}`;
  const asAdmin = (p: string, body: unknown) => fetch(`${url}/api/v1${p}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, origin: url }, body: JSON.stringify(body) });
  const site = await (await asAdmin('/tracking/sites', { name: '压测商城', allowedOrigins: ['https://shop.bench.example'] })).json() as { id: string; unitId: string };
  const { token } = await (await asAdmin('/api-tokens', { name: '压测商城服务器' })).json() as { token: string };

  const latencies: number[] = [];
  const cannon = (duration: number, prefix: string, record: boolean) => new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({
      url: `${url}/api/v1/tracking/sites/${site.id}/orders`, connections, duration,
      requests: [{
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        setupRequest: (req) => { const { isReturning: _r, ...order } = orderOf(prefix); return { ...req, body: JSON.stringify(order) }; },
      }],
    }, (error, r) => (error ? reject(error) : resolve(r)));
    if (record) instance.on('response', (_client, status, _bytes, ms) => { if (status === 201) latencies.push(ms); });
  });
  // A warm-up first, unless tiny (the server runs from its TypeScript sources).
  if (!isTiny) await cannon(3, 'warm', false);
  const result = await cannon(seconds, 'api', true);
  const orders = result['2xx'];
  if (!orders) throw new Error(`no order was acknowledged: ${result.non2xx} refused, ${result.errors} errors`);
  const api = { orders, ordersPerSecond: +(orders / seconds).toFixed(1), p50: +percentile(latencies, 0.5).toFixed(1), p99: +percentile(latencies, 0.99).toFixed(1), non2xx: result.non2xx, errors: result.errors };

  await stopServer(child);
  database = await openDatabase(isPg ? { databaseUrl } : { dataDir: scratch! });
  const db = database.db;
  const [{ n: stored }] = (await db.execute(sql`select count(*)::int as n from tracking_orders`) as unknown as { rows: { n: number }[] }).rows;

  // The bare baseline: the same rows for the same number of orders, one transaction each.
  sequence = 0;
  const raw: number[] = [];
  const rawCustomers = new Map<string, Promise<string>>();
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: isPg ? connections : 1 }, async () => {
    while (next++ < orders) {
      const order = orderOf('raw');
      const t0 = performance.now();
      let committed: (id: string) => void = () => {};
      let afterCommit = () => {};
      await db.transaction(async (tx) => {
        // A returning buyer's order may come while their first is still being written: it waits for that commit.
        let customerId = await rawCustomers.get(order.customer.phone);
        if (!customerId) {
          rawCustomers.set(order.customer.phone, new Promise((resolve) => { committed = resolve; }));
          const inserted = await tx.execute(sql`insert into customers (number, kind, name, name_grams, unit_id) values ('R' || ${order.orderNumber}, 'individual', ${order.customer.name}, '{}', ${site.unitId}) returning id`) as unknown as { rows: { id: string }[] };
          customerId = inserted.rows[0].id;
          await tx.execute(sql`insert into identities (customer_id, kind, value, source) values (${customerId}, 'phone', ${`+86${order.customer.phone}R`}, 'web')`);
          const made = customerId;
          afterCommit = () => committed(made);
        }
        const placed = await tx.execute(sql`insert into tracking_orders (site_id, order_number, customer_id, content_hash, total, currency, payment_method, is_paid, ordered_at, shipping_address)
          values (${site.id}, ${order.orderNumber}, ${customerId}, 'raw', ${order.total}, 'CNY', 'alipay', true, ${order.orderedAt}, ${JSON.stringify(order.shippingAddress)}::jsonb) returning id`) as unknown as { rows: { id: string }[] };
        const orderId = placed.rows[0].id;
        await tx.execute(sql`insert into tracking_order_items (order_id, line, product_code, product_name, quantity, unit_price) values ${sql.join(order.items.map((item, line) =>
          sql`(${orderId}, ${line}, ${item.productCode}, ${item.productName}, ${item.quantity}, ${item.unitPrice})`), sql`, `)}`);
        await tx.execute(sql`insert into interactions (customer_id, kind, channel, type, summary, payload, occurred_at) values (${customerId}, 'transactional', 'web', 'web.order', ${`下单 ${order.orderNumber}`}, ${JSON.stringify({ orderId })}::jsonb, now())`);
      });
      afterCommit();
      raw.push(performance.now() - t0);
    }
  }));
  const rawSeconds = (performance.now() - started) / 1000;
  const rawPerSecond = +(raw.length / rawSeconds).toFixed(1);
  const line = {
    date: new Date().toISOString(), store: isPg ? 'postgres' : 'pglite', cpus: os.cpus().length, load1: +os.loadavg()[0].toFixed(1),
    connections, seconds, mix: 'half new buyers, half returning (by phone)', api, stored,
    raw: { orders: raw.length, ordersPerSecond: rawPerSecond, p50: +median(raw).toFixed(1), p99: +percentile(raw, 0.99).toFixed(1) },
    apiToRaw: +(api.ordersPerSecond / rawPerSecond).toFixed(2),
  };
  console.log(JSON.stringify(line));
  if (stored < orders) throw new Error(`${orders - stored} acknowledged orders are missing`);
} finally {
  await stopServer(child);
  await (database as Database | null)?.close();
  if (admin) {
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
}
