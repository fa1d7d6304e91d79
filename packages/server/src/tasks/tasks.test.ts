import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../platform/db/index.ts';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { auditOf, canonical, typedText } from '../test/written.ts';

let t: TestApp;
let am1: Client;
let userId: Map<string, string>;
const day = 24 * 3600_000;
const inDays = (n: number) => new Date(Date.now() + n * day).toISOString();

beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  am1 = await t.as('cs.am1');
  userId = new Map((await rows<{ id: string; username: string }>(t.database.db, sql`select id, username from users`)).map((u) => [u.username, u.id]));
});
afterAll(() => t.close());

async function customerOf(client: Client, name: string) {
  const res = await client({ method: 'POST', url: '/api/v1/customers', payload: { name } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; unitId: string };
}
async function taskOf(client: Client, payload: Record<string, unknown>) {
  const res = await client({ method: 'POST', url: '/api/v1/tasks', payload: { title: '回访', dueAt: inDays(3), ...payload } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
const list = async (client: Client, query: string) => {
  const res = await client({ method: 'GET', url: `/api/v1/tasks?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: { id: string; [k: string]: unknown }[]; nextCursor: string | null };
};

describe('a task about a customer (回访)', () => {
  it('is made from the customer, shown on my list and on the customer\'s, and audited', async () => {
    const customer = await customerOf(am1, '回访测试客户');
    const dueAt = '2031-05-06T10:00:00+08:00';
    const task = await taskOf(am1, { title: '下周二回电话', note: '确认宽带续约', dueAt, remindAt: '2031-05-06T09:30:00+08:00', priority: 'high', customerId: customer.id });
    expect(task).toMatchObject({
      title: '下周二回电话', note: '确认宽带续约', priority: 'high', status: 'open', source: 'manual', customerId: customer.id,
      customerName: '回访测试客户', assigneeId: userId.get('cs.am1'), createdById: userId.get('cs.am1'), isOverdue: false, completedAt: null,
    });
    expect(new Date(task.dueAt).toISOString()).toBe('2031-05-06T02:00:00.000Z');
    expect((await list(am1, 'assignee=me')).items.map((i) => i.id)).toContain(task.id);
    expect((await list(am1, `customerId=${customer.id}`)).items.map((i) => i.id)).toEqual([task.id]);
    expect((await auditOf(t.database.db, 'task', task.id)).map((a) => a.action)).toEqual(['task.created']);
  });

  it('does not exist for another local network: 404 on read, change and dismissal, absent from its lists', async () => {
    const customer = await customerOf(am1, '长沙私密客户');
    const task = await taskOf(am1, { customerId: customer.id });
    const zhuzhou = await t.as('zz.manager');
    for (const request of [
      { method: 'GET' as const, url: `/api/v1/tasks/${task.id}` },
      { method: 'PATCH' as const, url: `/api/v1/tasks/${task.id}`, payload: { status: 'done' } },
      { method: 'POST' as const, url: `/api/v1/tasks/${task.id}/reminder-dismissal` },
    ]) expect((await zhuzhou(request)).statusCode).toBe(404);
    expect((await list(zhuzhou, 'status=all&limit=100')).items.map((i) => i.id)).not.toContain(task.id);
    expect((await list(zhuzhou, `customerId=${customer.id}`)).items).toEqual([]);
    const res = await zhuzhou({ method: 'POST', url: '/api/v1/tasks', payload: { title: 'x', dueAt: inDays(1), customerId: customer.id } });
    expect(res.statusCode).toBe(404);
    expect((await am1({ method: 'GET', url: `/api/v1/tasks/${task.id}` })).json().status).toBe('open');
  });

  it('goes to a colleague who can see the customer, and to no one else', async () => {
    const customer = await customerOf(am1, '转交测试客户');
    const given = await taskOf(am1, { customerId: customer.id, assigneeId: userId.get('cs.am2') });
    expect(given).toMatchObject({ assigneeId: userId.get('cs.am2'), createdById: userId.get('cs.am1') });
    // cs.key1 works in the key-accounts team: the public team's customer is not in sight there.
    for (const [who, status] of [['cs.key1', 400], ['zz.am1', 400], ['hn.manager', 400]] as const) {
      const res = await am1({ method: 'POST', url: '/api/v1/tasks', payload: { title: 'x', dueAt: inDays(1), customerId: customer.id, assigneeId: userId.get(who) } });
      expect(res.statusCode, who).toBe(status);
      expect(res.json().field).toBe('assigneeId');
    }
    // A manager above the team can take it.
    const manager = await t.as('cs.manager');
    const res = await manager({ method: 'POST', url: '/api/v1/tasks', payload: { title: 'x', dueAt: inDays(1), customerId: customer.id, assigneeId: userId.get('cs.manager') } });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('is changed by its assignee, its author or a manager; a colleague who only sees it gets 403', async () => {
    const task = await taskOf(am1, { title: '准备报价' });
    const sales = await t.as('cs.sales');
    const refused = await sales({ method: 'PATCH', url: `/api/v1/tasks/${task.id}`, payload: { status: 'done' } });
    expect(refused.statusCode).toBe(403);
    const manager = await t.as('cs.manager');
    const done = await manager({ method: 'PATCH', url: `/api/v1/tasks/${task.id}`, payload: { status: 'done' } });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'done', isOverdue: false });
    expect(done.json().completedAt).not.toBeNull();
    const reopened = (await am1({ method: 'PATCH', url: `/api/v1/tasks/${task.id}`, payload: { status: 'open' } })).json();
    expect(reopened).toMatchObject({ status: 'open', completedAt: null });
    expect((await auditOf(t.database.db, 'task', task.id)).map((a) => a.action)).toEqual(['task.created', 'task.completed', 'task.reopened']);
  });
});

describe('a partial change of a task', () => {
  it('changes what it names and nothing else; a change that changes nothing writes nothing', async () => {
    const task = await taskOf(am1, { title: '原始标题', note: '原始备注', dueAt: '2032-01-10T08:00:00Z', remindAt: '2032-01-09T08:00:00Z', priority: 'low' });
    const change = fc.record({
      title: typedText(40, 1),
      note: fc.option(typedText(60)),
      priority: fc.constantFrom('low', 'normal', 'high', 'urgent'),
      dueAt: fc.constantFrom('2032-01-10T08:00:00.000Z', '2032-02-01T00:00:00.000Z'),
      remindAt: fc.constantFrom(null, '2032-01-09T08:00:00.000Z', '2032-01-01T00:00:00.000Z'),
    }, { requiredKeys: [] });
    await fc.assert(fc.asyncProperty(change, async (patch) => {
      const before = (await am1({ method: 'GET', url: `/api/v1/tasks/${task.id}` })).json();
      const audits = (await auditOf(t.database.db, 'task', task.id)).length;
      const res = await am1({ method: 'PATCH', url: `/api/v1/tasks/${task.id}`, payload: patch });
      expect(res.statusCode, res.body).toBe(200);
      const after = res.json();
      const named = Object.keys(patch);
      for (const key of ['title', 'note', 'priority', 'dueAt', 'remindAt', 'status', 'assigneeId', 'customerId']) {
        const expected = named.includes(key) ? (patch as Record<string, unknown>)[key] : before[key];
        expect(canonical(after[key]), key).toBe(canonical(expected));
      }
      const isChange = named.some((k) => canonical(before[k]) !== canonical((patch as Record<string, unknown>)[k]));
      const trail = await auditOf(t.database.db, 'task', task.id);
      expect(trail.length).toBe(audits + (isChange ? 1 : 0));
      if (isChange) expect(Object.keys(trail.at(-1)!.after!).every((k) => named.includes(k))).toBe(true);
    }), { numRuns: 25 });
  });
});

describe('my tasks on the home page', () => {
  it('counts the open and the overdue, and shows reminders that have come until they are put away', async () => {
    const cs = await t.as('cs.agent');
    const before = (await cs({ method: 'GET', url: '/api/v1/tasks/summary' })).json();
    expect(before).toEqual({ open: 0, overdue: 0, reminders: [] });
    const late = await taskOf(cs, { title: '逾期的', dueAt: inDays(-2), remindAt: inDays(-3) });
    await taskOf(cs, { title: '以后的', dueAt: inDays(5), remindAt: inDays(4) });
    await taskOf(cs, { title: '今天提醒', dueAt: inDays(1), remindAt: inDays(-0.01) });
    const summary = (await cs({ method: 'GET', url: '/api/v1/tasks/summary' })).json();
    expect(summary.open).toBe(3);
    expect(summary.overdue).toBe(1);
    expect(summary.reminders.map((r: { title: string }) => r.title)).toEqual(['逾期的', '今天提醒']);
    expect((await cs({ method: 'GET', url: `/api/v1/tasks/${late.id}` })).json().isOverdue).toBe(true);
    expect((await list(cs, `assignee=me&dueBefore=${encodeURIComponent(new Date().toISOString())}`)).items.map((i) => i.id)).toEqual([late.id]);

    // A manager sees the agent's task, but the reminder is the agent's to put away.
    expect((await (await t.as('cs.manager'))({ method: 'POST', url: `/api/v1/tasks/${late.id}/reminder-dismissal` })).statusCode).toBe(403);
    expect((await cs({ method: 'POST', url: `/api/v1/tasks/${late.id}/reminder-dismissal` })).statusCode).toBe(200);
    expect((await cs({ method: 'GET', url: '/api/v1/tasks/summary' })).json().reminders.map((r: { title: string }) => r.title)).toEqual(['今天提醒']);
    // A new reminder time brings it back.
    await cs({ method: 'PATCH', url: `/api/v1/tasks/${late.id}`, payload: { remindAt: inDays(-2.5) } });
    expect((await cs({ method: 'GET', url: '/api/v1/tasks/summary' })).json().reminders).toHaveLength(2);
    // Done is no longer open, overdue or reminded.
    await cs({ method: 'PATCH', url: `/api/v1/tasks/${late.id}`, payload: { status: 'done' } });
    expect((await cs({ method: 'GET', url: '/api/v1/tasks/summary' })).json()).toMatchObject({ open: 2, overdue: 0 });
  });

  it('pages by due time: every task once, in order, however the pages fall', async () => {
    const person = await t.as('cs.key1');
    const made = [];
    for (let i = 0; i < 23; i++) made.push(await taskOf(person, { title: `任务${i}`, dueAt: inDays(10 + (i % 7)) }));
    const seen: { id: string; dueAt: string }[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(person, `assignee=me&limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      seen.push(...page.items.map((i) => ({ id: i.id, dueAt: String(i.dueAt) })));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.map((s) => s.id).sort()).toEqual(made.map((m) => m.id).sort());
    expect(seen.map((s) => s.dueAt)).toEqual([...seen.map((s) => s.dueAt)].sort());
  });
});

describe('a customer changing hands', () => {
  it('takes its open tasks to the new account manager and its tasks to the new unit', async () => {
    const customer = await customerOf(am1, '调整测试客户');
    const open = await taskOf(am1, { customerId: customer.id, title: '未完成' });
    const closed = await taskOf(am1, { customerId: customer.id, title: '已完成' });
    await am1({ method: 'PATCH', url: `/api/v1/tasks/${closed.id}`, payload: { status: 'done' } });
    const manager = await t.as('hn.manager');
    const moved = await manager({ method: 'POST', url: '/api/v1/customers/reassign', payload: { customerIds: [customer.id], ownerId: userId.get('cs.am2') } });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await am1({ method: 'GET', url: `/api/v1/tasks/${open.id}` })).json().assigneeId).toBe(userId.get('cs.am2'));
    expect((await am1({ method: 'GET', url: `/api/v1/tasks/${closed.id}` })).json().assigneeId).toBe(userId.get('cs.am1'));

    const zzUnit = (await rows<{ id: string }>(t.database.db, sql`select id from org_units where code = 'HN-ZZ-PUB'`))[0].id;
    const toZhuzhou = await manager({ method: 'POST', url: '/api/v1/customers/reassign', payload: { customerIds: [customer.id], unitId: zzUnit, ownerId: userId.get('zz.am1') } });
    expect(toZhuzhou.statusCode, toZhuzhou.body).toBe(200);
    expect((await am1({ method: 'GET', url: `/api/v1/tasks/${open.id}` })).statusCode).toBe(404);
    const zhuzhou = await t.as('zz.am1');
    expect((await zhuzhou({ method: 'GET', url: `/api/v1/tasks/${open.id}` })).json()).toMatchObject({ assigneeId: userId.get('zz.am1'), customerId: customer.id });
  });

  it('moves the merged customer\'s tasks to the survivor', async () => {
    const survivor = await customerOf(am1, '合并保留客户');
    const merged = await customerOf(am1, '合并并入客户');
    const task = await taskOf(am1, { customerId: merged.id });
    const res = await am1({ method: 'POST', url: '/api/v1/customers/merge', payload: { survivorId: survivor.id, mergedId: merged.id } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().moved.tasks).toBe(1);
    expect((await list(am1, `customerId=${survivor.id}`)).items.map((i) => i.id)).toEqual([task.id]);
    expect((await list(am1, `customerId=${merged.id}`)).items).toEqual([]);
  });
});
