import { eq } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import { hashPassword } from '../platform/auth/secrets.ts';
import type { Scope } from '../platform/scope.ts';
import { createCustomer } from '../customers/service.ts';
import { addSubscription, listProducts } from '../subscriptions/service.ts';
import { bills, payments } from '../subscriptions/schema.ts';
import { earnPointsForBill } from '../subscriptions/points.ts';
import { addTicketMessage, openTicket, stepTicket } from '../service/service.ts';
import { portalAccounts } from '../portal/schema.ts';
import { DEMO_PASSWORD, type DemoOrganisation } from './organisation.ts';

const names = ['王建国', '李秀英', '张伟', '刘洋', '陈静', '杨帆', '赵磊', '黄丽', '周强', '吴敏', '徐涛', '孙燕', '马超', '朱琳'];

/** The demo's customer of a local network who uses the portal: their mobile, unlikely to be any other demo customer's (no demo number starts 138). */
export const portalDemoMobile = (index: number) => `1380731${String(index + 1).padStart(4, '0')}`;

/** Who the demo's portal customers are, known before they are made: the server prints them at the first start. */
export const portalDemoCustomers = (org: DemoOrganisation) =>
  org.networks.map((network, index) => ({ phone: portalDemoMobile(index), name: names[index % names.length], network: network.name }));

/**
 * 网上营业厅 — one customer in each local network with a portal account (the demo password), a
 * broadband line and a mobile, two months of bills (the paid one's points earned), a resolved fault waiting for their rating and
 * a question the service desk asked them: the portal has something to show from the first start.
 * Made through the services as a person would (their rules need the modules' actions), once: a
 * resumed load finds them made.
 */
export async function seedPortalCustomers(db: Db, org: DemoOrganisation, count: number, timeZone: string) {
  const products = await listProducts(db);
  const broadband = products.find((p) => p.category === 'broadband');
  const mobile = products.find((p) => p.category === 'mobile');
  // One hash for every demo account: they share the printed password, and argon2 is slow on purpose.
  let passwordHash: string | undefined;
  for (const [index, network] of org.networks.slice(0, count).entries()) {
    const phone = portalDemoMobile(index);
    // Each network's customer in one transaction with their account: a load stopped half-way made
    // each of them whole or not at all, and the next start makes the missing ones.
    if ((await db.select({ phone: portalAccounts.phone }).from(portalAccounts).where(eq(portalAccounts.phone, `+86${phone}`))).length) continue;
    passwordHash ??= await hashPassword(DEMO_PASSWORD);
    const hash = passwordHash;
    await db.transaction(async (tx) => {
      const team = network.teams.find((t) => !t.isKeyAccounts) ?? network.teams[0];
      const owner = team.owners[0];
      const scope: Scope = { userId: owner.id, userName: owner.name, role: 'account_manager', unitId: team.id, unitIds: [team.id], isWholeOrganisation: false };
      const customer = await createCustomer(tx, scope, { name: names[index % names.length], kind: 'individual', tier: 'regular', identities: [{ kind: 'phone', value: phone }] }, 'demo');
      const services = [];
      if (broadband) services.push(await addSubscription(tx, scope, customer.id, { productId: broadband.id, serviceNumber: `${network.code}8${phone.slice(-7)}`, startDate: '2024-03-01' }));
      if (mobile) services.push(await addSubscription(tx, scope, customer.id, { productId: mobile.id, serviceNumber: phone, startDate: '2023-09-15' }));
      const fee = services.reduce((sum, s) => sum + s.monthlyFeeFen, 0);
      const [paid] = await tx.insert(bills).values([
        { customerId: customer.id, period: '2026-10', amountFen: fee, paidFen: fee, dueDate: '2026-11-15', status: 'paid' as const },
        { customerId: customer.id, period: '2026-11', amountFen: fee, paidFen: 0, dueDate: '2026-12-15', status: 'open' as const },
      ]).returning({ id: bills.id });
      const paidAt = new Date('2026-11-08T12:30:00+08:00');
      await tx.insert(payments).values({ customerId: customer.id, billId: paid.id, amountFen: fee, method: 'wechat', paidAt });
      await earnPointsForBill(tx, { id: paid.id, customerId: customer.id, amountFen: fee }, paidAt);
      const terms = { timeZone };
      const fault = await openTicket(tx, scope, { kind: 'fault', title: '宽带晚上经常断线', description: '最近一周每天晚上 8 点后断线几次。', channel: 'hotline', customerId: customer.id, subscriptionId: services[0]?.id, assigneeId: owner.id }, terms);
      await stepTicket(tx, scope, fault.id, { to: 'in_progress' }, terms);
      await addTicketMessage(tx, scope, fault.id, { kind: 'reply', body: '已为您更换分光器端口，线路测试正常。如再出现断线请随时联系我们。' });
      await stepTicket(tx, scope, fault.id, { to: 'resolved' }, terms);
      const question = await openTicket(tx, scope, { kind: 'inquiry', title: '咨询宽带提速', channel: 'hotline', customerId: customer.id, assigneeId: owner.id }, terms);
      await stepTicket(tx, scope, question.id, { to: 'in_progress' }, terms);
      await addTicketMessage(tx, scope, question.id, { kind: 'reply', body: '您好，提速到 1000M 需要更换光猫。请问您希望哪天上门？' });
      await stepTicket(tx, scope, question.id, { to: 'waiting_on_customer' }, terms);
      await tx.insert(portalAccounts).values({ phone: `+86${phone}`, customerId: customer.id, passwordHash: hash, passwordSetAt: new Date() });
    });
  }
}
