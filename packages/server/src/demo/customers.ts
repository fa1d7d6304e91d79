import { sql } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import { insertMany } from '../platform/db/bulk.ts';
import { customers, identities, contacts } from '../customers/schema.ts';
import { products, subscriptions } from '../subscriptions/schema.ts';
import { interactions } from '../interactions/schema.ts';
import { idNumberCheck, nameGrams } from '../customers/identity-values.ts';
import { nameSortKey } from '../customers/name-sort.ts';
import { demoProducts, enterpriseTrades, enterpriseWords, givenNameChars, streets, surnames } from './hunan.ts';
import type { DemoOrganisation } from './organisation.ts';
import { seededRandom, uuidFrom } from './random.ts';
import { seedDemoTickets, type DemoTicketCustomer } from './tickets.ts';
import { seedDemoContracts } from './contracts.ts';

const mobilePrefixes = ['133', '153', '173', '177', '180', '181', '189', '199'];
const day = 86_400_000;

/** A UUID from the seeded generator, so the same seed gives the same ids. */

/** What the demo's timelines say, by kind of interaction; the benchmark data generator uses them too. */
export const interactionTemplates = {
  descriptive: [
    { channel: 'staff', type: 'visit.note', summary: (n: string) => `客户经理上门拜访${n}，更新了家庭成员和用网习惯` },
    { channel: 'phone', type: 'preference.noted', summary: () => '客户表示偏好短信通知，不希望晚间来电' },
    { channel: 'staff', type: 'profile.updated', summary: () => '补充了客户的职业和常住地址' },
  ],
  promotional: [
    { channel: 'sms', type: 'campaign.sms', summary: () => '短信营销：千兆宽带升级，首月免费' },
    { channel: 'email', type: 'campaign.email', summary: () => '邮件营销：5G 尊享套餐限时优惠' },
    { channel: 'staff', type: 'offer.made', summary: () => '客户经理推荐 IPTV 4K 超清版，客户表示考虑' },
    { channel: 'staff', type: 'promise.made', summary: () => '承诺下月起赠送 10GB 流量包' },
  ],
  transactional: [
    { channel: 'store', type: 'purchase', summary: () => '营业厅办理：新装光宽带' },
    { channel: 'web', type: 'order.online', summary: () => '网上营业厅下单：订购云盘会员' },
    { channel: 'hotline', type: 'fault_report', summary: () => '10000 号故障申报：宽带无法连接' },
    { channel: 'hotline', type: 'complaint', summary: () => '投诉：话费账单与套餐不符' },
    { channel: 'portal', type: 'recharge', summary: () => '网上充值 100 元' },
    { channel: 'web', type: 'web.visit', summary: () => '浏览了 5G 套餐页面 3 次' },
    { channel: 'web', type: 'survey.answered', summary: () => '回答满意度调查：服务满意度 4/5' },
    { channel: 'email', type: 'email.received', summary: () => '客户来信咨询发票开具' },
  ],
} as const;

/** 产品目录 — the demo's product catalogue, once per database. */
export async function seedProducts(db: Db): Promise<DemoProduct[]> {
  return db.insert(products).values(demoProducts.map((p) => ({ ...p }))).returning();
}

export type DemoProduct = typeof products.$inferSelect;

/** Customers per batch: one short transaction each, so a server answering meanwhile waits little. */
export const demoBatchSize = 200;

/**
 * Demo customers with their identities, services, a year of bills and payments, and a timeline
 * of all three kinds, all at once (tests, benchmarks). The first start loads them batch by batch
 * in the background instead (loadDemoCustomers in index.ts).
 */
export async function seedCustomers(db: Db, org: DemoOrganisation, count: number, seed = demoSeed) {
  const productRows = await seedProducts(db);
  for (let start = 0; start < count; start += demoBatchSize) {
    await db.transaction((tx) => seedCustomerBatch(tx, org, productRows, start, Math.min(count, start + demoBatchSize), seed));
  }
  await setCustomerNumbers(db, count);
}

export const demoSeed = 20261126;

/** The next number staff create continues after the demo's, with none skipped (nextval gives the one after the value set). */
export async function setCustomerNumbers(db: Db, count: number) {
  await db.execute(sql`select setval('customer_number_seq', ${10_000_000 + count})`);
}

/**
 * Customers [start, end) of the demo, with everything they have. Each batch draws from its own
 * seed, so a load stopped half-way resumes with exactly the customers it would have made.
 */
export async function seedCustomerBatch(db: Db, org: DemoOrganisation, productRows: DemoProduct[], start: number, end: number, seed = demoSeed) {
  const r = seededRandom(seed + start);
  const now = Date.now();
  const byCategory = (c: string) => productRows.filter((p) => p.category === c);
  const customerRows: (typeof customers.$inferInsert)[] = [];
  const identityRows: (typeof identities.$inferInsert)[] = [];
  const contactRows: (typeof contacts.$inferInsert)[] = [];
  const subscriptionRows: (typeof subscriptions.$inferInsert)[] = [];
  const interactionRows: (typeof interactions.$inferInsert)[] = [];
  const ticketCustomers: DemoTicketCustomer[] = [];
  for (let i = start; i < end; i++) {
    // Changsha is the largest network: a third of the customers.
    const network = r.chance(0.33) ? org.networks[0] : r.pick(org.networks);
    const isEnterprise = r.chance(0.12);
    const team = network.teams[isEnterprise || r.chance(0.05) ? 0 : 1];
    const owner = r.pick(team.owners);
    const id = uuidFrom(r);
    const createdAt = new Date(now - r.int(1, 3 * 365) * day - r.int(0, day - 1));
    const name = isEnterprise
      ? `${network.name}${r.pick(enterpriseWords)}${r.pick(enterpriseTrades).word}有限公司`
      : `${r.pick(surnames)}${r.pick(givenNameChars)}${r.chance(0.6) ? r.pick(givenNameChars) : ''}`;
    const trade = r.pick(enterpriseTrades);
    const birth = new Date(Date.UTC(r.int(1950, 2004), r.int(0, 11), r.int(1, 28)));
    customerRows.push({
      id, number: `C${10_000_001 + i}`, kind: isEnterprise ? 'enterprise' : 'individual', name, nameGrams: nameGrams(name),
      nameSort: nameSortKey(name, isEnterprise ? 'enterprise' : 'individual'),
      tier: isEnterprise && r.chance(0.6) ? 'key' : r.chance(0.03) ? 'key' : 'regular',
      unitId: team.id, ownerId: owner.id,
      gender: isEnterprise ? null : r.chance(0.5) ? 'male' : 'female',
      birthDate: isEnterprise ? null : birth.toISOString().slice(0, 10),
      industry: isEnterprise ? trade.industry : null,
      address: `湖南省${network.name}市${r.pick(network.districts)}${r.pick(streets)}${r.int(1, 999)}号`,
      tags: r.chance(0.2) ? [r.pick(['5G', '宽带', '家庭', '高价值', '潜在流失', '学生'])] : [],
      attributes: isEnterprise ? { employees: r.int(10, 5000) } : {},
      createdAt, updatedAt: createdAt,
    });
    ticketCustomers.push({ id, name, unitId: team.id, ownerId: owner.id, ownerName: owner.name, tier: customerRows.at(-1)!.tier! });
    const mobile = `+86${mobilePrefixes[i % mobilePrefixes.length]}${String((Math.floor(i / mobilePrefixes.length) * 7919) % 100_000_000).padStart(8, '0')}`;
    identityRows.push({ customerId: id, kind: 'phone', value: mobile, isPrimary: true, source: 'demo' });
    if (!isEnterprise) {
      const first17 = `43${String(r.int(1, 99)).padStart(2, '0')}${String(r.int(1, 99)).padStart(2, '0')}${birth.toISOString().slice(0, 10).replace(/-/g, '')}${String(i % 1000).padStart(3, '0')}`;
      identityRows.push({ customerId: id, kind: 'id_number', value: first17 + idNumberCheck(first17), source: 'demo' });
    }
    if (r.chance(0.3)) identityRows.push({ customerId: id, kind: 'email', value: `user${i}@example.cn`, source: 'demo' });
    if (isEnterprise) {
      for (let c = 0; c < r.int(1, 3); c++) {
        contactRows.push({
          customerId: id, name: `${r.pick(surnames)}${r.pick(givenNameChars)}`, title: c === 0 ? '总经理' : r.pick(['IT 主管', '行政经理', '财务']),
          phone: `+86${r.pick(mobilePrefixes)}${String(r.int(0, 99_999_999)).padStart(8, '0')}`, isDecisionMaker: c === 0,
        });
      }
    }
    const wanted = isEnterprise ? ['broadband', 'mobile', 'fixed_line'] : ['mobile', ...(r.chance(0.5) ? ['broadband'] : []), ...(r.chance(0.3) ? ['iptv'] : []), ...(r.chance(0.2) ? ['value_added'] : [])];
    for (const [n, category] of wanted.entries()) {
      const product = r.pick(byCategory(category));
      const start = new Date(createdAt.getTime() + n * r.int(0, 200) * day);
      const startedAt = Math.min(start.getTime(), now);
      // An ended service ended between its start and today.
      const isEnded = r.chance(0.08) && now - startedAt > 2 * day;
      subscriptionRows.push({
        customerId: id, productId: product.id,
        serviceNumber: category === 'mobile' ? (n === 0 ? mobile : mobile.replace(/\d{4}$/, String(r.int(1000, 9999))))
          : category === 'fixed_line' ? `+86${network.areaCode}${r.int(20_000_000, 89_999_999)}` : `${network.code}${r.int(10_000_000, 99_999_999)}`,
        status: isEnded ? 'terminated' : r.chance(0.03) ? 'suspended' : 'active',
        startDate: new Date(startedAt).toISOString().slice(0, 10),
        endDate: isEnded ? new Date(startedAt + r.int(1, Math.floor((now - startedAt) / day) - 1) * day).toISOString().slice(0, 10) : null,
        monthlyFeeFen: product.monthlyFeeFen,
      });
    }
    for (let k = r.int(3, 9); k > 0; k--) {
      const kind = r.pick(['descriptive', 'promotional', 'transactional', 'transactional'] as const);
      const template: { channel: string; type: string; summary: (n: string) => string } = r.pick<{ channel: string; type: string; summary: (n: string) => string }>(interactionTemplates[kind]);
      // What staff did is signed by the customer's account manager, as it would be.
      const isByStaff = template.channel === 'staff';
      interactionRows.push({
        customerId: id, kind, channel: template.channel, type: template.type, summary: template.summary(name),
        occurredAt: new Date(Math.max(createdAt.getTime(), now - r.int(0, 365) * day - r.int(0, day - 1))),
        actorId: isByStaff ? owner.id : null, actorName: isByStaff ? owner.name : null, payload: {},
      });
    }
  }
  await insertMany(db, customers, customerRows);
  await insertMany(db, identities, identityRows);
  await insertMany(db, contacts, contactRows.map((c) => ({ ...c, title: c.title ?? null })));
  await insertMany(db, subscriptions, subscriptionRows);
  await insertMany(db, interactions, interactionRows);
  await seedDemoContracts(db, ticketCustomers, seed + start);
  await seedDemoTickets(db, ticketCustomers, seed + start);
  await seedBills(db, customerRows.map((c) => c.id!));
}

/**
 * 账单与缴费 — twelve monthly bills per customer with services, made in SQL from the services'
 * fees plus usage; most are paid on time, a few are late or still open (dunning has work).
 */
async function seedBills(db: Db, customerIds: string[]) {
  // One pass: each bill's fate (paid, late, open) is drawn from a hash of its customer and month.
  await db.execute(sql`
    insert into bills (customer_id, period, amount_fen, paid_fen, due_date, status)
    select customer_id, period, amount, case when status = 'paid' then amount else 0 end, due_date, status
    from (
      select s.customer_id, to_char(m, 'YYYY-MM') as period,
        s.fee + abs(hashtext(s.customer_id::text || m::text)) % 3000 as amount,
        (m + interval '1 month 27 days')::date as due_date,
        case when abs(hashtext(s.customer_id::text || m::text || 'p')) % 100 < 93 then 'paid'
             when (m + interval '1 month 27 days')::date < now() then 'overdue' else 'open' end as status
      from (select customer_id, sum(monthly_fee_fen)::bigint fee, min(start_date) first_day
            from subscriptions where status <> 'terminated' and customer_id = any(${sql.param(customerIds)}::uuid[]) group by customer_id) s
      cross join generate_series(date_trunc('month', now()) - interval '12 months', date_trunc('month', now()) - interval '1 month', interval '1 month') m
      where m >= date_trunc('month', s.first_day)
    ) b`);
  await db.execute(sql`
    insert into payments (customer_id, bill_id, amount_fen, method, paid_at)
    select customer_id, id, amount_fen,
      (array['alipay','wechat','bank','cash','card','recharge_card'])[1 + abs(hashtext(id::text || 'm')) % 6],
      least(now(), due_date - (abs(hashtext(id::text || 'd')) % 20) * interval '1 day')
    from bills where status = 'paid' and customer_id = any(${sql.param(customerIds)}::uuid[])`);
}
