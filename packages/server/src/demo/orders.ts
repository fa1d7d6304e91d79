import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import { rows } from '../platform/db/index.ts';
import { insertMany } from '../platform/db/bulk.ts';
import { interactions } from '../interactions/schema.ts';
import { trackingOrderItems, trackingOrders, trackingSites } from '../tracking/schema.ts';
import type { DemoOrganisation } from './organisation.ts';
import { seededRandom, uuidFrom } from './random.ts';

/** What the demo shop sells: code, name, price in fen. */
const catalogue = [
  ['5G-129', '5G 畅享套餐 129 元', 12900], ['5G-199', '5G 畅享套餐 199 元', 19900], ['FTTH-1000', '千兆宽带一年', 120000],
  ['ONT-AX3000', '千兆光猫 AX3000', 29900], ['SIM', '新号卡', 1000], ['FLOW-30G', '30GB 流量包', 3000], ['TV-IPTV', 'IPTV 电视一年', 36000],
  ['PHONE-M14', 'M14 手机 256GB', 399900], ['ROUTER-MESH', '全屋 Wi-Fi 路由器', 59900],
] as const;
const payments = ['alipay', 'wechat_pay', 'unionpay', 'bank_card', 'cash_on_delivery', 'points'] as const;
const demoOrders = 300;

/**
 * 网上订单（演示）— a few hundred orders on the demo shop, by Changsha's demo customers with a mobile,
 * over the last 90 days, each with its timeline entry, so the 360° page's orders tab is real. Uses a
 * site of the Changsha network if the demo has one (another part of the demo may register it), else
 * registers 湘信网上商城. Written directly, like the rest of the demo; seeded, so every load is the same.
 */
export async function seedDemoOrders(db: Db, org: DemoOrganisation) {
  const changsha = org.networks.find((n) => n.code === 'CS') ?? org.networks[0];
  const [already] = await rows<{ n: number }>(db, sql`select count(*)::int as n from tracking_orders`);
  if (already.n) return;
  const [existing] = await rows<{ id: string; name: string }>(db, sql`select id, name from tracking_sites where unit_id = ${changsha.id} order by created_at limit 1`);
  const site = existing ?? (await db.insert(trackingSites).values({
    unitId: changsha.id, name: '湘信网上商城', allowedOrigins: ['https://shop.xiang.example'],
    siteKey: randomBytes(18).toString('base64url'), identitySecret: randomBytes(32).toString('hex'),
  }).returning({ id: trackingSites.id, name: trackingSites.name }))[0];
  const buyers = await rows<{ id: string; name: string }>(db, sql`select c.id, c.name from customers c
    where c.unit_id = any(${sql.param([changsha.id, ...changsha.teams.map((t) => t.id)])}::uuid[]) and c.status = 'active' and c.kind = 'individual'
      and exists (select 1 from identities i where i.customer_id = c.id and i.kind = 'phone')
    order by c.number limit 120`);
  if (!buyers.length) return;
  const r = seededRandom(20261204);
  const now = Date.now();
  const orders: (typeof trackingOrders.$inferInsert)[] = [];
  const items: (typeof trackingOrderItems.$inferInsert)[] = [];
  const entries: (typeof interactions.$inferInsert)[] = [];
  for (let n = 0; n < demoOrders; n++) {
    const buyer = r.pick(buyers);
    const id = uuidFrom(r);
    const lines = Array.from({ length: r.int(1, 3) }, () => r.pick(catalogue));
    const quantities = lines.map(([code]) => (code === 'SIM' || code === 'FLOW-30G' ? r.int(1, 3) : 1));
    const total = lines.reduce((sum, [, , price], i) => sum + price * quantities[i], 0);
    const orderedAt = new Date(now - r.int(0, 90 * 86_400) * 1000);
    const isPaid = r.chance(0.9);
    const orderNumber = `XS${orderedAt.toISOString().slice(0, 10).replaceAll('-', '')}${String(n + 1).padStart(5, '0')}`;
    orders.push({ id, siteId: site.id, orderNumber, customerId: buyer.id, contentHash: `demo-${n}`, total, currency: 'CNY',
      paymentMethod: r.pick(payments), isPaid, orderedAt, shippingAddress: { recipient: buyer.name, phone: '13800000000', city: '长沙', line: `岳麓区麓山南路 ${r.int(1, 300)} 号` } });
    lines.forEach(([productCode, productName, unitPrice], line) => items.push({ orderId: id, line, productCode, productName, quantity: quantities[line], unitPrice }));
    const pieces = quantities.reduce((a, b) => a + b, 0);
    entries.push({ customerId: buyer.id, kind: 'transactional', channel: 'web', type: 'web.order', occurredAt: orderedAt,
      summary: `在站点「${site.name}」下单 ${orderNumber}：${pieces} 件，¥${(total / 100).toFixed(2)}，${isPaid ? '已支付' : '未支付'}`,
      payload: { siteId: site.id, siteName: site.name, orderId: id, orderNumber, total, currency: 'CNY', isPaid } });
  }
  await db.transaction(async (tx) => {
    await insertMany(tx, trackingOrders, orders);
    await insertMany(tx, trackingOrderItems, items);
    await insertMany(tx, interactions, entries);
  });
}
