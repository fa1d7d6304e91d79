import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../platform/db/index.ts';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { writtenState } from '../test/written.ts';

let t: TestApp;
let manager: Client;
let token: string;
let channelId: string;
const customers: Record<'byPhone' | 'byMember' | 'elsewhere', string> = { byPhone: '', byMember: '', elsewhere: '' };

beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  manager = await t.as('cs.manager');
  const made = (await manager({ method: 'POST', url: '/api/v1/channels', payload: { name: '长沙网上营业厅', code: 'cs-online', kind: 'online_hall' } })).json();
  ({ token, id: channelId } = made);
  const customer = async (client: Client, name: string, identities: { kind: string; value: string }[]) =>
    (await client({ method: 'POST', url: '/api/v1/customers', payload: { name, identities } })).json().id as string;
  customers.byPhone = await customer(manager, '充值客户', [{ kind: 'phone', value: '13807310001' }]);
  customers.byMember = await customer(manager, '会员客户', [{ kind: 'member_id', value: 'M-0042' }]);
  customers.elsewhere = await customer(await t.as('zz.manager'), '株洲客户', [{ kind: 'phone', value: '13907330009' }]);
});
afterAll(() => t.close());

const post = (payload: object, bearer = token) => t.app.inject({
  method: 'POST', url: '/api/v1/channels/intake', headers: { authorization: `Bearer ${bearer}` }, payload,
});
const recharge = (transactionId: string, more: Record<string, unknown> = {}) =>
  ({ transactionId, occurredAt: '2026-12-04T09:30:00+08:00', kind: 'recharge', status: 'succeeded', amountFen: 5000, phone: '138 0731 0001', ...more });
const stored = async () => (await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from channel_transactions`))[0].n;

describe('channel intake', () => {
  it('stores a batch, matches customers by phone and by member id, and puts each on their timeline with the channel named', async () => {
    const res = await post({ transactions: [
      recharge('r-1', { attributes: { cardSerial: 'A123', faceValue: 50 } }),
      { transactionId: 'p-1', occurredAt: '2026-12-04T10:00:00+08:00', kind: 'plan_change', status: 'failed', reason: '余额不足', memberId: 'M-0042' },
      recharge('r-2', { phone: '13907330009' }),
      { transactionId: 'q-1', occurredAt: '2026-12-04T10:05:00Z', kind: 'query', status: 'succeeded' },
    ] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ stored: 4, duplicates: 0, refused: 0, results: [
      { index: 0, transactionId: 'r-1', outcome: 'stored', customerId: customers.byPhone },
      { index: 1, transactionId: 'p-1', outcome: 'stored', customerId: customers.byMember },
      // Another unit's customer is not this channel's: stored, naming no one, and no customer is made.
      { index: 2, transactionId: 'r-2', outcome: 'stored', customerId: null },
      { index: 3, transactionId: 'q-1', outcome: 'stored', customerId: null },
    ] });
    const timeline = async (id: string, client = manager) => (await client({ method: 'GET', url: `/api/v1/customers/${id}/timeline` })).json().items;
    const [topUp] = await timeline(customers.byPhone);
    expect(topUp).toMatchObject({ kind: 'transactional', channel: 'portal', type: 'channel.recharge', occurredAt: '2026-12-04T01:30:00.000Z',
      summary: '在「长沙网上营业厅」充值 ¥50.00，成功', payload: { channelId, channelName: '长沙网上营业厅', transactionId: 'r-1', amountFen: 5000 } });
    expect((await timeline(customers.byMember))[0]).toMatchObject({ type: 'channel.plan_change', summary: '在「长沙网上营业厅」变更套餐，失败：余额不足' });
    expect(await timeline(customers.elsewhere, await t.as('zz.manager'))).toEqual([]);
    // Stored exactly as sent: the phone as written, the attributes and the instant.
    const [row] = await rows<Record<string, unknown>>(t.database.db, sql`select phone, attributes, amount_fen::int as "amountFen", occurred_at as "occurredAt" from channel_transactions where transaction_id = 'r-1'`);
    expect(row).toMatchObject({ phone: '138 0731 0001', attributes: { cardSerial: 'A123', faceValue: 50 }, amountFen: 5000 });
    expect(new Date(row.occurredAt as string).toISOString()).toBe('2026-12-04T01:30:00.000Z');
  });

  it('takes the same batch again as duplicates, whatever the key order; nothing more is stored or put on a timeline', async () => {
    const before = await writtenState(t.database.db);
    const reordered = Object.fromEntries(Object.entries(recharge('r-1', { attributes: { faceValue: 50, cardSerial: 'A123' } })).reverse());
    const res = await post({ transactions: [reordered, { transactionId: 'q-1', occurredAt: '2026-12-04T18:05:00+08:00', kind: 'query', status: 'succeeded' }] });
    expect(res.json()).toEqual({ stored: 0, duplicates: 2, refused: 0, results: [
      { index: 0, transactionId: 'r-1', outcome: 'duplicate' }, { index: 1, transactionId: 'q-1', outcome: 'duplicate' }] });
    expect(await writtenState(t.database.db)).toEqual(before);
  });

  it('refuses a used transaction id with other content, item by item; the rest of the batch is stored', async () => {
    const res = await post({ transactions: [recharge('r-1', { amountFen: 9900 }), recharge('r-3'), recharge('r-4'), recharge('r-4', { amountFen: 1 })] });
    const body = res.json();
    expect(body).toMatchObject({ stored: 2, duplicates: 0, refused: 2 });
    expect(body.results[0]).toMatchObject({ outcome: 'refused', field: 'transactions.0.transactionId', transactionId: 'r-1' });
    expect(body.results[0].reason).toContain('r-1');
    expect(body.results[3]).toMatchObject({ outcome: 'refused', field: 'transactions.3.transactionId' });
    const [kept] = await rows<{ amount: number }>(t.database.db, sql`select amount_fen::int as amount from channel_transactions where transaction_id = 'r-1'`);
    expect(kept.amount).toBe(5000);
  });

  it('takes two posts of one batch at once as one: each transaction is stored once, the other answer says duplicate', async () => {
    const batch = Array.from({ length: 30 }, (_, i) => recharge(`race-${String(i).padStart(2, '0')}`));
    const answers = await Promise.all([post({ transactions: batch }), post({ transactions: [...batch].reverse() }), post({ transactions: batch })]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200]);
    expect(answers.reduce((n, a) => n + a.json().stored, 0)).toBe(30);
    expect(answers.reduce((n, a) => n + a.json().duplicates, 0)).toBe(60);
    const [{ n }] = await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from interactions where payload->>'transactionId' like 'race-%'`);
    expect(n).toBe(30);
  });

  it('refuses a wrong, revoked or switched-off channel\'s token with 401 and stores nothing', async () => {
    const count = await stored();
    const other = (await manager({ method: 'POST', url: '/api/v1/channels', payload: { name: '短信营业厅', code: 'cs-sms', kind: 'sms_hall' } })).json();
    const renewed = (await manager({ method: 'POST', url: `/api/v1/channels/${other.id}/token` })).json().token as string;
    const batch = { transactions: [recharge('t-401')] };
    for (const bearer of ['xch_wrongwrongwrongwrongwrong', other.token, '']) {
      const res = await post(batch, bearer);
      expect(res.statusCode, bearer).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/channels/intake', payload: batch })).statusCode).toBe(401);
    await manager({ method: 'PATCH', url: `/api/v1/channels/${other.id}`, payload: { isActive: false } });
    expect((await post(batch, renewed)).statusCode).toBe(401);
    // A staff member's session is not a channel.
    expect((await manager({ method: 'POST', url: '/api/v1/channels/intake', payload: batch })).statusCode).toBe(401);
    expect(await stored()).toBe(count);
  });

  it('follows a merged customer: the merged one\'s transactions name the survivor', async () => {
    const res = await manager({ method: 'POST', url: '/api/v1/customers/merge', payload: { survivorId: customers.byMember, mergedId: customers.byPhone } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().moved.channelTransactions).toBeGreaterThan(0);
    const named = await rows<{ transactionId: string; customerId: string }>(t.database.db,
      sql`select transaction_id as "transactionId", customer_id as "customerId" from channel_transactions where transaction_id in ('r-1', 'p-1') order by 1`);
    expect(named).toEqual([{ transactionId: 'p-1', customerId: customers.byMember }, { transactionId: 'r-1', customerId: customers.byMember }]);
  });

  it('lists a channel\'s transactions latest first, 50 a page, with a cursor to the next', async () => {
    await post({ transactions: Array.from({ length: 60 }, (_, i) => recharge(`page-${i}`, { occurredAt: `2026-11-01T10:${String(i).padStart(2, '0')}:00+08:00` })) });
    const first = (await manager({ method: 'GET', url: `/api/v1/channels/${channelId}/transactions` })).json();
    expect(first.items).toHaveLength(50);
    expect(first.items[0]).toMatchObject({ transactionId: 'q-1', isMatched: false, customer: null });
    // The customer by name and number, as the reader may see them (r-1's customer was merged into p-1's).
    const matched = first.items.find((x: { transactionId: string }) => x.transactionId === 'r-1');
    expect(matched).toMatchObject({ isMatched: true, customer: { id: customers.byMember, name: '会员客户' } });
    expect(matched.customer.number).toMatch(/./);
    const rest = (await manager({ method: 'GET', url: `/api/v1/channels/${channelId}/transactions?cursor=${first.nextCursor}` })).json();
    expect(rest.nextCursor).toBeNull();
    const all = [...first.items, ...rest.items];
    expect(all).toHaveLength((await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from channel_transactions where channel_id = ${channelId}`))[0].n);
    expect(all.map((x: { occurredAt: string }) => x.occurredAt)).toEqual(all.map((x: { occurredAt: string }) => x.occurredAt).sort().reverse());
    expect(new Set(all.map((x: { id: number }) => x.id)).size).toBe(all.length);
  });
});
