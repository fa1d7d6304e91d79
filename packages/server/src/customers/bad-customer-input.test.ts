import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { customersHereAndElsewhere, expectRefused, nestedJson, rawJson, withIds, type Refusal } from '../test/refusals.ts';

let t: TestApp;
let am: Client;
let ids: { mine: string; elsewhere: string };

beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  am = await t.as('cs.am1');
  ids = await customersHereAndElsewhere(t, am);
});
afterAll(() => t.close());

const nul = '\u0000';
/** Bodies any route that takes a JSON object refuses, whatever its fields. */
const badBodies: [string, ReturnType<typeof rawJson>, number, string][] = [
  ['JSON nested 100,000 deep in a field', rawJson(nestedJson('attributes', 100_000)), 400, 'body'],
  ['JSON nested 100,000 deep at the top', rawJson('['.repeat(100_000) + ']'.repeat(100_000)), 400, 'body'],
  ['JSON nested 65 deep', rawJson(nestedJson('tags', 65)), 400, 'body'],
  ['a JSON string for a body', rawJson('"欧阳娜娜"'), 400, 'body'],
  ['a JSON array for a body', rawJson('[{"name":"x"}]'), 400, 'body'],
  ['JSON null for a body', rawJson('null'), 400, 'body'],
  ['a JSON number for a body', rawJson('42'), 400, 'body'],
  ['broken JSON', rawJson('{"name": "x"'), 400, 'body'],
  ['an empty JSON body', rawJson(''), 400, 'body'],
  ['a prototype-poisoning body', rawJson('{"name":"x","__proto__":{"tier":"key"}}'), 400, 'body'],
  ['plain text for a body', rawJson('name=欧阳娜娜', 'text/plain'), 400, 'body'],
  ['a form-encoded body', rawJson('name=x', 'application/x-www-form-urlencoded'), 415, 'content-type'],
  ['an XML body', rawJson('<customer><name>x</name></customer>', 'application/xml'), 415, 'content-type'],
  ['a body over 1 MB', rawJson(JSON.stringify({ name: 'x', note: 'x'.repeat(1_100_000) })), 413, 'body'],
];

const createRows: Refusal[] = [
  ...[['name', { name: `欧阳${nul}娜娜` }], ['note', { note: `备注${nul}` }], ['industry', { industry: nul }], ['address', { address: `长沙${nul}` }]]
    .map(([field, body]) => ({ name: `a NUL in ${field}`, body: { name: '客户', ...(body as object) }, status: 400, field: field as string })),
  { name: 'a NUL in a tag', body: { name: '客户', tags: ['政企', `重${nul}点`] }, status: 400, field: 'tags.1' },
  { name: 'a NUL in an attribute value', body: { name: '客户', attributes: { 合同号: `HT${nul}1` } }, status: 400, field: 'attributes.合同号' },
  { name: 'a NUL in an attribute name', body: { name: '客户', attributes: { [`合同${nul}号`]: 'HT1' } }, status: 400, field: 'attributes' },
  { name: 'a NUL in an identity', body: { name: '客户', identities: [{ kind: 'member_id', value: `M${nul}1` }] }, status: 400, field: 'identities.0.value' },
  { name: 'a lone high surrogate in the name', body: { name: '欧阳\ud800' }, status: 400, field: 'name' },
  { name: 'a lone low surrogate in the note', body: { name: '客户', note: '\udc00备注' }, status: 400, field: 'note' },
  { name: 'an impossible birth date (2024-02-30)', body: { name: '客户', birthDate: '2024-02-30' }, status: 400, field: 'birthDate' },
  { name: 'year 0000 as birth date', body: { name: '客户', birthDate: '0000-01-01' }, status: 400, field: 'birthDate' },
  { name: 'month 13', body: { name: '客户', birthDate: '2024-13-01' }, status: 400, field: 'birthDate' },
  { name: '29 February of a common year as customer-since', body: { name: '客户', customerSince: '2023-02-29' }, status: 400, field: 'customerSince' },
  { name: 'a day-first date', body: { name: '客户', customerSince: '31/12/1990' }, status: 400, field: 'customerSince' },
  { name: 'a date as a number', body: { name: '客户', birthDate: 19900101 }, status: 400, field: 'birthDate' },
  { name: 'no name', body: { tier: 'key' }, status: 400, field: 'name' },
  { name: 'a blank name', body: { name: '   ' }, status: 400, field: 'name' },
  { name: 'a name of 201 characters', body: { name: '张'.repeat(201) }, status: 400, field: 'name' },
  { name: 'an unknown kind', body: { name: '客户', kind: 'robot' }, status: 400, field: 'kind' },
  { name: 'an unknown tier', body: { name: '客户', tier: 'gold' }, status: 400, field: 'tier' },
  { name: '21 tags', body: { name: '客户', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, status: 400, field: 'tags' },
  { name: 'an attribute holding an object', body: { name: '客户', attributes: { a: { b: 1 } } }, status: 400, field: 'attributes.a' },
  { name: 'an unknown identity kind', body: { name: '客户', identities: [{ kind: 'fax', value: '1' }] }, status: 400, field: 'identities.0.kind' },
  { name: 'a phone that is no phone', body: { name: '客户', identities: [{ kind: 'phone', value: '12345' }] }, status: 400, field: 'identities.0.value' },
  { name: 'a unit id that is no id', body: { name: '客户', unitId: 'changsha' }, status: 400, field: 'unitId' },
  { name: 'a unit out of sight', body: { name: '客户', unitId: '00000000-0000-4000-8000-000000000000' }, status: 400, field: 'unitId' },
  { name: 'an owner who does not exist', body: { name: '客户', ownerId: '00000000-0000-4000-8000-000000000000' }, status: 400, field: 'ownerId' },
].map((row): Refusal => ({ name: row.name, request: { method: 'POST', url: '/api/v1/customers', payload: row.body }, status: row.status, field: row.field }))
  .concat(badBodies.map(([name, body, status, field]): Refusal => ({ name, request: { method: 'POST', url: '/api/v1/customers', ...body }, status, field })));

const patchRows: Refusal[] = [
  ...[['name', `欧阳${nul}`], ['note', nul], ['industry', `软件${nul}`], ['address', `${nul}长沙`]]
    .map(([field, value]) => ({ name: `a NUL in ${field}`, body: { [field]: value }, status: 400, field })),
  { name: 'a NUL in a tag', body: { tags: [nul] }, status: 400, field: 'tags.0' },
  { name: 'a NUL in an attribute name', body: { attributes: { [nul]: 1 } }, status: 400, field: 'attributes' },
  { name: 'a lone surrogate in the name', body: { name: 'x\udbff' }, status: 400, field: 'name' },
  { name: 'an impossible birth date', body: { birthDate: '2024-02-30' }, status: 400, field: 'birthDate' },
  { name: 'year 0000 as customer-since', body: { customerSince: '0000-01-01' }, status: 400, field: 'customerSince' },
  { name: 'month 13', body: { birthDate: '2024-13-01' }, status: 400, field: 'birthDate' },
  { name: 'a word for a date', body: { birthDate: 'tomorrow' }, status: 400, field: 'birthDate' },
  { name: 'a blank name', body: { name: ' ' }, status: 400, field: 'name' },
  { name: 'a null name', body: { name: null }, status: 400, field: 'name' },
  { name: 'a null tier', body: { tier: null }, status: 400, field: 'tier' },
  { name: 'an unknown tier', body: { tier: 'gold' }, status: 400, field: 'tier' },
  { name: 'an unknown kind', body: { kind: 'robot' }, status: 400, field: 'kind' },
  ...['unitId', 'ownerId', 'identities', 'status', 'number', 'mergedIntoId', 'createdAt']
    .map((field) => ({ name: `${field}, which PATCH does not change`, body: { note: '不应保存', [field]: field === 'identities' ? [] : '00000000-0000-4000-8000-000000000000' }, status: 400, field })),
].map((row): Refusal => ({ name: row.name, request: { method: 'PATCH', url: '/api/v1/customers/{mine}', payload: row.body }, status: row.status, field: row.field }))
  .concat(badBodies.map(([name, body, status, field]): Refusal => ({ name, request: { method: 'PATCH', url: '/api/v1/customers/{mine}', ...body }, status, field })))
  .concat(<Refusal[]>[
    { name: 'an id that is no id', request: { method: 'PATCH', url: '/api/v1/customers/C10000001', payload: { note: 'x' } }, status: 400, field: 'customerId' },
    { name: 'a NUL in the id', request: { method: 'PATCH', url: '/api/v1/customers/{mine}%00', payload: { note: 'x' } }, status: 400, field: 'customerId' },
    { name: 'an id no customer has', request: { method: 'PATCH', url: '/api/v1/customers/00000000-0000-4000-8000-000000000000', payload: { note: 'x' } }, status: 404, field: undefined },
    { name: 'another unit\'s customer', request: { method: 'PATCH', url: '/api/v1/customers/{elsewhere}', payload: { note: 'x' } }, status: 404, field: undefined },
  ]);

describe('creating a customer from bad input', () => {
  it('has at least 30 kinds of bad input', () => expect(createRows.length).toBeGreaterThanOrEqual(30));
  it.each(createRows)('refuses $name ($status, field $field) and writes nothing', (row) => expectRefused(t, am, row));
});

describe('changing a customer with bad input', () => {
  it('has at least 30 kinds of bad input', () => expect(patchRows.length).toBeGreaterThanOrEqual(30));
  it.each(patchRows)('refuses $name ($status, field $field) and changes nothing', (row) => expectRefused(t, am, withIds(row, ids)));
});
