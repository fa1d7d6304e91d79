import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { rows } from '../platform/db/index.ts';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { customersHereAndElsewhere, expectRefused, type Refusal } from '../test/refusals.ts';

let t: TestApp;
let am: Client;
let ids: { mine: string; elsewhere: string; otherMine: string; theirService: string; ticket: string };
let users: Map<string, string>;

beforeAll(async () => {
  t = await startTestApp({ customers: 2 });
  am = await t.as('cs.am1');
  const customers = await customersHereAndElsewhere(t, am);
  users = new Map((await rows<{ id: string; username: string }>(t.database.db, sql`select id, username from users`)).map((u) => [u.username, u.id]));
  await t.database.db.execute(sql`update users set is_disabled = true where username = 'cs.am2'`);
  const otherMine = (await am({ method: 'POST', url: '/api/v1/customers', payload: { name: '另一位客户' } })).json().id;
  const productId = (await am({ method: 'GET', url: '/api/v1/products' })).json().items[0].id;
  const service = (await am({ method: 'POST', url: `/api/v1/customers/${otherMine}/subscriptions`, payload: { productId, serviceNumber: '13974101234', startDate: '2026-01-01' } })).json();
  const ticket = (await am({ method: 'POST', url: '/api/v1/tickets', payload: { kind: 'fault', title: '已有工单', customerId: customers.mine } })).json().id;
  ids = { ...customers, otherMine, theirService: service.id, ticket };
});
afterAll(() => t.close());

const nul = '\u0000';
const none = '00000000-0000-4000-8000-000000000000';

describe('a new ticket that cannot be opened', () => {
  const table: (Omit<Refusal, 'request'> & { body: () => Record<string, unknown> })[] = [
    { name: 'no customer', body: () => ({ kind: 'fault', title: '断网' }), status: 400, field: 'customerId' },
    { name: 'a customer id that is not an id', body: () => ({ kind: 'fault', title: '断网', customerId: '42' }), status: 400, field: 'customerId' },
    { name: 'another local network\'s customer', body: () => ({ kind: 'fault', title: '断网', customerId: ids.elsewhere }), status: 404, field: undefined },
    { name: 'a customer that does not exist', body: () => ({ kind: 'fault', title: '断网', customerId: none }), status: 404, field: undefined },
    { name: 'no kind', body: () => ({ title: '断网', customerId: ids.mine }), status: 400, field: 'kind' },
    { name: 'an unknown kind', body: () => ({ kind: 'praise', title: '断网', customerId: ids.mine }), status: 400, field: 'kind' },
    { name: 'no title', body: () => ({ kind: 'fault', customerId: ids.mine }), status: 400, field: 'title' },
    { name: 'a title of spaces', body: () => ({ kind: 'fault', title: '   ', customerId: ids.mine }), status: 400, field: 'title' },
    { name: 'a title over 200 characters', body: () => ({ kind: 'fault', title: '断'.repeat(201), customerId: ids.mine }), status: 400, field: 'title' },
    { name: 'a NUL in the title', body: () => ({ kind: 'fault', title: `断${nul}网`, customerId: ids.mine }), status: 400, field: 'title' },
    { name: 'a description over 5,000 characters', body: () => ({ kind: 'fault', title: 'x', description: '述'.repeat(5001), customerId: ids.mine }), status: 400, field: 'description' },
    { name: 'a category over 60 characters', body: () => ({ kind: 'fault', title: 'x', category: '类'.repeat(61), customerId: ids.mine }), status: 400, field: 'category' },
    { name: 'an unknown priority', body: () => ({ kind: 'fault', title: 'x', priority: 'asap', customerId: ids.mine }), status: 400, field: 'priority' },
    { name: 'an unknown channel', body: () => ({ kind: 'fault', title: 'x', channel: 'pigeon', customerId: ids.mine }), status: 400, field: 'channel' },
    { name: 'a status chosen by the caller', body: () => ({ kind: 'fault', title: 'x', status: 'resolved', customerId: ids.mine }), status: 400, field: 'status' },
    { name: 'a unit chosen by the caller', body: () => ({ kind: 'fault', title: 'x', unitId: none, customerId: ids.mine }), status: 400, field: 'unitId' },
    { name: 'another customer\'s service', body: () => ({ kind: 'fault', title: 'x', subscriptionId: ids.theirService, customerId: ids.mine }), status: 400, field: 'subscriptionId' },
    { name: 'an assignee who does not exist', body: () => ({ kind: 'fault', title: 'x', assigneeId: none, customerId: ids.mine }), status: 400, field: 'assigneeId' },
    { name: 'an assignee in another local network', body: () => ({ kind: 'fault', title: 'x', assigneeId: users.get('zz.am1'), customerId: ids.mine }), status: 400, field: 'assigneeId' },
    { name: 'a disabled assignee', body: () => ({ kind: 'fault', title: 'x', assigneeId: users.get('cs.am2'), customerId: ids.mine }), status: 400, field: 'assigneeId' },
  ];
  for (const row of table) {
    it(`refuses ${row.name} (${row.status}${row.field ? `, ${row.field}` : ''}) and writes nothing`, () =>
      expectRefused(t, am, { ...row, request: { method: 'POST', url: '/api/v1/tickets', payload: row.body() } }));
  }
});

describe('a change or step that cannot be made', () => {
  const table: (Omit<Refusal, 'request'> & { request: () => Refusal['request'] })[] = [
    { name: 'a step to an unknown status', request: () => ({ method: 'POST', url: `/api/v1/tickets/${ids.ticket}/steps`, payload: { to: 'done' } }), status: 400, field: 'to' },
    { name: 'assigning with nobody to assign to', request: () => ({ method: 'POST', url: `/api/v1/tickets/${ids.ticket}/steps`, payload: { to: 'assigned' } }), status: 400, field: 'assigneeId' },
    { name: 'a step out of order', request: () => ({ method: 'POST', url: `/api/v1/tickets/${ids.ticket}/steps`, payload: { to: 'resolved' } }), status: 409, field: undefined },
    { name: 'a status through PATCH', request: () => ({ method: 'PATCH', url: `/api/v1/tickets/${ids.ticket}`, payload: { status: 'closed' } }), status: 400, field: 'status' },
    { name: 'a title over 200 characters', request: () => ({ method: 'PATCH', url: `/api/v1/tickets/${ids.ticket}`, payload: { title: '断'.repeat(201) } }), status: 400, field: 'title' },
    { name: 'another customer\'s service', request: () => ({ method: 'PATCH', url: `/api/v1/tickets/${ids.ticket}`, payload: { subscriptionId: ids.theirService } }), status: 400, field: 'subscriptionId' },
    { name: 'an empty note', request: () => ({ method: 'POST', url: `/api/v1/tickets/${ids.ticket}/messages`, payload: { kind: 'note', body: '  ' } }), status: 400, field: 'body' },
    { name: 'a ticket that does not exist', request: () => ({ method: 'PATCH', url: `/api/v1/tickets/${none}`, payload: { title: '改' } }), status: 404, field: undefined },
    { name: 'a bad page cursor', request: () => ({ method: 'GET', url: '/api/v1/tickets?cursor=forged' }), status: 400, field: 'cursor' },
    { name: 'an unknown status filter', request: () => ({ method: 'GET', url: '/api/v1/tickets?status=done' }), status: 400, field: 'status' },
    { name: 'an unknown order', request: () => ({ method: 'GET', url: '/api/v1/tickets?sort=oldest' }), status: 400, field: 'sort' },
    { name: 'a soonest-due cursor that is not one', request: () => ({ method: 'GET', url: '/api/v1/tickets?sort=due&cursor=bm9wZQ' }), status: 400, field: 'cursor' },
  ];
  for (const row of table) {
    it(`refuses ${row.name} (${row.status}${row.field ? `, ${row.field}` : ''}) and writes nothing`, () => expectRefused(t, am, { ...row, request: row.request() }));
  }
});
