import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../platform/db/index.ts';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { writtenState } from '../test/written.ts';
import { addBusinessMinutes, type WorkingCalendar } from './calendar.ts';
import { choosePolicy, slaColumns, sweepSla, workingCalendar } from './sla.ts';
import type { slaPolicies, tickets } from './schema.ts';

/**
 * 服务时限 — the SLA clock of a ticket: due times from the policy that applies, counted on the
 * working calendar; standing still while the ticket waits on the customer; warnings and
 * escalations sent once each, to the assignee, the team lead and the unit manager above.
 */
let t: TestApp;
let am1: Client;
let admin: Client;
let userId: Map<string, string>;

beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  am1 = await t.as('cs.am1');
  admin = await t.as('admin');
  userId = new Map((await rows<{ id: string; username: string }>(t.database.db, sql`select id, username from users`)).map((u) => [u.username, u.id]));
});
afterAll(() => t.close());

async function customerOf(name: string, more: Record<string, unknown> = {}) {
  const res = await am1({ method: 'POST', url: '/api/v1/customers', payload: { name, ...more } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}
async function ticketOf(payload: Record<string, unknown>) {
  const res = await am1({ method: 'POST', url: '/api/v1/tickets', payload: { kind: 'fault', title: '宽带断网', ...payload } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
const step = async (id: string, to: string, more: Record<string, unknown> = {}) => {
  const res = await am1({ method: 'POST', url: `/api/v1/tickets/${id}/steps`, payload: { to, ...more } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const minutes = (a: string | Date, b: string | Date) => (new Date(b).getTime() - new Date(a).getTime()) / 60_000;
const slaTasks = (ticketId: string) => rows<{ assignee: string; title: string }>(t.database.db, sql`
  select u.username as assignee, k.title from tasks k join users u on u.id = k.assignee_id
  where k.source = 'sla' and k.note = ${`工单 ${ticketId}`} order by k.created_at, u.username`);

describe('due times', () => {
  it('gives a key account\'s urgent fault 15 minutes to answer and 2 hours to resolve, around the clock', async () => {
    const key = await customerOf('大客户时限', { tier: 'key' });
    const ticket = await ticketOf({ customerId: key.id });
    expect(ticket.priority).toBe('urgent');
    expect(minutes(ticket.createdAt, ticket.firstResponseDueAt)).toBeCloseTo(15, 3);
    expect(minutes(ticket.createdAt, ticket.resolutionDueAt)).toBeCloseTo(120, 3);
    expect(ticket.slaStanding).toBe('on_track');
    // Opened by the account manager themself: no task to tell them what they just did.
    expect(await slaTasks(ticket.id)).toEqual([]);
  });

  it('tells a key account\'s manager at once when someone else opens its ticket', async () => {
    const key = await customerOf('大客户来电', { tier: 'key', ownerId: userId.get('cs.am1') });
    const agent = await t.as('cs.agent');
    const res = await agent({ method: 'POST', url: '/api/v1/tickets', payload: { kind: 'complaint', title: '专线中断', customerId: key.id, channel: 'hotline' } });
    expect(res.statusCode, res.body).toBe(201);
    expect(await slaTasks(res.json().id)).toEqual([{ assignee: 'cs.am1', title: '大客户工单：专线中断' }]);
  });

  it('counts a normal ticket in business hours on the working calendar, and a new priority brings new terms', async () => {
    const calendar = await workingCalendar(t.database.db, 'Asia/Shanghai');
    const ticket = await ticketOf({ customerId: (await customerOf('普通时限')).id, priority: 'normal' });
    const opened = new Date(ticket.createdAt);
    expect(new Date(ticket.firstResponseDueAt)).toEqual(addBusinessMinutes(calendar, 'business', opened, 240));
    expect(new Date(ticket.resolutionDueAt)).toEqual(addBusinessMinutes(calendar, 'business', opened, 1620));
    const raised = await am1({ method: 'PATCH', url: `/api/v1/tickets/${ticket.id}`, payload: { priority: 'urgent' } });
    expect(minutes(ticket.createdAt, raised.json().resolutionDueAt)).toBeCloseTo(240, 3);
  });

  it('meets the first response with the first reply to the customer', async () => {
    const ticket = await ticketOf({ customerId: (await customerOf('首次响应')).id });
    expect(ticket.firstRespondedAt).toBeNull();
    await am1({ method: 'POST', url: `/api/v1/tickets/${ticket.id}/messages`, payload: { kind: 'note', body: '内部：先查光猫' } });
    expect((await am1({ method: 'GET', url: `/api/v1/tickets/${ticket.id}` })).json().firstRespondedAt).toBeNull();
    await am1({ method: 'POST', url: `/api/v1/tickets/${ticket.id}/messages`, payload: { kind: 'reply', body: '您好，已安排师傅上门。' } });
    expect((await am1({ method: 'GET', url: `/api/v1/tickets/${ticket.id}` })).json().firstRespondedAt).not.toBeNull();
  });

  it('stands still while waiting on the customer: the time waited is added to the resolution due time', async () => {
    const ticket = await ticketOf({ customerId: (await customerOf('暂停时限')).id, priority: 'urgent', assigneeId: userId.get('cs.am1') });
    await step(ticket.id, 'in_progress');
    const waiting = await step(ticket.id, 'waiting_on_customer');
    expect(waiting.slaStanding).toBe('paused');
    expect(waiting.slaPausedAt).not.toBeNull();
    // The customer took 90 minutes to answer.
    await t.database.db.execute(sql`update tickets set sla_paused_at = sla_paused_at - interval '90 minutes' where id = ${ticket.id}`);
    const back = await step(ticket.id, 'in_progress');
    expect(back.slaPausedAt).toBeNull();
    expect(minutes(ticket.resolutionDueAt, back.resolutionDueAt)).toBeCloseTo(90, 1);
    // Once the customer has answered, the next reply is due within the policy's next response.
    expect(minutes(new Date(), back.nextResponseDueAt)).toBeGreaterThan(29);
    expect(minutes(new Date(), back.nextResponseDueAt)).toBeLessThanOrEqual(30);
  });
});

describe('which policy applies (the most specific active one)', () => {
  const customerId = 'c-1';
  const product = 'p-fibre';
  const policy = (id: string, reach: Partial<typeof slaPolicies.$inferSelect> = {}) =>
    ({ id, priority: 'urgent', customerTier: null, productId: null, customerId: null, isActive: true, ...reach }) as typeof slaPolicies.$inferSelect;
  const everyone = policy('everyone');
  const keyTier = policy('key tier', { customerTier: 'key' });
  const fibre = policy('fibre', { productId: product });
  const keyFibre = policy('key fibre', { customerTier: 'key', productId: product });
  const contract = policy('contract', { customerId });
  const contractFibre = policy('contract fibre', { customerId, productId: product });
  const all = [everyone, keyTier, fibre, keyFibre, contract, contractFibre];
  it.each([
    ['the customer\'s own for the ticket\'s product first', all, product, 'contract fibre'],
    ['the customer\'s own for all their services on another product', all, 'p-other', 'contract'],
    ['the customer\'s own for all their services when the ticket names none', all, null, 'contract'],
    ['product and tier when the customer has no contract', [everyone, keyTier, fibre, keyFibre], product, 'key fibre'],
    ['the product before the tier', [everyone, keyTier, fibre], product, 'fibre'],
    ['the tier before everyone\'s', [everyone, keyTier], product, 'key tier'],
    ['everyone\'s last', [everyone], product, 'everyone'],
    ['not a switched-off contract: the general terms apply', [everyone, keyTier, { ...contract, isActive: false }, { ...contractFibre, isActive: false }], product, 'key tier'],
    ['not a switched-off contract term for the product: the contract for all services does', [everyone, contract, { ...contractFibre, isActive: false }], product, 'contract'],
    ['not another customer\'s contract (one merged away keeps its own id)', [everyone, policy('merged away', { customerId: 'c-merged' })], product, 'everyone'],
    ['not a contract of another priority', [everyone, policy('contract high', { customerId, priority: 'high' })], product, 'everyone'],
  ])('chooses %s', (_what, policies, productId, chosen) => {
    expect(choosePolicy(policies, { priority: 'urgent', tier: 'key', productId, customerId })?.id).toBe(chosen);
  });
  it('chooses none where nothing applies', () => {
    expect(choosePolicy([{ ...everyone, isActive: false }, policy('regular', { customerTier: 'regular' })], { priority: 'urgent', tier: 'key', customerId })).toBeNull();
  });
});

describe('the queue by soonest due', () => {
  it('lists the tickets whose clock runs by what it waits for next, a page at a time, and leaves out one that waits on the customer', async () => {
    const customer = await customerOf('按时限排序');
    const normal = await ticketOf({ customerId: customer.id, priority: 'normal', title: '普通' });
    const urgent = await ticketOf({ customerId: customer.id, priority: 'urgent', title: '紧急' });
    const high = await ticketOf({ customerId: customer.id, priority: 'high', title: '高', assigneeId: userId.get('cs.am1') });
    const waiting = await ticketOf({ customerId: customer.id, priority: 'urgent', title: '等客户', assigneeId: userId.get('cs.am1') });
    await step(waiting.id, 'in_progress');
    await step(waiting.id, 'waiting_on_customer');
    const page = async (cursor?: string) => {
      const res = await am1({ method: 'GET', url: `/api/v1/tickets?sort=due&customerId=${customer.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}` });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { items: { id: string; title: string }[]; nextCursor: string | null };
    };
    const first = await page();
    const second = await page(first.nextCursor!);
    expect([...first.items, ...second.items].map((i) => i.title)).toEqual(['紧急', '高', '普通']);
    expect(second.nextCursor).toBeNull();
    // Answered, the urgent one waits for its resolution now (4 h), after the high one's first response (1 business hour).
    await am1({ method: 'POST', url: `/api/v1/tickets/${urgent.id}/messages`, payload: { kind: 'reply', body: '已受理' } });
    const answered = await page();
    const order = [...answered.items, ...(await page(answered.nextCursor!)).items].map((i) => i.id);
    const due = new Map((await rows<{ id: string; due: Date }>(t.database.db, sql`select id, sla_due_at as due from tickets where customer_id = ${customer.id}`)).map((r) => [r.id, new Date(r.due).getTime()]));
    expect(new Set(order)).toEqual(new Set([urgent.id, high.id, normal.id]));
    expect(order.map((id) => due.get(id))).toEqual(order.map((id) => due.get(id)).sort((a, b) => a! - b!));
    expect(due.get(urgent.id)).toBe(new Date(urgent.resolutionDueAt).getTime());
  });
});

describe('the clock over holidays and make-up days (a fixed clock)', () => {
  const calendar: WorkingCalendar = {
    timeZone: 'Asia/Shanghai', opensAt: 540, closesAt: 1080, weekdays: new Set([1, 2, 3, 4, 5]),
    holidays: new Set(['2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23']),
    workdays: new Set(['2026-02-14', '2026-02-28']),
  };
  const policy = { id: 'p', clock: 'business', firstResponseMinutes: 240, nextResponseMinutes: 240, resolutionMinutes: 1620 } as typeof slaPolicies.$inferSelect;
  const at = (local: string) => new Date(`${local}+08:00`);
  const opened = (createdAt: Date) => ({
    id: 't', status: 'in_progress', mergedIntoId: null, createdAt, firstRespondedAt: null, slaPausedAt: null, slaPausedMinutes: 0, slaAlerts: [],
    resolutionDueAt: null, nextResponseDueAt: null, resolvedAt: null, closedAt: null,
  }) as unknown as typeof tickets.$inferSelect;

  it('opened on the Friday before the Spring Festival, works the make-up Saturday, skips the holiday', () => {
    const due = slaColumns(calendar, policy, opened(at('2026-02-13T17:00')), { now: at('2026-02-13T17:00'), isNewTerms: true });
    // Friday 1 h, Saturday 14th (调休) 9 h, Tuesday 24th 9 h, then 8 h of Wednesday 25th.
    expect(due.resolutionDueAt).toEqual(at('2026-02-25T17:00'));
    expect(due.firstResponseDueAt).toEqual(at('2026-02-14T12:00'));
  });

  it('waiting on the customer over the holiday costs the ticket no business time', () => {
    const created = at('2026-02-13T17:00');
    const waiting = { ...opened(created), ...slaColumns(calendar, policy, opened(created), { now: created, isNewTerms: true }), status: 'waiting_on_customer' } as typeof tickets.$inferSelect;
    const paused = { ...waiting, ...slaColumns(calendar, policy, waiting, { now: at('2026-02-14T17:00'), isNewTerms: false }) } as typeof tickets.$inferSelect;
    expect(paused.slaNextAt).toBeNull();
    // The customer answers on the first working morning after the holiday: 1 business hour of Saturday stood still.
    const back = slaColumns(calendar, policy, { ...paused, status: 'in_progress' }, { now: at('2026-02-24T09:00'), isNewTerms: false });
    expect(back.slaPausedMinutes).toBe(60);
    expect(back.resolutionDueAt).toEqual(at('2026-02-25T18:00'));
    expect(back.nextResponseDueAt).toEqual(at('2026-02-24T13:00'));
  });
});

describe('warnings and escalations', () => {
  it('warns the assignee, then tells the team lead of the breach, then the unit manager above — each once', async () => {
    const ticket = await ticketOf({ customerId: (await customerOf('超时升级')).id, priority: 'urgent', assigneeId: userId.get('cs.am1') });
    const opened = new Date(ticket.createdAt);
    const after = (m: number) => new Date(opened.getTime() + m * 60_000);
    // Urgent: answer in 30 minutes, resolve in 4 hours (warned at 80 %, escalated at 150 %), around the clock.
    expect(await sweepSla(t.database.db, { now: after(10) })).toBe(0);
    await sweepSla(t.database.db, { now: after(31) });
    expect(await slaTasks(ticket.id)).toEqual([{ assignee: 'cs.manager', title: '首次响应超时：宽带断网' }]);
    await sweepSla(t.database.db, { now: after(200) });
    await sweepSla(t.database.db, { now: after(200) });
    expect((await slaTasks(ticket.id)).map((k) => k.assignee)).toEqual(['cs.manager', 'cs.am1']);
    await sweepSla(t.database.db, { now: after(241) });
    await sweepSla(t.database.db, { now: after(361) });
    await sweepSla(t.database.db, { now: after(999) });
    expect(await slaTasks(ticket.id)).toEqual([
      { assignee: 'cs.manager', title: '首次响应超时：宽带断网' },
      { assignee: 'cs.am1', title: '即将超过解决时限：宽带断网' },
      { assignee: 'cs.manager', title: '已超过解决时限：宽带断网' },
      { assignee: 'hn.manager', title: '超时未解决，已升级：宽带断网' },
    ]);
    // The tasks ring at once: each is reminded now, in the assignee's console and by e-mail.
    const [task] = await rows<{ remind_at: Date; status: string }>(t.database.db, sql`select remind_at, status from tasks where source = 'sla' and note = ${`工单 ${ticket.id}`} limit 1`);
    expect(task.status).toBe('open');
    expect(task.remind_at).not.toBeNull();
  });

  it('sends nothing for a ticket that waits on the customer or is resolved', async () => {
    const ticket = await ticketOf({ customerId: (await customerOf('暂停不升级')).id, priority: 'urgent', assigneeId: userId.get('cs.am1') });
    await step(ticket.id, 'in_progress');
    await step(ticket.id, 'waiting_on_customer');
    await sweepSla(t.database.db, { now: new Date(Date.now() + 10 * 3_600_000) });
    expect(await slaTasks(ticket.id)).toEqual([]);
    await step(ticket.id, 'resolved');
    await sweepSla(t.database.db, { now: new Date(Date.now() + 20 * 3_600_000) });
    expect(await slaTasks(ticket.id)).toEqual([]);
  });
});

describe('the terms (policies, working hours, holidays)', () => {
  it('follows the published calendar for a year nobody has set, and the operator\'s own once set', async () => {
    const published = (await am1({ method: 'GET', url: '/api/v1/service/calendar?year=2026' })).json();
    expect(published.isPublished, JSON.stringify(published)).toBe(true);
    expect(published.days).toContainEqual({ day: '2026-02-14', kind: 'workday', name: '春节' });
    expect(published.days).toContainEqual({ day: '2026-10-01', kind: 'holiday', name: '国庆节' });
    const own = await admin({ method: 'PUT', url: '/api/v1/service/calendar', payload: { year: 2026, days: [{ day: '2026-12-24', kind: 'holiday', name: '公司活动日' }] } });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({ isPublished: false, days: [{ day: '2026-12-24', kind: 'holiday', name: '公司活动日' }] });
    const calendar = await workingCalendar(t.database.db, 'Asia/Shanghai');
    expect([calendar.holidays.has('2026-12-24'), calendar.holidays.has('2026-10-01'), calendar.holidays.has('2025-10-01')]).toEqual([true, false, true]);
    const reset = await admin({ method: 'PUT', url: '/api/v1/service/calendar', payload: { year: 2026, days: [] } });
    expect(reset.json().isPublished).toBe(true);
  });

  it('lets the group\'s administrator set every policy at once; a reach left out is switched off, not deleted', async () => {
    const before = (await admin({ method: 'GET', url: '/api/v1/service/sla-policies' })).json().items;
    const kept = before.filter((p: { isActive: boolean; priority: string }) => p.isActive && p.priority !== 'low')
      .map(({ name, priority, customerTier, productId, firstResponseMinutes, nextResponseMinutes, resolutionMinutes, clock }: Record<string, unknown>) =>
        ({ name, priority, customerTier, productId, firstResponseMinutes, nextResponseMinutes, resolutionMinutes, clock }));
    const res = await admin({ method: 'PUT', url: '/api/v1/service/sla-policies', payload: { policies: kept } });
    expect(res.statusCode, res.body).toBe(200);
    const low = res.json().items.find((p: { priority: string; customerTier: string | null }) => p.priority === 'low' && !p.customerTier);
    expect(low.isActive).toBe(false);
    const ticket = await ticketOf({ customerId: (await customerOf('无时限')).id, priority: 'low' });
    expect([ticket.slaPolicyId, ticket.resolutionDueAt, ticket.slaStanding]).toEqual([null, null, null]);
    const back = await admin({ method: 'PUT', url: '/api/v1/service/sla-policies', payload: { policies: [...kept, { name: '低', priority: 'low', firstResponseMinutes: 480, nextResponseMinutes: 480, resolutionMinutes: 2700, clock: 'business' }] } });
    expect(back.json().items.find((p: { id: string }) => p.id === low.id).isActive).toBe(true);
  });

  const policy = { name: '高', priority: 'high', firstResponseMinutes: 60, nextResponseMinutes: 60, resolutionMinutes: 540, clock: 'business' };
  it.each([
    ['two policies for one reach', '/service/sla-policies', { policies: [policy, policy] }, 'policies.1.priority'],
    ['a first response due after the resolution', '/service/sla-policies', { policies: [{ ...policy, firstResponseMinutes: 600 }] }, 'policies.0.firstResponseMinutes'],
    ['no minutes at all', '/service/sla-policies', { policies: [{ ...policy, resolutionMinutes: 0 }] }, 'policies.0.resolutionMinutes'],
    ['a fraction of a minute', '/service/sla-policies', { policies: [{ ...policy, nextResponseMinutes: 1.5 }] }, 'policies.0.nextResponseMinutes'],
    ['a product that does not exist', '/service/sla-policies', { policies: [{ ...policy, productId: '00000000-0000-4000-8000-000000000009' }] }, 'policies.0.productId'],
    ['an unknown clock', '/service/sla-policies', { policies: [{ ...policy, clock: 'lunar' }] }, 'policies.0.clock'],
    ['an unknown tier', '/service/sla-policies', { policies: [{ ...policy, customerTier: 'gold' }] }, 'policies.0.customerTier'],
    ['a day of another year', '/service/calendar', { year: 2026, days: [{ day: '2027-01-01', kind: 'holiday', name: '元旦' }] }, 'days.0.day'],
    ['a day listed twice', '/service/calendar', { year: 2026, days: [{ day: '2026-05-01', kind: 'holiday', name: '劳动节' }, { day: '2026-05-01', kind: 'holiday', name: '劳动节' }] }, 'days.1.day'],
    ['a day that does not exist', '/service/calendar', { year: 2026, days: [{ day: '2026-02-30', kind: 'holiday', name: '无' }] }, 'days.0.day'],
    ['a kind of day that is neither', '/service/calendar', { year: 2026, days: [{ day: '2026-05-01', kind: 'half', name: '半天' }] }, 'days.0.kind'],
    ['a day without a name', '/service/calendar', { year: 2026, days: [{ day: '2026-05-01', kind: 'holiday', name: ' ' }] }, 'days.0.name'],
    ['a year out of range', '/service/calendar', { year: 1999, days: [] }, 'year'],
    ['hours that close before they open', '/service/working-hours', { opensAt: '18:00', closesAt: '09:00', weekdays: [1] }, 'closesAt'],
    ['a time that is not one', '/service/working-hours', { opensAt: '25:00', closesAt: '26:00', weekdays: [1] }, 'opensAt'],
    ['no working weekday', '/service/working-hours', { opensAt: '09:00', closesAt: '18:00', weekdays: [] }, 'weekdays'],
    ['a weekday 8', '/service/working-hours', { opensAt: '09:00', closesAt: '18:00', weekdays: [8] }, 'weekdays.0'],
  ])('refuses %s, naming the field, and changes nothing', async (_what, path, payload, field) => {
    const before = await writtenState(t.database.db);
    const terms = await rows(t.database.db, sql`select (select json_agg(p order by id) from sla_policies p) as p, (select json_agg(d order by day) from calendar_days d) as d, (select json_agg(h) from working_hours h) as h`);
    const res = await admin({ method: 'PUT', url: `/api/v1${path}`, payload });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().errors?.map((e: { field: string }) => e.field) ?? [res.json().field]).toContain(field);
    expect(await writtenState(t.database.db)).toEqual(before);
    expect(await rows(t.database.db, sql`select (select json_agg(p order by id) from sla_policies p) as p, (select json_agg(d order by day) from calendar_days d) as d, (select json_agg(h) from working_hours h) as h`)).toEqual(terms);
  });

  it('keeps the terms for the whole group: a local network\'s administrator and a manager may only read them', async () => {
    const zhuzhou = (await admin({ method: 'GET', url: '/api/v1/org-units' })).json().items.find((u: { code: string }) => u.code === 'HN-ZZ');
    const made = await admin({ method: 'POST', url: '/api/v1/users', payload: { username: 'zz.admin', displayName: '株洲管理员', role: 'admin', unitId: zhuzhou.id, password: 'xiang-demo-2026' } });
    expect(made.statusCode, made.body).toBe(201);
    for (const username of ['zz.admin', 'cs.manager']) {
      const client = await t.as(username);
      expect((await client({ method: 'GET', url: '/api/v1/service/sla-policies' })).statusCode).toBe(200);
      const res = await client({ method: 'PUT', url: '/api/v1/service/working-hours', payload: { opensAt: '08:00', closesAt: '20:00', weekdays: [1, 2, 3, 4, 5, 6] } });
      expect(res.statusCode, `${username}: ${res.body}`).toBe(403);
    }
    const hours = await admin({ method: 'PUT', url: '/api/v1/service/working-hours', payload: { opensAt: '08:30', closesAt: '17:30', weekdays: [1, 2, 3, 4, 5] } });
    expect(hours.json().hours).toEqual({ opensAt: '08:30', closesAt: '17:30', weekdays: [1, 2, 3, 4, 5] });
    await admin({ method: 'PUT', url: '/api/v1/service/working-hours', payload: { opensAt: '09:00', closesAt: '18:00', weekdays: [1, 2, 3, 4, 5] } });
  });
});
