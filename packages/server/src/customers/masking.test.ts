import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { sql } from 'drizzle-orm';
import { rows } from '../platform/db/index.ts';
import { auditOf, storedServices, writtenState } from '../test/written.ts';
import { creditCodeCheck, idNumberCheck } from './identity-values.ts';
import { maskIdentityValue, maskPhone, maskServiceNumber } from './masking.ts';

let t: TestApp;
let am: Client;
let marketing: Client;
let customer: { id: string };
const mobile = '13812345678';
const fixedLine = '0731-8441 2345';
const idNumber = `43010219900307123${idNumberCheck('43010219900307123')}`;
const creditCode = `91430100MA4L${'12345'}`;
const fullCreditCode = creditCode + creditCodeCheck(creditCode);
const contactPhone = '13907319876';
const serviceMobile = '18907310042';
const broadbandAccount = 'CS-BB-73100042';
// Every form a full value could take in an answer: E.164, national digits, the ID as stored.
const fullValues = ['+8613812345678', mobile, '84412345', idNumber, fullCreditCode, '+8613907319876', contactPhone, `+86${serviceMobile}`, serviceMobile, broadbandAccount];
let services: { id: string; serviceNumber: string; isMasked: boolean; category: string }[];
// A demo customer of the account manager's team with services and bills, and its stored numbers.
let billed: { id: string };
let billedValues: string[];

beforeAll(async () => {
  t = await startTestApp({ customers: 30 });
  am = await t.as('cs.am1');
  marketing = await t.as('hn.marketing');
  const res = await am({ method: 'POST', url: '/api/v1/customers', payload: {
    name: '隐私测试企业', kind: 'enterprise',
    identities: [{ kind: 'phone', value: mobile }, { kind: 'phone', value: fixedLine }, { kind: 'id_number', value: idNumber }, { kind: 'credit_code', value: fullCreditCode }],
  } });
  expect(res.statusCode, res.body).toBe(201);
  customer = res.json();
  expect((await am({ method: 'POST', url: `/api/v1/customers/${customer.id}/contacts`, payload: { name: '王经理', phone: contactPhone } })).statusCode).toBe(201);
  const products = (await am({ method: 'GET', url: '/api/v1/products' })).json().items as { id: string; category: string }[];
  for (const [category, serviceNumber] of [['mobile', serviceMobile], ['broadband', broadbandAccount]]) {
    const productId = products.find((p) => p.category === category)!.id;
    const opened = await am({ method: 'POST', url: `/api/v1/customers/${customer.id}/subscriptions`, payload: { productId, serviceNumber, startDate: '2026-01-01' } });
    expect(opened.statusCode, opened.body).toBe(201);
  }
  services = (await am({ method: 'GET', url: `/api/v1/customers/${customer.id}/subscriptions` })).json().items;
  const visible = (await am({ method: 'GET', url: '/api/v1/customers?limit=100' })).json().items.map((c: { id: string }) => c.id) as string[];
  const withBoth = await rows<{ id: string }>(t.database.db, sql`select c.id from customers c
    where exists (select 1 from bills b where b.customer_id = c.id) and exists (select 1 from subscriptions s where s.customer_id = c.id)`);
  billed = withBoth.find((c) => visible.includes(c.id))!;
  expect(billed, 'the demo data has a customer of this team with services and bills').toBeDefined();
  const stored = await rows<{ value: string }>(t.database.db, sql`select service_number as value from subscriptions where customer_id = ${billed.id}
    union select value from identities where customer_id = ${billed.id} and kind in ('phone', 'id_number', 'credit_code')`);
  billedValues = stored.flatMap((r) => (r.value.startsWith('+86') ? [r.value, r.value.slice(3)] : [r.value]));
});
afterAll(() => t.close());

const storedProductOf = async (subscriptionId: string) =>
  (await rows<{ id: string }>(t.database.db, sql`select product_id as id from subscriptions where id = ${subscriptionId}`))[0].id;

const identitiesOf = async (client: Client) =>
  (await client({ method: 'GET', url: `/api/v1/customers/${customer.id}/identities` })).json().items as { id: string; kind: string; value: string; isMasked: boolean }[];

describe('personal data is masked (PIPL)', () => {
  it('shows phones, ID numbers and credit codes masked on the identities, contacts and 360° answers', async () => {
    const identities = await identitiesOf(am);
    expect(identities.map((i) => i.value).sort()).toEqual(['0731****2345', '138****5678', `4301**********${idNumber.slice(-4)}`, `9143**********${fullCreditCode.slice(-4)}`].sort());
    expect(identities.every((i) => i.isMasked)).toBe(true);
    const contacts = (await am({ method: 'GET', url: `/api/v1/customers/${customer.id}/contacts` })).json().items;
    expect(contacts[0]).toMatchObject({ phone: '139****9876', isMasked: true });
    const view = (await am({ method: 'GET', url: `/api/v1/customers/${customer.id}/360` })).json();
    expect(view.identities.map((i: { value: string }) => i.value)).toContain('138****5678');
    expect(view.contacts[0].phone).toBe('139****9876');
  });

  it('answers every GET route of the API without a full phone or ID number, to a role that may reveal and one that may not', async () => {
    const spec = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const gets = Object.entries(spec.paths).filter(([path, methods]) => 'get' in methods && path.startsWith('/api/v1') && !path.endsWith('export.csv')).map(([path]) => path);
    expect(gets.length).toBeGreaterThan(15);
    for (const client of [am, marketing]) {
      for (const path of gets) {
        for (const [id, values] of [[customer.id, fullValues], [billed.id, billedValues]] as const) {
          const url = path.replace('{id}', id).replace(/\{[a-zA-Z]+\}/g, '00000000-0000-4000-8000-000000000001');
          const body = (await client({ method: 'GET', url })).body;
          for (const value of values) expect(body.includes(value), `${path} shows ${value}`).toBe(false);
        }
      }
      for (const q of [mobile, '+86 138 1234 5678', idNumber, '隐私测试']) {
        const res = await client({ method: 'GET', url: `/api/v1/customers?q=${encodeURIComponent(q)}` });
        expect(res.json().items.map((c: { id: string }) => c.id), `search ${q} still finds the customer`).toContain(customer.id);
        for (const value of fullValues) expect(res.body.includes(value), `search ${q} shows ${value}`).toBe(false);
      }
    }
  });

  it('shows service numbers masked on the services and 360° answers, a mobile as a phone and an account by its ends', async () => {
    expect(services.map((s) => s.serviceNumber).sort()).toEqual(['189****0042', 'CS-B******0042']);
    expect(services.every((s) => s.isMasked)).toBe(true);
    const view = (await am({ method: 'GET', url: `/api/v1/customers/${customer.id}/360` })).json();
    expect(view.subscriptions.map((s: { serviceNumber: string }) => s.serviceNumber).sort()).toEqual(['189****0042', 'CS-B******0042']);
    // Stored, searched and matched on the full value.
    expect(await storedServices(t.database.db, customer.id)).toEqual([`+86${serviceMobile} 2026-01-01`, `${broadbandAccount} 2026-01-01`].sort());
    const opened = await am({ method: 'POST', url: `/api/v1/customers/${customer.id}/subscriptions`, payload: { productId: (await storedProductOf(services.find((s) => s.category === 'mobile')!.id)), serviceNumber: '18907310043', startDate: '2026-02-01' } });
    expect(opened.json()).toMatchObject({ serviceNumber: '189****0043', isMasked: true });
  });

  it('keeps the full number when a service is changed: the masked number cannot be written back', async () => {
    const service = services.find((s) => s.category === 'broadband')!;
    const url = `/api/v1/customers/${customer.id}/subscriptions/${service.id}`;
    const state = await writtenState(t.database.db);
    const roundTrip = await am({ method: 'PATCH', url, payload: { status: 'suspended', serviceNumber: service.serviceNumber } });
    expect(roundTrip.statusCode, roundTrip.body).toBe(400);
    expect(roundTrip.json().field).toBe('serviceNumber');
    expect(await writtenState(t.database.db)).toEqual(state);
    const changed = await am({ method: 'PATCH', url, payload: { status: 'suspended' } });
    expect(changed.json()).toMatchObject({ status: 'suspended', serviceNumber: 'CS-B******0042' });
    expect(await storedServices(t.database.db, customer.id)).toContain(`${broadbandAccount} 2026-01-01`);
    await am({ method: 'PATCH', url, payload: { status: 'active' } });
  });

  it('reveals a service number in full to an allowed role, audited with the number masked', async () => {
    const mobileService = services.find((s) => s.category === 'mobile')!;
    const res = await am({ method: 'POST', url: `/api/v1/customers/${customer.id}/subscriptions/${mobileService.id}/reveal` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ value: `+86${serviceMobile}` });
    const reveal = (await auditOf(t.database.db, 'customer', customer.id)).filter((a) => a.action === 'subscription.revealed').at(-1)!;
    expect(reveal.after).toEqual({ subscriptionId: mobileService.id, value: '189****0042' });
    const broadband = services.find((s) => s.category === 'broadband')!;
    expect((await am({ method: 'POST', url: `/api/v1/customers/${customer.id}/subscriptions/${broadband.id}/reveal` })).json()).toEqual({ value: broadbandAccount });
  });

  it.each([['sales', 'cs.sales'], ['marketing', 'hn.marketing'], ['analyst', 'hn.analyst']])('refuses a service number reveal to %s (403) and writes nothing', async (_role, username) => {
    const client = await t.as(username);
    const before = await writtenState(t.database.db);
    const res = await client({ method: 'POST', url: `/api/v1/customers/${customer.id}/subscriptions/${services[0].id}/reveal` });
    expect(res.statusCode, res.body).toBe(403);
    for (const value of fullValues) expect(res.body.includes(value)).toBe(false);
    expect(await writtenState(t.database.db)).toEqual(before);
  });

  it('answers 404 to a reveal of another customer\'s service through this one, and writes nothing', async () => {
    const [other] = await rows<{ id: string }>(t.database.db, sql`select id from subscriptions where customer_id = ${billed.id} limit 1`);
    const before = await writtenState(t.database.db);
    const res = await am({ method: 'POST', url: `/api/v1/customers/${customer.id}/subscriptions/${other.id}/reveal` });
    expect(res.statusCode, res.body).toBe(404);
    expect(await writtenState(t.database.db)).toEqual(before);
  });

  it('masks what a create answers too: the new identity and the new contact come back masked', async () => {
    const identity = (await am({ method: 'POST', url: `/api/v1/customers/${customer.id}/identities`, payload: { kind: 'phone', value: '13607310001' } })).json();
    expect(identity).toMatchObject({ value: '136****0001', isMasked: true });
    const contact = (await am({ method: 'POST', url: `/api/v1/customers/${customer.id}/contacts`, payload: { name: '李助理', phone: '13607310002' } })).json();
    expect(contact).toMatchObject({ phone: '136****0002', isMasked: true });
  });

  it('reveals one value in full to an allowed role, and the audit trail says who saw which one', async () => {
    const phone = (await identitiesOf(am)).find((i) => i.value === '138****5678')!;
    const res = await am({ method: 'POST', url: `/api/v1/customers/${customer.id}/identities/${phone.id}/reveal` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ value: '+8613812345678' });
    const trail = await auditOf(t.database.db, 'customer', customer.id);
    const reveal = trail.filter((a) => a.action === 'identity.revealed').at(-1)!;
    expect(reveal.after).toMatchObject({ identityId: phone.id, kind: 'phone', value: '138****5678' });
    const contact = (await am({ method: 'GET', url: `/api/v1/customers/${customer.id}/contacts` })).json().items[0];
    const shown = await am({ method: 'POST', url: `/api/v1/customers/${customer.id}/contacts/${contact.id}/reveal` });
    expect(contact.name).toBe('王经理');
    expect(shown.json()).toEqual({ value: '+8613907319876' });
    expect((await auditOf(t.database.db, 'customer', customer.id)).some((a) => a.action === 'contact.revealed')).toBe(true);
  });

  it.each([['sales', 'cs.sales'], ['marketing', 'hn.marketing'], ['analyst', 'hn.analyst']])('refuses a reveal to %s (403) and writes nothing', async (_role, username) => {
    const client = await t.as(username);
    const phone = (await identitiesOf(client)).find((i) => i.kind === 'phone')!;
    const before = (await auditOf(t.database.db, 'customer', customer.id)).length;
    const res = await client({ method: 'POST', url: `/api/v1/customers/${customer.id}/identities/${phone.id}/reveal` });
    expect(res.statusCode, res.body).toBe(403);
    expect(res.body).not.toContain('5678"');
    expect((await auditOf(t.database.db, 'customer', customer.id)).length).toBe(before);
  });

  it('answers 404 to a reveal of an identity of another customer through this one', async () => {
    const other = (await am({ method: 'POST', url: '/api/v1/customers', payload: { name: '别的客户', identities: [{ kind: 'phone', value: '13607310099' }] } })).json();
    const otherPhone = (await am({ method: 'GET', url: `/api/v1/customers/${other.id}/identities` })).json().items[0];
    expect((await am({ method: 'POST', url: `/api/v1/customers/${customer.id}/identities/${otherPhone.id}/reveal` })).statusCode).toBe(404);
  });

  it('exports full phones to a role allowed to see them and masked ones to others, and audits each export', async () => {
    const full = (await am({ method: 'GET', url: `/api/v1/customers/export.csv?q=${encodeURIComponent('隐私测试')}` })).body;
    expect(full).toContain('+8613812345678');
    const masked = (await marketing({ method: 'GET', url: `/api/v1/customers/export.csv?q=${encodeURIComponent('隐私测试')}` })).body;
    expect(masked).toContain('138****5678');
    expect(masked).not.toContain('13812345678');
    const exports = await auditOf(t.database.db, 'customer_export', 'customers');
    expect(exports.map((e) => e.after?.hasFullValues)).toEqual([true, false]);
  });
});

describe('the masked shape', () => {
  it.each([
    ['phone', '+8613812345678', '138****5678'],
    ['phone', '+867318441234', '0731***1234'],
    ['phone', '+8673184412345;ext=806', '0731****2345-806'],
    ['phone', '+447911123456', '+447*****3456'],
    ['id_number', '43010219900307123X', '4301**********123X'],
    ['id_number', '430102900307123', '4301*******7123'],
    ['credit_code', '91430100MA4L123456', '9143**********3456'],
    ['email', 'a@b.cn', 'a@b.cn'],
  ] as const)('masks %s %s as %s', (kind, value, masked) => {
    expect(maskIdentityValue(kind, value)).toBe(masked);
  });

  it.each([
    ['+8618907310042', '189****0042'],
    ['+867318441234', '0731***1234'],
    ['CS-BB-0001', 'CS-B**0001'],
    ['073112345678', '0731****5678'],
    ['AB', '*B'],
  ])('masks the service number %s as %s', (value, masked) => {
    expect(maskServiceNumber(value)).toBe(masked);
  });

  it('keeps the length and at most the first 4 and last 4 characters, and always hides something', () => {
    fc.assert(fc.property(fc.string({ minLength: 2, maxLength: 40 }).filter((s) => !s.includes('*')), (value) => {
      const masked = maskIdentityValue('id_number', value);
      expect([...masked].length).toBe([...value].length);
      expect(masked).not.toBe(value);
      expect(masked).toMatch(/\*/);
    }));
    fc.assert(fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), (national) => {
      expect(maskPhone(`+86${national}`)).toBe(`${national.slice(0, 3)}****${national.slice(-4)}`);
    }));
  });
});
