import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../platform/db/index.ts';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { expectRefused, type Refusal } from '../test/refusals.ts';

/**
 * 服务统计 — the figures a service manager checks by hand: tickets opened with known times in a
 * past week, answered and resolved after known minutes against known due times, rated by the
 * customer; another unit's tickets out of sight; days in the operator's time zone (Beijing).
 */
let t: TestApp;
let am1: Client;
let userId: Map<string, string>;

beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  am1 = await t.as('cs.am1');
  userId = new Map((await rows<{ id: string; username: string }>(t.database.db, sql`select id, username from users`)).map((u) => [u.username, u.id]));
});
afterAll(() => t.close());

const minute = 60_000;
const at = (iso: string, plusMinutes = 0) => new Date(new Date(iso).getTime() + plusMinutes * minute);

async function ticketOf(client: Client, payload: Record<string, unknown>) {
  const customer = await client({ method: 'POST', url: '/api/v1/customers', payload: { name: `统计客户${Math.random().toString(36).slice(2, 6)}` } });
  expect(customer.statusCode, customer.body).toBe(201);
  const res = await client({ method: 'POST', url: '/api/v1/tickets', payload: { kind: 'fault', title: '统计', customerId: customer.json().id, priority: 'urgent', ...payload } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; slaPolicyId: string | null };
}

interface Past {
  status: string; openedAt: Date; answeredAfter?: number; finishedAfter?: number; pausedAfter?: number;
  firstResponseDueAfter?: number; resolutionDueAfter?: number; satisfaction?: number; noSla?: boolean;
}

/** Puts a ticket in the past: the API only opens tickets now, so its clock is written where the test's database keeps it. */
async function rewrite(id: string, p: Past) {
  const after = (m: number | undefined) => (m === undefined ? null : at(p.openedAt.toISOString(), m).toISOString());
  const isDone = ['resolved', 'closed'].includes(p.status);
  await t.database.db.execute(sql`update tickets set status = ${p.status}, created_at = ${p.openedAt.toISOString()}::timestamptz,
    first_responded_at = ${after(p.answeredAfter)}::timestamptz,
    resolved_at = ${isDone ? after(p.finishedAfter) : null}::timestamptz, closed_at = ${p.status === 'closed' ? after(p.finishedAfter) : null}::timestamptz,
    sla_paused_at = ${isDone ? after(p.finishedAfter) : after(p.pausedAfter)}::timestamptz,
    sla_policy_id = case when ${p.noSla ?? false} then null else sla_policy_id end,
    first_response_due_at = ${p.noSla ? null : after(p.firstResponseDueAfter ?? 30)}::timestamptz,
    resolution_due_at = ${p.noSla ? null : after(p.resolutionDueAfter ?? 240)}::timestamptz,
    satisfaction = ${p.satisfaction ?? null}, rated_at = ${p.satisfaction ? after((p.finishedAfter ?? 0) + 60) : null}::timestamptz
    where id = ${id}`);
}

async function statsOf(client: Client, query: string) {
  const res = await client({ method: 'GET', url: `/api/v1/service/stats?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

// 10:00 in Beijing on Tuesday 5 May 2026; the week runs to Sunday 10 May.
const monday = '2026-05-05T02:00:00Z';
const week = 'from=2026-05-04&to=2026-05-10';
const dayAfter = (n: number) => at(monday, n * 1440);

describe('a week of one team\'s tickets', () => {
  beforeAll(async () => {
    const am = userId.get('cs.am1');
    const past: (Past & { payload: Record<string, unknown> })[] = [
      // Answered in 10 minutes, resolved in an hour: both targets kept. Rated 5.
      { payload: { category: '宽带', channel: 'hotline', assigneeId: am }, status: 'resolved', openedAt: dayAfter(0), answeredAfter: 10, finishedAfter: 60, satisfaction: 5 },
      // Resolved in five hours against four: the resolution breached. Rated 2.
      { payload: { category: '宽带', channel: 'hotline', assigneeId: am }, status: 'closed', openedAt: dayAfter(1), answeredAfter: 20, finishedAfter: 300, satisfaction: 2 },
      // Answered after 40 minutes against 30: the first response breached. Rated 4.
      { payload: { category: '信号', channel: 'phone' }, status: 'resolved', openedAt: dayAfter(2), answeredAfter: 40, finishedAfter: 120, satisfaction: 4 },
      // Answered and resolved exactly when due: kept. Rated 4.
      { payload: { kind: 'complaint', channel: 'hotline', assigneeId: am }, status: 'resolved', openedAt: dayAfter(3), answeredAfter: 30, finishedAfter: 240, satisfaction: 4 },
      // Still being worked on, long past its four hours: breached while open.
      { payload: { kind: 'inquiry', channel: 'web', assigneeId: am }, status: 'in_progress', openedAt: dayAfter(4), answeredAfter: 5 },
      // No SLA applies: counted, timed and rated, but in no SLA figure. Rated 3.
      { payload: { kind: 'inquiry', channel: 'web' }, status: 'resolved', openedAt: dayAfter(4), answeredAfter: 30, finishedAfter: 30, satisfaction: 3, noSla: true },
      // Waiting on the customer since 100 minutes in, before its due time: the clock stands, not breached.
      { payload: { category: '宽带', channel: 'phone', assigneeId: am }, status: 'waiting_on_customer', openedAt: dayAfter(5), answeredAfter: 15, pausedAfter: 100 },
    ];
    for (const p of past) await rewrite((await ticketOf(am1, p.payload)).id, p);
    // A duplicate merged into another ticket is the same matter: left out.
    const duplicate = await ticketOf(am1, { channel: 'hotline' });
    await rewrite(duplicate.id, { status: 'closed', openedAt: dayAfter(1), answeredAfter: 1, finishedAfter: 2, satisfaction: 1 });
    const survivor = await ticketOf(am1, { channel: 'hotline' });
    await rewrite(survivor.id, { status: 'closed', openedAt: dayAfter(-30), answeredAfter: 1, finishedAfter: 2 });
    await t.database.db.execute(sql`update tickets set merged_into_id = ${survivor.id} where id = ${duplicate.id}`);
    // Zhuzhou's ticket of the same week: not Changsha's to count.
    await rewrite((await ticketOf(await t.as('zz.am1'), { category: '宽带', channel: 'hotline' })).id, { status: 'in_progress', openedAt: dayAfter(2), answeredAfter: 1 });
  });

  it('counts the tickets opened, the backlog open now, and the wall-clock minutes to answer and resolve (median and 90th percentile)', async () => {
    const { totals, from, to, timeZone } = await statsOf(am1, week);
    expect({ from, to, timeZone }).toEqual({ from: '2026-05-04', to: '2026-05-10', timeZone: 'Asia/Shanghai' });
    expect(totals.opened).toBe(7);
    expect(totals.backlog).toBe(2);
    // Answered after 5, 10, 15, 20, 30, 30, 40 minutes.
    expect(totals.firstResponse).toEqual({ tickets: 7, medianMinutes: 20, p90Minutes: 34 });
    // Resolved after 30, 60, 120, 240, 300 minutes; the two still open are not.
    expect(totals.resolution).toEqual({ tickets: 5, medianMinutes: 120, p90Minutes: 276 });
  });

  it('tells met, breached and running apart: late answers, late resolutions and tickets open past their due time are breaches', async () => {
    const { totals } = await statsOf(am1, week);
    expect(totals.sla).toEqual({
      tickets: 6, met: 2, breached: 3, running: 1, metShare: 0.333, breachRate: 0.5,
      firstResponseMet: 5, firstResponseBreached: 1, resolutionMet: 3, resolutionBreached: 2,
    });
  });

  it('averages the customers\' ratings, with the share of 4 and 5 and how many of each score', async () => {
    const { totals } = await statsOf(am1, week);
    expect(totals.satisfaction).toEqual({ rated: 5, average: 3.6, goodShare: 0.6 });
    expect(totals.satisfactionScores).toEqual([1, 2, 3, 4, 5].map((score) => ({ score, tickets: [0, 1, 1, 2, 1][score - 1] })));
  });

  it('lists the fault categories heard most', async () => {
    expect((await statsOf(am1, week)).faultCategories).toEqual([{ category: '宽带', tickets: 3 }, { category: '信号', tickets: 1 }]);
  });

  it('groups by channel, kind, agent, unit and team, each group with its own figures', async () => {
    const byChannel = (await statsOf(am1, `${week}&groupBy=channel`)).groups;
    expect(byChannel.map((g: { key: string; opened: number; backlog: number }) => [g.key, g.opened, g.backlog])).toEqual([['hotline', 3, 0], ['phone', 2, 1], ['web', 2, 1]]);
    const hotline = byChannel[0];
    expect(hotline.sla).toMatchObject({ tickets: 3, met: 2, breached: 1, breachRate: 0.333 });
    expect(hotline.satisfaction).toEqual({ rated: 3, average: 3.67, goodShare: 0.667 });

    const byKind = (await statsOf(am1, `${week}&groupBy=kind`)).groups;
    expect(byKind.map((g: { key: string; opened: number }) => [g.key, g.opened])).toEqual([['fault', 4], ['inquiry', 2], ['complaint', 1]]);

    const byAgent = (await statsOf(am1, `${week}&groupBy=agent`)).groups;
    const [am] = await rows<{ display_name: string }>(t.database.db, sql`select display_name from users where username = 'cs.am1'`);
    expect(byAgent.map((g: { key: string | null; name: string | null; opened: number }) => [g.key, g.name, g.opened]))
      .toEqual([[userId.get('cs.am1'), am.display_name, 5], [null, null, 2]]);

    const team = t.org.networks[0].teams.find((x) => !x.isKeyAccounts)!;
    const [name] = await rows<{ name: string; name_en: string }>(t.database.db, sql`select name, name_en from org_units where id = ${team.id}`);
    for (const groupBy of ['unit', 'team']) {
      const groups = (await statsOf(am1, `${week}&groupBy=${groupBy}`)).groups;
      expect(groups.map((g: { key: string; name: string; nameEn: string; opened: number }) => [g.key, g.name, g.nameEn, g.opened])).toEqual([[team.id, name.name, name.name_en, 7]]);
    }
  });

  it('filters by kind and by channel', async () => {
    const faults = await statsOf(am1, `${week}&kind=fault`);
    expect([faults.totals.opened, faults.totals.backlog, faults.totals.sla.breached]).toEqual([4, 1, 2]);
    const web = await statsOf(am1, `${week}&channel=web`);
    expect([web.totals.opened, web.totals.backlog, web.faultCategories]).toEqual([2, 1, []]);
  });

  it('counts only the caller\'s units: Zhuzhou\'s ticket is Zhuzhou\'s, the province sees both', async () => {
    expect((await statsOf(await t.as('zz.am1'), week)).totals.opened).toBe(1);
    expect((await statsOf(await t.as('cs.manager'), week)).totals.opened).toBe(7);
    const province = (await statsOf(await t.as('hn.manager'), `${week}&groupBy=unit`));
    expect(province.totals.opened).toBe(8);
    expect(province.faultCategories).toEqual([{ category: '宽带', tickets: 4 }, { category: '信号', tickets: 1 }]);
    expect(province.groups).toHaveLength(2);
    expect((await statsOf(await t.as('admin'), week)).totals.opened).toBe(8);
  });
});

describe('days', () => {
  it('puts each ticket on its day in the operator\'s time zone, across midnight UTC, with the backlog at each day\'s end', async () => {
    // 23:30 and 00:30 in Beijing: two days there, one day in UTC (15:30 and 16:30 on 20 April).
    const late = await ticketOf(am1, { channel: 'email' });
    await rewrite(late.id, { status: 'resolved', openedAt: new Date('2026-04-20T15:30:00Z'), answeredAfter: 5, finishedAfter: 9 * 60 + 30 });
    const early = await ticketOf(am1, { channel: 'email' });
    await rewrite(early.id, { status: 'resolved', openedAt: new Date('2026-04-20T16:30:00Z'), answeredAfter: 5, finishedAfter: 26 * 60 + 30 });
    const stats = await statsOf(am1, 'from=2026-04-19&to=2026-04-23&groupBy=day&channel=email');
    // The first resolved at 09:00 on the 21st, the second at 03:00 on the 22nd (Beijing).
    expect(stats.days).toEqual([
      { day: '2026-04-19', opened: 0, backlog: 0 }, { day: '2026-04-20', opened: 1, backlog: 1 }, { day: '2026-04-21', opened: 1, backlog: 1 },
      { day: '2026-04-22', opened: 0, backlog: 0 }, { day: '2026-04-23', opened: 0, backlog: 0 },
    ]);
    expect(stats.groups.map((g: { key: string; opened: number; backlog: number }) => [g.key, g.opened, g.backlog])).toEqual(stats.days.map((d: { day: string; opened: number; backlog: number }) => [d.day, d.opened, d.backlog]));
    expect(stats.groups[1].resolution).toEqual({ tickets: 1, medianMinutes: 570, p90Minutes: 570 });
  });

  it('counts a ticket opened before the period and still open in every day\'s backlog, and says nothing of days not yet begun', async () => {
    const old = await ticketOf(am1, { channel: 'sms' });
    await rewrite(old.id, { status: 'in_progress', openedAt: new Date(Date.now() - 60 * 86_400_000), answeredAfter: 5 });
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const stats = await statsOf(am1, `from=${new Date(Date.parse(`${today}T00:00:00Z`) - 40 * 86_400_000).toISOString().slice(0, 10)}&to=${tomorrow}&groupBy=day&channel=sms`);
    expect(stats.days.at(-2)).toEqual({ day: today, opened: 0, backlog: 1 });
    expect(stats.days.at(-1)).toEqual({ day: tomorrow, opened: 0, backlog: null });
    expect(stats.days.slice(0, -1).every((d: { backlog: number }) => d.backlog === 1)).toBe(true);
    expect(stats.totals).toMatchObject({ opened: 0, backlog: 1 });
  });

  it('takes the last 30 days up to today when no period is asked for', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const stats = await statsOf(am1, '');
    expect(stats.to).toBe(today);
    expect(stats.days).toHaveLength(30);
    expect(stats.groupBy).toBe('day');
    expect(stats.groups).toHaveLength(30);
    expect(stats.days[0].day).toBe(stats.from);
  });
});

describe('a question the figures cannot answer', () => {
  it('asks who is calling', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/service/stats' })).statusCode).toBe(401);
  });

  const table: Refusal[] = [
    { name: 'a period that ends before it begins', request: { method: 'GET', url: '/api/v1/service/stats?from=2026-05-10&to=2026-05-01' }, status: 400, field: 'to' },
    { name: 'a first day after today with no last day', request: { method: 'GET', url: '/api/v1/service/stats?from=2999-01-01' }, status: 400, field: 'from' },
    { name: 'a period of 367 days', request: { method: 'GET', url: '/api/v1/service/stats?from=2025-01-01&to=2026-01-02' }, status: 400, field: 'from' },
    { name: 'a day that does not exist', request: { method: 'GET', url: '/api/v1/service/stats?from=2026-02-30' }, status: 400, field: 'from' },
    { name: 'a last day that is not a date', request: { method: 'GET', url: '/api/v1/service/stats?to=yesterday' }, status: 400, field: 'to' },
    { name: 'an unknown grouping', request: { method: 'GET', url: '/api/v1/service/stats?groupBy=province' }, status: 400, field: 'groupBy' },
    { name: 'an unknown kind', request: { method: 'GET', url: '/api/v1/service/stats?kind=praise' }, status: 400, field: 'kind' },
    { name: 'an unknown channel', request: { method: 'GET', url: '/api/v1/service/stats?channel=pigeon' }, status: 400, field: 'channel' },
    { name: 'a filter it does not know', request: { method: 'GET', url: '/api/v1/service/stats?unitId=1' }, status: 400, field: 'unitId' },
  ];
  for (const row of table) {
    it(`refuses ${row.name} (${row.status}, ${row.field})`, () => expectRefused(t, am1, row));
  }

  it('answers a leap year\'s 366 days', async () => {
    expect((await statsOf(am1, 'from=2024-01-01&to=2024-12-31')).days).toHaveLength(366);
  });
});
