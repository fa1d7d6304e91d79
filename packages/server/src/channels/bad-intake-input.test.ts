import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { expectRefused, rawJson, type Refusal } from '../test/refusals.ts';
import { writtenState } from '../test/written.ts';

let t: TestApp;
let channel: Client;

beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  const manager = await t.as('cs.manager');
  const { token } = (await manager({ method: 'POST', url: '/api/v1/channels', payload: { name: '空中营业厅', code: 'cs-air', kind: 'air_hall' } })).json();
  channel = (options) => t.app.inject({ ...options, headers: { ...options.headers, authorization: `Bearer ${token}` } });
});
afterAll(() => t.close());

const good = { transactionId: 'ok-1', occurredAt: '2026-12-04T09:30:00+08:00', kind: 'recharge', status: 'succeeded', amountFen: 3000, phone: '13807310001' };
const without = (key: keyof typeof good) => Object.fromEntries(Object.entries(good).filter(([k]) => k !== key));

// Each item refuses only itself, naming its field, in the request's language; nothing of it is stored.
const badItems: { name: string; item: unknown; field: string }[] = [
  { name: 'no transaction id', item: without('transactionId'), field: 'transactionId' },
  { name: 'a transaction id with spaces', item: { ...good, transactionId: 'a b' }, field: 'transactionId' },
  { name: 'a date without a time', item: { ...good, occurredAt: '2026-12-04' }, field: 'occurredAt' },
  { name: 'a time without its offset', item: { ...good, occurredAt: '2026-12-04T09:30:00' }, field: 'occurredAt' },
  { name: 'a day that does not exist', item: { ...good, occurredAt: '2026-02-30T09:30:00+08:00' }, field: 'occurredAt' },
  { name: 'an unknown kind', item: { ...good, kind: 'refund' }, field: 'kind' },
  { name: 'an unknown status', item: { ...good, status: 'pending' }, field: 'status' },
  { name: 'a reason on a success', item: { ...good, reason: '超时' }, field: 'reason' },
  { name: 'a recharge without its amount', item: without('amountFen'), field: 'amountFen' },
  { name: 'a query with an amount', item: { ...good, kind: 'query' }, field: 'amountFen' },
  { name: 'an amount in yuan', item: { ...good, amountFen: 12.5 }, field: 'amountFen' },
  { name: 'a negative amount', item: { ...good, amountFen: -1 }, field: 'amountFen' },
  { name: 'an amount as text', item: { ...good, amountFen: '3000' }, field: 'amountFen' },
  { name: 'a phone that is no number', item: { ...good, phone: '12345' }, field: 'phone' },
  { name: 'a nested attribute', item: { ...good, attributes: { card: { serial: 'A1' } } }, field: 'attributes.card' },
  { name: 'attributes that are a list', item: { ...good, attributes: ['a'] }, field: 'attributes' },
  { name: '21 attributes', item: { ...good, attributes: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, i])) }, field: 'attributes' },
  { name: 'a field the intake does not take', item: { ...good, customerId: 'x' }, field: 'customerId' },
  { name: 'an item that is no object', item: 'ok-1', field: '' },
];

describe('bad input to the channel intake', () => {
  for (const row of badItems) {
    it(`refuses ${row.name}, naming ${row.field || 'the item'}, and stores nothing of it`, async () => {
      const before = await writtenState(t.database.db);
      for (const language of ['en', 'zh-CN']) {
        const res = await channel({ method: 'POST', url: '/api/v1/channels/intake', headers: { 'accept-language': language }, payload: { transactions: [row.item] } });
        expect(res.statusCode, res.body).toBe(200);
        const [result] = res.json().results;
        expect(result).toMatchObject({ index: 0, outcome: 'refused', field: row.field ? `transactions.0.${row.field}` : 'transactions.0' });
        expect(result.reason).toBeTruthy();
        expect(/[\u4e00-\u9fff]/.test(result.reason), result.reason).toBe(language !== 'en');
      }
      expect(await writtenState(t.database.db)).toEqual(before);
    });
  }

  it('stores the good items of a batch beside a bad one', async () => {
    const res = await channel({ method: 'POST', url: '/api/v1/channels/intake', payload: { transactions: [{ ...good, transactionId: 'beside-1' }, { ...good, kind: 'refund' }] } });
    expect(res.json()).toMatchObject({ stored: 1, refused: 1, results: [{ outcome: 'stored' }, { outcome: 'refused', field: 'transactions.1.kind' }] });
  });

  // The batch as a whole: a 400 problem, and nothing at all is stored.
  const intake = (request: Omit<Refusal['request'], 'method' | 'url'>) => ({ method: 'POST' as const, url: '/api/v1/channels/intake', ...request });
  const badBatches: Refusal[] = [
    { name: 'malformed JSON', request: intake(rawJson('{"transactions": [')), status: 400, field: 'body' },
    { name: 'an empty batch', request: intake({ payload: { transactions: [] } }), status: 400, field: 'transactions' },
    { name: 'a batch of 501', request: intake({ payload: { transactions: Array.from({ length: 501 }, (_, i) => ({ ...good, transactionId: `b-${i}` })) } }), status: 400, field: 'transactions' },
    { name: 'transactions that are no list', request: intake({ payload: { transactions: good } }), status: 400, field: 'transactions' },
    { name: 'a bare list', request: intake(rawJson(JSON.stringify([good]))), status: 400, field: 'body' },
    { name: 'no transactions', request: intake({ payload: {} }), status: 400, field: 'transactions' },
    { name: 'a body over 4 MB', request: intake({ payload: { transactions: [{ ...good, attributes: { note: 'x'.repeat(4 * 1024 * 1024) } }] } }), status: 413, field: 'body' },
    { name: 'a field beside the transactions', request: intake({ payload: { transactions: [good], channel: 'other' } }), status: 400, field: 'channel' },
  ];
  for (const row of badBatches) {
    it(`refuses ${row.name} whole with a 400 and stores nothing`, async () => {
      await expectRefused(t, channel, row);
    });
  }
});
