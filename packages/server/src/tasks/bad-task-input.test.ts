import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { rows } from '../platform/db/index.ts';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { customersHereAndElsewhere, expectRefused, type Refusal } from '../test/refusals.ts';

let t: TestApp;
let am: Client;
let ids: { mine: string; elsewhere: string };
let taskId: string;
let users: Map<string, string>;

beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  am = await t.as('cs.am1');
  ids = await customersHereAndElsewhere(t, am);
  users = new Map((await rows<{ id: string; username: string }>(t.database.db, sql`select id, username from users`)).map((u) => [u.username, u.id]));
  await t.database.db.execute(sql`update users set is_disabled = true where username = 'cs.am2'`);
  taskId = (await am({ method: 'POST', url: '/api/v1/tasks', payload: { title: '已有待办', dueAt: '2031-03-01T10:00:00Z', remindAt: '2031-03-01T09:00:00Z' } })).json().id;
});
afterAll(() => t.close());

const due = '2031-06-01T09:00:00+08:00';
const nul = '\u0000';

describe('a new task that cannot be made', () => {
  const table: (Omit<Refusal, 'request'> & { body: () => Record<string, unknown> })[] = [
    { name: 'no title', body: () => ({ dueAt: due }), status: 400, field: 'title' },
    { name: 'a title of spaces', body: () => ({ title: '   ', dueAt: due }), status: 400, field: 'title' },
    { name: 'a title over 200 characters', body: () => ({ title: '回'.repeat(201), dueAt: due }), status: 400, field: 'title' },
    { name: 'a NUL in the title', body: () => ({ title: `回${nul}访`, dueAt: due }), status: 400, field: 'title' },
    { name: 'a note over 2,000 characters', body: () => ({ title: 'x', note: '注'.repeat(2001), dueAt: due }), status: 400, field: 'note' },
    { name: 'no due time', body: () => ({ title: 'x' }), status: 400, field: 'dueAt' },
    { name: 'a due day that does not exist (2031-02-30)', body: () => ({ title: 'x', dueAt: '2031-02-30T10:00:00Z' }), status: 400, field: 'dueAt' },
    { name: 'hour 25', body: () => ({ title: 'x', dueAt: '2031-02-03T25:00:00Z' }), status: 400, field: 'dueAt' },
    { name: 'a due time as a number', body: () => ({ title: 'x', dueAt: 1924300800000 }), status: 400, field: 'dueAt' },
    { name: 'a day-first due date', body: () => ({ title: 'x', dueAt: '06/01/2031' }), status: 400, field: 'dueAt' },
    { name: 'a reminder after the due time', body: () => ({ title: 'x', dueAt: due, remindAt: '2031-06-01T10:00:00+08:00' }), status: 400, field: 'remindAt' },
    { name: 'an unknown priority', body: () => ({ title: 'x', dueAt: due, priority: 'asap' }), status: 400, field: 'priority' },
    { name: 'a status on a new task', body: () => ({ title: 'x', dueAt: due, status: 'done' }), status: 400, field: 'status' },
    { name: 'a source chosen by the caller', body: () => ({ title: 'x', dueAt: due, source: 'automation' }), status: 400, field: 'source' },
    { name: 'a unit chosen by the caller', body: () => ({ title: 'x', dueAt: due, unitId: users.get('cs.am1') }), status: 400, field: 'unitId' },
    { name: 'a customer id that is not an id', body: () => ({ title: 'x', dueAt: due, customerId: '42' }), status: 400, field: 'customerId' },
    { name: 'another local network\'s customer', body: () => ({ title: 'x', dueAt: due, customerId: ids.elsewhere }), status: 404, field: undefined },
    { name: 'a customer that does not exist', body: () => ({ title: 'x', dueAt: due, customerId: '00000000-0000-4000-8000-000000000000' }), status: 404, field: undefined },
    { name: 'an assignee who does not exist', body: () => ({ title: 'x', dueAt: due, assigneeId: '00000000-0000-4000-8000-000000000000' }), status: 400, field: 'assigneeId' },
    { name: 'an assignee in another local network', body: () => ({ title: 'x', dueAt: due, assigneeId: users.get('zz.am1') }), status: 400, field: 'assigneeId' },
    { name: 'a disabled assignee', body: () => ({ title: 'x', dueAt: due, assigneeId: users.get('cs.am2') }), status: 400, field: 'assigneeId' },
    { name: 'an assignee who cannot see the customer', body: () => ({ title: 'x', dueAt: due, customerId: ids.mine, assigneeId: users.get('cs.key1') }), status: 400, field: 'assigneeId' },
  ];
  for (const row of table) {
    it(`refuses ${row.name}, in both languages, and writes nothing`, () =>
      expectRefused(t, am, { ...row, request: { method: 'POST', url: '/api/v1/tasks', payload: row.body() } }));
  }
});

describe('a change of a task that cannot be made', () => {
  const table: (Omit<Refusal, 'request'> & { body: () => Record<string, unknown> })[] = [
    { name: 'a reminder after the stored due time', body: () => ({ remindAt: '2031-03-02T00:00:00Z' }), status: 400, field: 'remindAt' },
    { name: 'a due time before the stored reminder', body: () => ({ dueAt: '2031-03-01T08:00:00Z' }), status: 400, field: 'remindAt' },
    { name: 'an empty title', body: () => ({ title: '' }), status: 400, field: 'title' },
    { name: 'an unknown status', body: () => ({ status: 'finished' }), status: 400, field: 'status' },
    { name: 'a null due time', body: () => ({ dueAt: null }), status: 400, field: 'dueAt' },
    { name: 'a new customer for the task', body: () => ({ customerId: ids.mine }), status: 400, field: 'customerId' },
    { name: 'a creator chosen by the caller', body: () => ({ createdById: users.get('cs.am1') }), status: 400, field: 'createdById' },
    { name: 'an assignee in another local network', body: () => ({ assigneeId: users.get('zz.am1') }), status: 400, field: 'assigneeId' },
  ];
  for (const row of table) {
    it(`refuses ${row.name}, in both languages, and changes nothing`, () =>
      expectRefused(t, am, { ...row, request: { method: 'PATCH', url: `/api/v1/tasks/${taskId}`, payload: row.body() } }));
  }
});

describe('a task list that cannot be given', () => {
  const table: Refusal[] = [
    { name: 'an unknown status', request: { method: 'GET', url: '/api/v1/tasks?status=late' }, status: 400, field: 'status' },
    { name: 'an assignee that is neither me nor an id', request: { method: 'GET', url: '/api/v1/tasks?assignee=boss' }, status: 400, field: 'assignee' },
    { name: 'a forged cursor', request: { method: 'GET', url: '/api/v1/tasks?cursor=2031-01-01_1' }, status: 400, field: 'cursor' },
    { name: 'a cursor with a day that does not exist', request: { method: 'GET', url: `/api/v1/tasks?cursor=${Buffer.from(JSON.stringify(['2031-02-30T00:00:00.000Z', '00000000-0000-4000-8000-000000000000'])).toString('base64url')}` }, status: 400, field: 'cursor' },
    { name: 'a cursor of another list (the timeline\'s)', request: { method: 'GET', url: `/api/v1/tasks?cursor=${Buffer.from(JSON.stringify(['2031-01-01T00:00:00.000Z', '42'])).toString('base64url')}` }, status: 400, field: 'cursor' },
    { name: 'a page of 0', request: { method: 'GET', url: '/api/v1/tasks?limit=0' }, status: 400, field: 'limit' },
    { name: 'a page of 1,000', request: { method: 'GET', url: '/api/v1/tasks?limit=1000' }, status: 400, field: 'limit' },
    { name: 'a due-before that is no time', request: { method: 'GET', url: '/api/v1/tasks?dueBefore=tomorrow' }, status: 400, field: 'dueBefore' },
    { name: 'an unknown filter', request: { method: 'GET', url: '/api/v1/tasks?owner=me' }, status: 400, field: 'owner' },
    { name: 'a task id that is not an id', request: { method: 'GET', url: '/api/v1/tasks/42' }, status: 400, field: 'taskId' },
  ];
  for (const row of table) it(`refuses ${row.name}`, () => expectRefused(t, am, row));
});
