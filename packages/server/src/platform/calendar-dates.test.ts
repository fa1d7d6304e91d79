import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CalendarDate, Instant } from '@xiang/shared/time';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { writtenState } from '../test/written.ts';

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

describe('dates as the API reads them', () => {
  it('takes every day of the calendar as itself, and a date alone as its midnight UTC (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1900, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (year, month, dayWish) => {
      const text = `${pad(year, 4)}-${pad(month)}-${pad(Math.min(dayWish, daysIn(year, month)))}`;
      expect(CalendarDate.parse(text)).toBe(text);
      expect(Instant.parse(text).toISOString()).toBe(`${text}T00:00:00.000Z`);
    }));
  });

  it('refuses a day a month does not have instead of rolling it over into the next (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1900, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 29, max: 99 }), (year, month, day) => {
      fc.pre(day > daysIn(year, month));
      const text = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
      expect(CalendarDate.safeParse(text).success).toBe(false);
      expect(Instant.safeParse(text).success).toBe(false);
      expect(Instant.safeParse(`${text}T08:00:00+08:00`).success).toBe(false);
    }));
  });

  it.each(['2024-02-30', '2023-02-29', '0000-01-01', '1899-12-31', '2024-13-01', '2024-00-10', '2024-01-00', '2024-1-5', '20240531', '31/05/2024', ''])(
    'refuses %j as a date', (text) => {
      expect(CalendarDate.safeParse(text).success).toBe(false);
      expect(Instant.safeParse(text).success).toBe(false);
    });

  it.each(['2024-05-31T24:00:00Z', '2024-05-31T09:60:00Z', '2024-05-31T09:30:61Z', '2024-05-31T09:30:00+15:00', 'May 31 2024', '1717142400000', 'now'])(
    'refuses %j as a time', (text) => expect(Instant.safeParse(text).success).toBe(false));

  it.each(['2024-05-31T09:30', '2024-05-31T09:30:00', '2024-05-31 09:30:00.5'])(
    'refuses %j, a clock time with no zone, saying to add one (it would be read in the server\'s zone)', (text) => {
      const answer = Instant.safeParse(text);
      expect(answer.success).toBe(false);
      expect(answer.error?.issues[0].message).toMatch(/Z \(UTC\) or an offset such as \+08:00/);
    });

  it('reads a time with its offset, in any common ISO form', () => {
    expect(Instant.parse('2024-02-29T09:30:00+08:00').toISOString()).toBe('2024-02-29T01:30:00.000Z');
    expect(Instant.parse('2024-05-31T09:30:00.123456Z').toISOString()).toBe('2024-05-31T09:30:00.123Z');
    expect(Instant.parse('2024-05-31t09:30z').toISOString()).toBe('2024-05-31T09:30:00.000Z');
    expect(Instant.parse('2024-05-31T09:30:00+0800').toISOString()).toBe('2024-05-31T01:30:00.000Z');
    expect(Instant.safeParse(1717142400000).success).toBe(false);
  });
});

describe('an impossible date in a request', () => {
  let t: TestApp;
  let am: Client;
  beforeAll(async () => {
    t = await startTestApp({ customers: 0 });
    am = await t.as('cs.am1');
  });
  afterAll(() => t.close());

  it('is refused in a list filter (createdFrom=2024-02-30), not read as 1 March', async () => {
    const res = await am({ method: 'GET', url: '/api/v1/customers?createdFrom=2024-02-30', headers: { 'accept-language': 'zh-CN' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe('createdFrom');
    expect(res.json().errors[0].message).toBe('日历上没有这一天，请填写 1900-01-01 至 9999-12-31 之间真实存在的日期。');
  });

  it('is a 400 naming the field in a body, never a database error, and nothing is written', async () => {
    const customerId = (await am({ method: 'POST', url: '/api/v1/customers', payload: { name: '日期测试' } })).json().id;
    for (const [url, payload, field] of [
      ['/api/v1/customers', { name: '坏日期', birthDate: '0000-01-01' }, 'birthDate'],
      ['/api/v1/customers', { name: '坏日期', customerSince: '2024-13-01' }, 'customerSince'],
      [`/api/v1/customers/${customerId}/interactions`, { kind: 'descriptive', channel: 'staff', type: 'note', summary: 'x', occurredAt: '2024-02-30T10:00:00+08:00' }, 'occurredAt'],
    ] as const) {
      const before = await writtenState(t.database.db);
      const res = await am({ method: 'POST', url, payload });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().field).toBe(field);
      expect(await writtenState(t.database.db)).toEqual(before);
    }
    const patch = await am({ method: 'PATCH', url: `/api/v1/customers/${customerId}`, payload: { birthDate: '2023-02-29' } });
    expect(patch.statusCode).toBe(400);
    expect(patch.json().field).toBe('birthDate');
  });
});
