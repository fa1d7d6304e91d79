import { afterAll, beforeAll, describe, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { expectRefused, type Refusal } from '../test/refusals.ts';

let t: TestApp;
let agent: Client;
let zhuzhouUnit: string;

const good = { callId: 'CC-BAD', number: '13907310001', direction: 'inbound', outcome: 'resolved', startedAt: '2026-12-01T09:30:00+08:00', durationSeconds: 60 };
const none = '00000000-0000-4000-8000-000000000000';
const nul = '\u0000';

beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  agent = await t.as('cs.agent');
  zhuzhouUnit = t.org.networks.find((n) => n.code === 'ZZ')!.id;
});
afterAll(() => t.close());

describe('a call the call centre cannot log', () => {
  const table: (Omit<Refusal, 'request'> & { body: () => Record<string, unknown> })[] = [
    { name: 'no call id', body: () => ({ ...good, callId: undefined }), status: 400, field: 'callId' },
    { name: 'an empty call id', body: () => ({ ...good, callId: '' }), status: 400, field: 'callId' },
    { name: 'a call id with spaces', body: () => ({ ...good, callId: 'CC 1' }), status: 400, field: 'callId' },
    { name: 'a call id over 100 characters', body: () => ({ ...good, callId: 'C'.repeat(101) }), status: 400, field: 'callId' },
    { name: 'no number', body: () => ({ ...good, number: undefined }), status: 400, field: 'number' },
    { name: 'a number of letters', body: () => ({ ...good, number: 'anonymous' }), status: 400, field: 'number' },
    { name: 'a number over 40 characters', body: () => ({ ...good, number: '1'.repeat(41) }), status: 400, field: 'number' },
    { name: 'an unknown direction', body: () => ({ ...good, direction: 'sideways' }), status: 400, field: 'direction' },
    { name: 'an unknown outcome', body: () => ({ ...good, outcome: 'shouted' }), status: 400, field: 'outcome' },
    { name: 'no start time', body: () => ({ ...good, startedAt: undefined }), status: 400, field: 'startedAt' },
    { name: 'a start time that is no time', body: () => ({ ...good, startedAt: '2026-02-30T09:00:00Z' }), status: 400, field: 'startedAt' },
    { name: 'a start time without a zone', body: () => ({ ...good, startedAt: '2026-12-01T09:30:00' }), status: 400, field: 'startedAt' },
    { name: 'a negative duration', body: () => ({ ...good, durationSeconds: -1 }), status: 400, field: 'durationSeconds' },
    { name: 'a duration over a day', body: () => ({ ...good, durationSeconds: 86_401 }), status: 400, field: 'durationSeconds' },
    { name: 'a duration in fractions', body: () => ({ ...good, durationSeconds: 1.5 }), status: 400, field: 'durationSeconds' },
    { name: 'a duration as text', body: () => ({ ...good, durationSeconds: '60' }), status: 400, field: 'durationSeconds' },
    { name: 'an agent id that is not an id', body: () => ({ ...good, agentId: '42' }), status: 400, field: 'agentId' },
    { name: 'an agent who does not exist', body: () => ({ ...good, agentId: none }), status: 400, field: 'agentId' },
    { name: 'a recording name over 500 characters', body: () => ({ ...good, recording: 'r'.repeat(501) }), status: 400, field: 'recording' },
    { name: 'a NUL in the note', body: () => ({ ...good, note: `x${nul}y` }), status: 400, field: 'note' },
    { name: 'a note over 2,000 characters', body: () => ({ ...good, note: '记'.repeat(2001) }), status: 400, field: 'note' },
    { name: 'another local network as the unit', body: () => ({ ...good, unitId: zhuzhouUnit }), status: 400, field: 'unitId' },
    { name: 'a customer chosen by the caller', body: () => ({ ...good, customerId: none }), status: 400, field: 'customerId' },
    { name: 'a ticket chosen by the caller', body: () => ({ ...good, ticketId: none }), status: 400, field: 'ticketId' },
  ];
  for (const row of table) {
    it(`refuses ${row.name} (${row.status}, ${row.field}) and writes nothing`, () =>
      expectRefused(t, agent, { ...row, request: { method: 'POST', url: '/api/v1/hotline/calls', payload: row.body() } }));
  }

  it('refuses a forged cursor (400, cursor) and a ticket for a call that does not exist (404)', async () => {
    await expectRefused(t, agent, { name: 'cursor', request: { method: 'GET', url: '/api/v1/hotline/calls?cursor=bm90LWEta2V5' }, status: 400, field: 'cursor' });
    await expectRefused(t, agent, { name: 'none', request: { method: 'POST', url: `/api/v1/hotline/calls/${none}/ticket`, payload: {} }, status: 404, field: undefined });
  });
});
