import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { expectRefused, withIds, type Refusal } from '../test/refusals.ts';

let t: TestApp;
let am: Client;
let customerId: string;

beforeAll(async () => {
  t = await startTestApp({ customers: 30 });
  am = await t.as('cs.am1');
  customerId = (await am({ method: 'GET', url: '/api/v1/customers?limit=1' })).json().items[0].id;
});
afterAll(() => t.close());

const get = (url: string, status: number, field: string, name = url): Refusal => ({ name, request: { method: 'GET', url }, status, field });
const uuid = '8a6e0804-2bd0-4672-b79d-d97358cd9fa5';
const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Filters, as the list and the export both take them. */
const filterRows: [string, string][] = [
  ['q=%00', 'q'], ['q=%E6%AC%A7%00%E9%98%B3', 'q'], [`q=${'张'.repeat(10_000)}`, 'q'], ['q=%ED%A0%80', 'q'], ['q=%ED%B0%80abc', 'q'],
  ['q=%FF', 'q'], ['q=!!!', 'q'], ['q=%25', 'q'], ['q=%E2%80%8B', 'q'], ['q=...%2C%3B', 'q'], ['q=a&q=b', 'q'],
  ['unitId=changsha', 'unitId'], ['unitId=%00', 'unitId'], [`unitId=${uuid}&unitId=${uuid}`, 'unitId'], ['ownerId=someone', 'ownerId'],
  ['tier=gold', 'tier'], ['kind=robot', 'kind'], ['status=deleted', 'status'], ['tag=%00', 'tag'], [`tag=${'x'.repeat(31)}`, 'tag'],
  ['createdFrom=2024-02-30', 'createdFrom'], ['createdFrom=0000-01-01', 'createdFrom'], ['createdTo=2024-13-01', 'createdTo'],
  ['createdFrom=yesterday', 'createdFrom'], ['createdFrom=1717142400000', 'createdFrom'], ['createdTo=2024-05-31T25:00:00Z', 'createdTo'],
  ['createdFrom=2023-02-29T00:00:00%2B08:00', 'createdFrom'], ['sort=phone', 'sort'], ['sort=%00', 'sort'],
];

const listRows: Refusal[] = [
  ...filterRows.map(([query, field]) => get(`/api/v1/customers?${query}`, 400, field, `list: ${query.slice(0, 40)}`)),
  ...['limit=0', 'limit=201', 'limit=abc', 'limit=-1', 'limit=1.5', 'limit=1e400'].map((query) => get(`/api/v1/customers?${query}`, 400, 'limit', `list: ${query}`)),
  // An export whose query is bad is refused before the first byte, never a 200 that breaks off.
  ...filterRows.map(([query, field]) => get(`/api/v1/customers/export.csv?${query}`, 400, field, `export: ${query.slice(0, 40)}`)),
  get(`/api/v1/customers/{customer}/timeline?from=2024-02-30`, 400, 'from'),
  get(`/api/v1/customers/{customer}/timeline?to=0000-01-01T00:00:00Z`, 400, 'to'),
  get(`/api/v1/customers/{customer}/timeline?kind=gossip`, 400, 'kind'),
  get(`/api/v1/customers/{customer}/timeline?channel=%00`, 400, 'channel'),
  get(`/api/v1/customers/{customer}/timeline?type=${'x'.repeat(41)}`, 400, 'type'),
  get(`/api/v1/customers/{customer}/timeline?limit=101`, 400, 'limit'),
  get('/api/v1/users?unitId=changsha', 400, 'unitId'),
  get('/api/v1/users?role=boss', 400, 'role'),
  get('/api/v1/customers/%00', 400, 'customerId'),
];

const forgedCursors: [string, string][] = [
  ['garbage', 'not base64 JSON'], ['!!!!', 'no base64 at all'], [cursorOf(['not a date', uuid]), 'a word for a date'],
  [cursorOf(['2024-02-30T00:00:00.000Z', uuid]), 'an impossible date'], [cursorOf(['2024-05-31T00:00:00Z', uuid]), 'a date not as the server writes it'],
  [cursorOf(['2024-05-31T00:00:00.000Z', '-'.repeat(36)]), '36 dashes as an id'], [cursorOf(['2024-05-31T00:00:00.000Z', 'z'.repeat(36)]), '36 letters as an id'],
  [cursorOf([1e300, uuid]), 'a huge number for the date'], [cursorOf(['9'.repeat(60), uuid]), 'a long number for the date'],
  [cursorOf(['2024-05-31T00:00:00.000Z', uuid, 'x']), 'three parts'], [cursorOf({ value: '2024', id: uuid }), 'an object'],
  [cursorOf([]), 'an empty array'], [cursorOf('2024-05-31T00:00:00.000Z'), 'a bare string'], [cursorOf(null), 'null'], [cursorOf([null, null]), 'two nulls'],
  [cursorOf(['[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]', uuid]), 'nested brackets'],
  ['x'.repeat(2401), '2,401 characters'], ['%00', 'a NUL'],
];
const nameCursors: [string, string][] = [
  [cursorOf(['张\u0000三', uuid]), 'a name with a NUL'], [cursorOf(['\ud800', uuid]), 'a name with a lone surrogate'], [cursorOf([5, uuid]), 'a number for a name'],
];
const at = '2024-05-31T00:00:00.000Z';
const timelineCursors: [string, string][] = [
  ['garbage', 'no time'], [cursorOf(['2024-02-30T00:00:00.000Z', '5']), 'an impossible date'], [cursorOf(['not-a-date', '5']), 'a word'], [cursorOf([at, 'abc']), 'letters as id'],
  [cursorOf([at, '']), 'no id'], [cursorOf([at, '99999999999999999999']), 'a huge id'], [cursorOf([at, '-1']), 'a negative id'],
  [cursorOf([at, '1', '2']), 'three parts'], [cursorOf(['', '5']), 'no time'], [cursorOf(['1', '5']), 'a number for the time'], [cursorOf(['2024-05-31', '5']), 'a date alone'],
  [cursorOf([at, '1e5']), 'an exponent'], [cursorOf([at, 5]), 'a number, not as the server writes it'], [cursorOf([at, uuid]), 'a customer list\'s key'],
  ['%00', 'a NUL'], ['x'.repeat(2401), '2,401 characters'],
  // The old timeline cursor, time and id joined by _, is no longer one.
  [`${at}_5`, 'the old format'],
];

const cursorRows: Refusal[] = [
  ...forgedCursors.map(([cursor, what]) => get(`/api/v1/customers?cursor=${cursor}`, 400, 'cursor', `customers, newest first: ${what}`)),
  ...forgedCursors.slice(0, 8).map(([cursor, what]) => get(`/api/v1/customers?sort=createdAt&cursor=${cursor}`, 400, 'cursor', `customers, oldest first: ${what}`)),
  ...nameCursors.map(([cursor, what]) => get(`/api/v1/customers?sort=name&cursor=${cursor}`, 400, 'cursor', `customers by name: ${what}`)),
  get(`/api/v1/customers?sort=-createdAt&cursor=${cursorOf(['张三', uuid])}`, 400, 'cursor', 'customers: a name cursor on the date order'),
  ...timelineCursors.map(([cursor, what]) => get(`/api/v1/customers/{customer}/timeline?cursor=${cursor}`, 400, 'cursor', `timeline: ${what}`)),
];

const withCustomer = (row: Refusal) => withIds(row, { customer: customerId });

describe('list and search filters', () => {
  it('has at least 30 kinds of bad filter', () => expect(listRows.length).toBeGreaterThanOrEqual(30));
  it.each(listRows)('refuses $name ($field)', (row) => expectRefused(t, am, withCustomer(row)));
});

describe('page cursors', () => {
  it('has at least 30 kinds of forged cursor', () => expect(cursorRows.length).toBeGreaterThanOrEqual(30));
  it.each(cursorRows)('refuses $name', (row) => expectRefused(t, am, withCustomer(row)));

  it('still takes the cursors the server gives out, in every order', async () => {
    for (const sort of ['-createdAt', 'createdAt', 'name', '-name']) {
      const first = (await am({ method: 'GET', url: `/api/v1/customers?sort=${sort}&limit=5` })).json();
      const next = await am({ method: 'GET', url: `/api/v1/customers?sort=${sort}&limit=5&cursor=${first.nextCursor}` });
      expect(next.statusCode, sort).toBe(200);
      expect(next.json().items.length).toBeGreaterThan(0);
    }
  });
});
