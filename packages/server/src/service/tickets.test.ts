import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketSteps, TicketStatus } from '@xiang/shared';
import { rows } from '../platform/db/index.ts';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { auditOf, writtenState } from '../test/written.ts';

let t: TestApp;
let am1: Client;
let manager: Client;
let userId: Map<string, string>;

beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  am1 = await t.as('cs.am1');
  manager = await t.as('cs.manager');
  userId = new Map((await rows<{ id: string; username: string }>(t.database.db, sql`select id, username from users`)).map((u) => [u.username, u.id]));
});
afterAll(() => t.close());

async function customerOf(client: Client, name: string, more: Record<string, unknown> = {}) {
  const res = await client({ method: 'POST', url: '/api/v1/customers', payload: { name, ...more } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; unitId: string };
}
async function ticketOf(client: Client, payload: Record<string, unknown>) {
  const res = await client({ method: 'POST', url: '/api/v1/tickets', payload: { kind: 'fault', title: '宽带断网', ...payload } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
const step = (client: Client, id: string, to: string, more: Record<string, unknown> = {}) =>
  client({ method: 'POST', url: `/api/v1/tickets/${id}/steps`, payload: { to, ...more } });
const detail = async (client: Client, id: string) => (await client({ method: 'GET', url: `/api/v1/tickets/${id}` })).json();
const queue = async (client: Client, query: string) => {
  const res = await client({ method: 'GET', url: `/api/v1/tickets?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: { id: string; [k: string]: unknown }[]; nextCursor: string | null };
};

/** The allowed steps that lead from new to each status. */
const pathTo: Record<TicketStatus, TicketStatus[]> = {
  new: [],
  assigned: ['assigned'],
  in_progress: ['assigned', 'in_progress'],
  waiting_on_customer: ['assigned', 'in_progress', 'waiting_on_customer'],
  resolved: ['assigned', 'in_progress', 'resolved'],
  closed: ['assigned', 'in_progress', 'resolved', 'closed'],
};

describe('a ticket (工单) opened from a customer', () => {
  it('is on the queue, the customer\'s list, its history, the audit trail and the customer\'s timeline', async () => {
    const customer = await customerOf(am1, '工单测试客户');
    const ticket = await ticketOf(am1, { title: '宽带无法上网', description: '光猫红灯', category: '宽带', channel: 'hotline', customerId: customer.id });
    expect(ticket).toMatchObject({
      kind: 'fault', title: '宽带无法上网', description: '光猫红灯', category: '宽带', channel: 'hotline', priority: 'normal', status: 'new',
      customerId: customer.id, customerName: '工单测试客户', assigneeId: null, createdById: userId.get('cs.am1'), allowedSteps: ['assigned'], mergedIntoId: null,
    });
    expect(ticket.history.map((h: { change: string }) => h.change)).toEqual(['opened']);
    expect((await queue(am1, 'status=new')).items.map((i) => i.id)).toContain(ticket.id);
    expect((await queue(am1, `customerId=${customer.id}&status=all`)).items.map((i) => i.id)).toEqual([ticket.id]);
    expect((await auditOf(t.database.db, 'ticket', ticket.id)).map((a) => a.action)).toEqual(['ticket.opened']);
    const timeline = (await am1({ method: 'GET', url: `/api/v1/customers/${customer.id}/timeline` })).json();
    expect(timeline.items.map((i: { type: string }) => i.type)).toContain('ticket.opened');
  });

  it('is urgent by default for a key account (大客户), normal for others, and as asked when a priority is given', async () => {
    const key = await customerOf(am1, '大客户工单', { tier: 'key' });
    const regular = await customerOf(am1, '普通客户工单');
    expect((await ticketOf(am1, { customerId: key.id })).priority).toBe('urgent');
    expect((await ticketOf(am1, { customerId: key.id, priority: 'low' })).priority).toBe('low');
    expect((await ticketOf(am1, { customerId: regular.id })).priority).toBe('normal');
  });

  it('opened with an assignee starts as assigned, and its audit row says so', async () => {
    const customer = await customerOf(am1, '直接分派工单客户');
    const ticket = await ticketOf(am1, { customerId: customer.id, assigneeId: userId.get('cs.am1') });
    expect(ticket).toMatchObject({ status: 'assigned', assigneeId: userId.get('cs.am1'), allowedSteps: ['in_progress'] });
    const [opened] = await auditOf(t.database.db, 'ticket', ticket.id);
    expect(opened).toMatchObject({ action: 'ticket.opened', after: { status: 'assigned', assigneeId: userId.get('cs.am1') } });
  });

  it('does not exist for another local network: 404 on read, change, step, message and merge, absent from its queue', async () => {
    const customer = await customerOf(am1, '长沙私密工单客户');
    const ticket = await ticketOf(am1, { customerId: customer.id });
    const zhuzhou = await t.as('zz.manager');
    const before = await writtenState(t.database.db);
    for (const request of [
      { method: 'GET' as const, url: `/api/v1/tickets/${ticket.id}` },
      { method: 'PATCH' as const, url: `/api/v1/tickets/${ticket.id}`, payload: { title: '改' } },
      { method: 'POST' as const, url: `/api/v1/tickets/${ticket.id}/steps`, payload: { to: 'assigned', assigneeId: userId.get('zz.am1') } },
      { method: 'POST' as const, url: `/api/v1/tickets/${ticket.id}/messages`, payload: { kind: 'note', body: '看' } },
      { method: 'POST' as const, url: `/api/v1/tickets/${ticket.id}/merge`, payload: { duplicateId: ticket.id } },
    ]) expect((await zhuzhou(request)).statusCode, request.url).toBe(404);
    expect(await writtenState(t.database.db)).toEqual(before);
    expect((await queue(zhuzhou, 'status=all')).items.map((i) => i.id)).not.toContain(ticket.id);
  });
});

describe('the workflow (工单流程), enforced by the server', () => {
  const customer = { id: '' };
  beforeAll(async () => { customer.id = (await customerOf(am1, '流程测试客户')).id; });
  // A colleague in the account manager's own team: the one they may give a ticket to.
  const agent = () => userId.get('cs.am2')!;

  for (const from of TicketStatus.options) {
    for (const to of TicketStatus.options) {
      const allowed = ticketSteps[from].includes(to);
      it(`${from} → ${to}: ${allowed ? 'allowed' : 'refused with the allowed next steps, nothing changed'}`, async () => {
        const ticket = await ticketOf(am1, { customerId: customer.id });
        for (const s of pathTo[from]) expect((await step(am1, ticket.id, s, s === 'assigned' ? { assigneeId: agent() } : {})).statusCode).toBe(200);
        const more = to === 'assigned' ? { assigneeId: agent() } : {};
        if (allowed) {
          const res = await step(am1, ticket.id, to, more);
          expect(res.statusCode, res.body).toBe(200);
          expect(res.json()).toMatchObject({ status: to, allowedSteps: ticketSteps[to] });
          expect(res.json().history.at(-1)).toMatchObject({ change: 'status', before: { status: from }, after: { status: to } });
          return;
        }
        const before = await writtenState(t.database.db);
        for (const language of ['en', 'zh-CN']) {
          const res = await am1({ method: 'POST', url: `/api/v1/tickets/${ticket.id}/steps`, payload: { to, ...more }, headers: { 'accept-language': language } });
          expect(res.statusCode, res.body).toBe(409);
          expect(res.headers['content-type']).toContain('application/problem+json');
          expect(res.json().allowed).toEqual(ticketSteps[from]);
          expect(/[\u4e00-\u9fff]/.test(res.json().detail)).toBe(language !== 'en');
        }
        expect(await writtenState(t.database.db)).toEqual(before);
        expect((await detail(am1, ticket.id)).status).toBe(from);
      });
    }
  }

  it('assigning a new ticket moves it to assigned; resolving lands on the timeline; reopening clears resolved', async () => {
    const ticket = await ticketOf(am1, { customerId: customer.id, title: '分派测试' });
    const assigned = (await am1({ method: 'PATCH', url: `/api/v1/tickets/${ticket.id}`, payload: { assigneeId: agent() } })).json();
    expect(assigned).toMatchObject({ status: 'assigned', assigneeId: agent(), assigneeName: expect.any(String) });
    expect(assigned.history.map((h: { change: string }) => h.change)).toEqual(['opened', 'assignee', 'status']);
    await step(am1, ticket.id, 'in_progress');
    const resolved = (await step(am1, ticket.id, 'resolved')).json();
    expect(resolved.resolvedAt).not.toBeNull();
    const reopened = (await step(am1, ticket.id, 'in_progress')).json();
    expect(reopened).toMatchObject({ status: 'in_progress', resolvedAt: null });
    expect((await auditOf(t.database.db, 'ticket', ticket.id)).map((a) => a.action)).toEqual(
      ['ticket.opened', 'ticket.changed', 'ticket.status_changed', 'ticket.status_changed', 'ticket.resolved', 'ticket.reopened']);
    const timeline = (await am1({ method: 'GET', url: `/api/v1/customers/${customer.id}/timeline` })).json();
    expect(timeline.items.filter((i: { payload: { ticketId?: string } }) => i.payload.ticketId === ticket.id).map((i: { type: string }) => i.type).sort())
      .toEqual(['ticket.opened', 'ticket.resolved']);
  });

  it('keeps every field change in the history, before → after, and a change that changes nothing writes nothing', async () => {
    const ticket = await ticketOf(am1, { customerId: customer.id, title: '旧标题' });
    const changed = (await am1({ method: 'PATCH', url: `/api/v1/tickets/${ticket.id}`, payload: { title: '新标题', priority: 'high' } })).json();
    expect(changed.history.at(-1)).toMatchObject({ change: 'fields', before: { title: '旧标题', priority: 'normal' }, after: { title: '新标题', priority: 'high' }, actorName: expect.any(String) });
    const before = await writtenState(t.database.db);
    expect((await am1({ method: 'PATCH', url: `/api/v1/tickets/${ticket.id}`, payload: { title: '新标题' } })).statusCode).toBe(200);
    expect(await writtenState(t.database.db)).toEqual(before);
  });

  it('keeps internal notes and replies on the ticket', async () => {
    const ticket = await ticketOf(am1, { customerId: customer.id });
    for (const [kind, body] of [['note', '已联系装维'], ['reply', '您好，师傅今天下午上门']]) {
      const res = await am1({ method: 'POST', url: `/api/v1/tickets/${ticket.id}/messages`, payload: { kind, body } });
      expect(res.statusCode, res.body).toBe(201);
    }
    expect((await detail(am1, ticket.id)).messages.map((m: { kind: string; body: string }) => [m.kind, m.body]))
      .toEqual([['note', '已联系装维'], ['reply', '您好，师傅今天下午上门']]);
  });
});

describe('merging duplicate tickets (合并工单)', () => {
  it('closes the duplicate as merged, moves its notes over and keeps both histories', async () => {
    const customer = await customerOf(am1, '重复工单客户');
    const survivor = await ticketOf(am1, { customerId: customer.id, title: '断网' });
    const duplicate = await ticketOf(am1, { customerId: customer.id, title: '又断网了' });
    await am1({ method: 'POST', url: `/api/v1/tickets/${duplicate.id}/messages`, payload: { kind: 'note', body: '客户第二次来电' } });
    const res = await manager({ method: 'POST', url: `/api/v1/tickets/${survivor.id}/merge`, payload: { duplicateId: duplicate.id } });
    expect(res.statusCode, res.body).toBe(200);
    const merged = res.json();
    expect(merged.messages).toMatchObject([{ body: '客户第二次来电', fromTicketId: duplicate.id }]);
    expect(merged.duplicates).toEqual([{ id: duplicate.id, title: '又断网了' }]);
    expect(merged.history.filter((h: { ticketId: string }) => h.ticketId === duplicate.id).map((h: { change: string }) => h.change)).toEqual(['opened', 'merged_into']);
    const gone = await detail(am1, duplicate.id);
    expect(gone).toMatchObject({ status: 'closed', mergedIntoId: survivor.id, allowedSteps: [] });
    expect((await step(am1, duplicate.id, 'in_progress')).statusCode).toBe(409);
    expect((await auditOf(t.database.db, 'ticket', duplicate.id)).map((a) => a.action)).toEqual(['ticket.opened', 'ticket.message_added', 'ticket.merged']);
  });

  it('refuses tickets of two customers, and an account manager (only leads merge), writing nothing', async () => {
    const one = await ticketOf(am1, { customerId: (await customerOf(am1, '客户甲')).id });
    const other = await ticketOf(am1, { customerId: (await customerOf(am1, '客户乙')).id });
    const before = await writtenState(t.database.db);
    const res = await manager({ method: 'POST', url: `/api/v1/tickets/${one.id}/merge`, payload: { duplicateId: other.id } });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().field).toBe('duplicateId');
    expect((await am1({ method: 'POST', url: `/api/v1/tickets/${one.id}/merge`, payload: { duplicateId: other.id } })).statusCode).toBe(403);
    expect(await writtenState(t.database.db)).toEqual(before);
  });
});

describe('tickets follow their customer', () => {
  it('moves the merged customer\'s tickets to the survivor', async () => {
    const survivor = await customerOf(am1, '合并保留客户T');
    const merged = await customerOf(am1, '合并并入客户T');
    const ticket = await ticketOf(am1, { customerId: merged.id });
    const res = await am1({ method: 'POST', url: '/api/v1/customers/merge', payload: { survivorId: survivor.id, mergedId: merged.id } });
    expect(res.statusCode, res.body).toBe(200);
    expect((await detail(am1, ticket.id)).customerId).toBe(survivor.id);
    expect((await queue(am1, `customerId=${merged.id}&status=all`)).items).toEqual([]);
  });

  it('changes unit with a reassigned customer: the new unit sees it, the old one does not', async () => {
    const customer = await customerOf(am1, '调整工单客户');
    const ticket = await ticketOf(am1, { customerId: customer.id });
    const admin = await t.as('admin');
    const zzUnit = (await rows<{ id: string }>(t.database.db, sql`select id from org_units where code = 'HN-ZZ-PUB'`))[0].id;
    const moved = await admin({ method: 'POST', url: '/api/v1/customers/reassign', payload: { customerIds: [customer.id], unitId: zzUnit, ownerId: userId.get('zz.am1') } });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await am1({ method: 'GET', url: `/api/v1/tickets/${ticket.id}` })).statusCode).toBe(404);
    expect((await (await t.as('zz.manager'))({ method: 'GET', url: `/api/v1/tickets/${ticket.id}` })).statusCode).toBe(200);
  });
});

describe('the queue (工单队列)', () => {
  it('filters by status, kind, priority, assignee, mine and title words, and pages every ticket once', async () => {
    const customer = await customerOf(manager, '队列测试客户');
    const agent = await t.as('cs.agent');
    const made = [];
    for (let i = 0; i < 12; i++) {
      made.push(await ticketOf(manager, { customerId: customer.id, kind: i % 3 === 0 ? 'complaint' : 'inquiry', title: `队列${i}号 ${i % 2 ? '话费' : '信号'}`,
        priority: i % 4 === 0 ? 'high' : 'low', ...(i % 2 ? { assigneeId: userId.get('cs.agent') } : {}) }));
    }
    const ids = (page: { items: { id: string }[] }) => page.items.map((i) => i.id);
    const ours = new Set(made.map((m) => m.id));
    const mineOnly = (list: string[]) => list.filter((id) => ours.has(id));
    expect(mineOnly(ids(await queue(agent, 'assignee=me&limit=100'))).length).toBe(6);
    expect(mineOnly(ids(await queue(manager, 'status=assigned&limit=100'))).length).toBe(6);
    expect(mineOnly(ids(await queue(manager, 'kind=complaint&limit=100'))).length).toBe(4);
    expect(mineOnly(ids(await queue(manager, 'priority=high&limit=100'))).length).toBe(3);
    expect(mineOnly(ids(await queue(manager, `q=${encodeURIComponent('话费')}&limit=100`))).length).toBe(6);
    expect(mineOnly(ids(await queue(manager, 'q=%25&limit=100')))).toEqual([]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await queue(manager, `customerId=${customer.id}&limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      seen.push(...ids(page));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(made.map((m) => m.id).reverse());
  });
});

describe('bulk actions on the queue (批量操作)', () => {
  it('assigns, changes priority and closes a list of tickets', async () => {
    const customer = await customerOf(manager, '批量客户');
    const a = await ticketOf(manager, { customerId: customer.id });
    const b = await ticketOf(manager, { customerId: customer.id });
    const bulk = (action: object) => manager({ method: 'POST', url: '/api/v1/tickets/bulk', payload: { ids: [a.id, b.id], action } });
    expect((await bulk({ kind: 'assign', assigneeId: userId.get('cs.agent') })).json().changed.sort()).toEqual([a.id, b.id].sort());
    expect((await detail(manager, a.id))).toMatchObject({ status: 'assigned', assigneeId: userId.get('cs.agent') });
    await bulk({ kind: 'priority', priority: 'urgent' });
    expect((await detail(manager, b.id)).priority).toBe('urgent');
    await bulk({ kind: 'close' });
    expect((await detail(manager, b.id))).toMatchObject({ status: 'closed', allowedSteps: ['in_progress'] });
  });

  it('is all or nothing: one id of another unit is a 404 and no ticket changes', async () => {
    const mine = await ticketOf(manager, { customerId: (await customerOf(manager, '批量本单位')).id });
    const zz = await t.as('zz.manager');
    const theirs = await ticketOf(zz, { customerId: (await customerOf(zz, '批量株洲')).id });
    const before = await writtenState(t.database.db);
    const res = await manager({ method: 'POST', url: '/api/v1/tickets/bulk', payload: { ids: [mine.id, theirs.id], action: { kind: 'close' } } });
    expect(res.statusCode, res.body).toBe(404);
    expect(await writtenState(t.database.db)).toEqual(before);
    expect((await detail(manager, mine.id)).status).toBe('new');
    expect((await am1({ method: 'POST', url: '/api/v1/tickets/bulk', payload: { ids: [mine.id], action: { kind: 'close' } } })).statusCode).toBe(403);
  });
});

describe('the service archive (服务档案)', () => {
  it('finds a customer\'s tickets by words of the title or the description, and one service\'s whole history', async () => {
    const customer = await customerOf(am1, '服务档案客户');
    const admin = await t.as('admin');
    const product = await admin({ method: 'POST', url: '/api/v1/products', payload: { code: 'ARCHIVE-5G', name: '档案 5G 套餐', category: 'mobile', monthlyFeeFen: 12900 } });
    expect(product.statusCode, product.body).toBe(201);
    const productId = product.json().id;
    const serviceOf = async (serviceNumber: string) => {
      const res = await am1({ method: 'POST', url: `/api/v1/customers/${customer.id}/subscriptions`, payload: { productId, serviceNumber, startDate: '2026-01-01' } });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const line = await serviceOf('13974188801');
    const other = await serviceOf('13974188802');
    const a = await ticketOf(am1, { customerId: customer.id, subscriptionId: line, title: '信号弱', description: '地下车库 100% 无信号' });
    const b = await ticketOf(am1, { customerId: customer.id, subscriptionId: line, title: '话费疑问', description: '国际漫游扣费' });
    const c = await ticketOf(am1, { customerId: customer.id, subscriptionId: other, title: '地下室掉线' });
    await step(am1, b.id, 'assigned', { assigneeId: userId.get('cs.am1') });
    const ids = async (query: string) => (await queue(am1, `customerId=${customer.id}&status=all&${query}`)).items.map((i) => i.id).sort();
    expect(await ids(`subscriptionId=${line}`)).toEqual([a.id, b.id].sort());
    expect(await ids(`q=${encodeURIComponent('地下')}`)).toEqual([a.id, c.id].sort());
    expect(await ids(`q=${encodeURIComponent('漫游')}`)).toEqual([b.id]);
    // LIKE's own characters are taken as they are written.
    expect(await ids(`q=${encodeURIComponent('100%')}`)).toEqual([a.id]);
    expect(await ids(`q=${encodeURIComponent('%')}&subscriptionId=${other}`)).toEqual([]);
    // Another local network's account manager asking for this service's history gets nothing of it.
    const zhuzhou = await t.as('zz.am1');
    expect((await queue(zhuzhou, `subscriptionId=${line}&status=all`)).items).toEqual([]);
    expect((await zhuzhou({ method: 'GET', url: `/api/v1/tickets/${a.id}` })).statusCode).toBe(404);
  });

  it('finds tickets by what was written on them (replies, notes) and by the service number, written as people write it, across customers', async () => {
    const admin = await t.as('admin');
    const product = await admin({ method: 'POST', url: '/api/v1/products', payload: { code: 'ARCHIVE-BB', name: '档案宽带', category: 'broadband', monthlyFeeFen: 9900 } });
    const mobile = (await admin({ method: 'GET', url: '/api/v1/products' })).json().items.find((p: { code: string }) => p.code === 'ARCHIVE-5G');
    const first = await customerOf(am1, '档案检索甲');
    const second = await customerOf(am1, '档案检索乙');
    const serviceOf = async (customerId: string, productId: string, serviceNumber: string) => {
      const res = await am1({ method: 'POST', url: `/api/v1/customers/${customerId}/subscriptions`, payload: { productId, serviceNumber, startDate: '2026-01-01' } });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    // The number moved from one customer to the other (携号转网 back, a family member): its history spans both.
    const line1 = await serviceOf(first.id, mobile.id, '13974188811');
    const line2 = await serviceOf(second.id, mobile.id, '+86 139 7418 8811');
    const broadband = await serviceOf(second.id, product.json().id, 'AD07318812');
    const a = await ticketOf(am1, { customerId: first.id, subscriptionId: line1, title: '无法接听' });
    const b = await ticketOf(am1, { customerId: second.id, subscriptionId: line2, title: '短信收不到' });
    const c = await ticketOf(am1, { customerId: second.id, subscriptionId: broadband, title: '网速慢' });
    await am1({ method: 'POST', url: `/api/v1/tickets/${c.id}/messages`, payload: { kind: 'note', body: '分光器端口老化，已报装维' } });
    await am1({ method: 'POST', url: `/api/v1/tickets/${b.id}/messages`, payload: { kind: 'reply', body: '已为您重置短信中心号码' } });
    const ids = async (q: string) => (await queue(am1, `status=all&limit=100&q=${encodeURIComponent(q)}`)).items.map((i) => i.id).sort();
    expect(await ids('分光器')).toEqual([c.id]);
    expect(await ids('短信中心')).toEqual([b.id]);
    for (const written of ['13974188811', '139 7418 8811', '+8613974188811', '139-7418-8811']) expect(await ids(written), written).toEqual([a.id, b.id].sort());
    expect(await ids('AD07318812')).toEqual([c.id]);
    // A part of a number is not the number: no other line's history comes with it.
    expect(await ids('7418881')).toEqual([]);
    expect((await queue(await t.as('zz.am1'), `status=all&q=13974188811`)).items).toEqual([]);
  });
});
