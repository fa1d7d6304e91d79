import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../platform/db/index.ts';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { storedIdentities } from '../test/written.ts';

let t: TestApp;
let am: Client; // Changsha account manager (public customers team)
let zzAm: Client; // Zhuzhou account manager

beforeAll(async () => {
  t = await startTestApp({ customers: 60 });
  am = await t.as('cs.am1');
  zzAm = await t.as('zz.am1');
});
afterAll(() => t.close());

const newCustomer = (over: Record<string, unknown> = {}) => ({
  name: '欧阳娜娜', identities: [{ kind: 'phone', value: '+86 139-0731-2468' }, { kind: 'email', value: 'Nana@Example.CN' }], ...over,
});

describe('customers', () => {
  it('creates a customer in the caller\'s unit, owned by the account manager, with canonical identities', async () => {
    const res = await am({ method: 'POST', url: '/api/v1/customers', payload: newCustomer() });
    expect(res.statusCode).toBe(201);
    const customer = res.json();
    expect(customer.number).toMatch(/^C\d{8}$/);
    expect(customer).toMatchObject({ unitName: '长沙公众客户部', unitNameEn: 'Changsha public customers' });
    expect(customer.ownerName).toBe('长沙客户经理一');
    expect(await storedIdentities(t.database.db, customer.id)).toEqual(['email:nana@example.cn', 'phone:+8613907312468']);
  });

  it('refuses a phone number that another customer already has, naming the field', async () => {
    const res = await am({ method: 'POST', url: '/api/v1/customers', payload: newCustomer({ name: '另一个人', identities: [{ kind: 'phone', value: '13907312468' }] }) });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().field).toBe('identities');
    expect(res.json().duplicateOf).toBeDefined();
  });

  it('names the field of the request on a bad or taken identity, and stores contact phones in E.164', async () => {
    const company = (await am({ method: 'POST', url: '/api/v1/customers', payload: { name: '长沙星城物流有限公司', kind: 'enterprise' } })).json();
    const bad = await am({ method: 'POST', url: `/api/v1/customers/${company.id}/identities`, payload: { kind: 'phone', value: '12345' } });
    expect(bad.json().field).toBe('value');
    const taken = await am({ method: 'POST', url: `/api/v1/customers/${company.id}/identities`, payload: { kind: 'phone', value: '139-0731-2468' } });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().field).toBe('value');
    const contact = await am({ method: 'POST', url: `/api/v1/customers/${company.id}/contacts`, payload: { name: '刘总', phone: '139 0731 7777', isDecisionMaker: true } });
    expect(contact.json().phone).toBe('139****7777');
    const [stored] = await rows<{ phone: string }>(t.database.db, sql`select phone from contacts where id = ${contact.json().id}`);
    expect(stored.phone).toBe('+8613907317777');
    const wrongPhone = await am({ method: 'POST', url: `/api/v1/customers/${company.id}/contacts`, payload: { name: '王工', phone: '12-34' } });
    expect(wrongPhone.json().field).toBe('phone');
  });

  it('answers bad input with problem+json naming the field, and stores nothing', async () => {
    const before = (await am({ method: 'GET', url: '/api/v1/customers?q=坏数据' })).json().items.length;
    const res = await am({ method: 'POST', url: '/api/v1/customers', payload: { name: '坏数据', birthDate: '31/12/1990' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe('birthDate');
    const phone = await am({ method: 'POST', url: '/api/v1/customers', payload: { name: '坏数据', identities: [{ kind: 'phone', value: '12345' }] } });
    expect(phone.statusCode).toBe(400);
    expect(phone.json().field).toBe('identities.0.value');
    expect((await am({ method: 'GET', url: '/api/v1/customers?q=坏数据' })).json().items.length).toBe(before);
  });

  it('explains bad input in Chinese when the request asks for it, field by field', async () => {
    const zh = { 'accept-language': 'zh-CN' };
    const res = await am({ method: 'POST', url: '/api/v1/customers', headers: zh, payload: { name: ' ', birthDate: '31/12/1990', tier: 'gold' } });
    expect(res.statusCode).toBe(400);
    const byField = Object.fromEntries(res.json().errors.map((e: { field: string; message: string }) => [e.field, e.message]));
    expect(byField).toMatchObject({ name: '请填写名称。', birthDate: '请使用 2024-05-31 格式的日期。' });
    expect(byField.tier).toMatch(/^无效选项/);
    expect(res.json().detail).toContain('name: 请填写名称。');
    const missing = await am({ method: 'POST', url: '/api/v1/customers', headers: zh, payload: { identities: [] } });
    expect(missing.json().errors).toContainEqual({ field: 'name', message: '此项必填。' });
    const phone = await am({ method: 'POST', url: '/api/v1/customers', headers: zh, payload: { name: '坏数据', identities: [{ kind: 'phone', value: '12345' }] } });
    expect(phone.json().detail).toBe('“12345”不是有效的电话号码。');
    const inEnglish = await am({ method: 'POST', url: '/api/v1/customers', payload: { name: ' ' } });
    expect(inEnglish.json().errors).toContainEqual({ field: 'name', message: 'A name is required.' });
  });

  it('finds a customer by phone in any format, by a Chinese name fragment, by e-mail and by number', async () => {
    for (const q of ['13907312468', '+86 139 0731 2468', '0086-139-0731-2468', '８６１３９０７３１２４６８', '2468', '阳娜', '欧阳娜娜', 'NANA@example.cn']) {
      const items = (await am({ method: 'GET', url: `/api/v1/customers?q=${encodeURIComponent(q)}` })).json().items;
      expect(items.map((c: { name: string }) => c.name), q).toContain('欧阳娜娜');
    }
    const [found] = (await am({ method: 'GET', url: `/api/v1/customers?q=${encodeURIComponent('欧阳')}` })).json().items;
    const byNumber = (await am({ method: 'GET', url: `/api/v1/customers?q=${found.number.toLowerCase()}` })).json().items;
    expect(byNumber).toHaveLength(1);
  });

  it('hides another unit\'s customer as not found, for reads and writes alike', async () => {
    const [mine] = (await am({ method: 'GET', url: `/api/v1/customers?q=${encodeURIComponent('欧阳娜娜')}` })).json().items;
    for (const [method, url, payload] of [
      ['GET', `/api/v1/customers/${mine.id}`], ['GET', `/api/v1/customers/${mine.id}/360`],
      ['PATCH', `/api/v1/customers/${mine.id}`, { name: 'x' }], ['POST', `/api/v1/customers/${mine.id}/archive`],
    ] as const) {
      const res = await zzAm({ method, url, payload });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await zzAm({ method: 'GET', url: `/api/v1/customers?q=${encodeURIComponent('欧阳娜娜')}` })).json().items).toHaveLength(0);
    const inChinese = await zzAm({ method: 'GET', url: `/api/v1/customers/${mine.id}`, headers: { 'accept-language': 'zh-CN' } });
    expect(inChinese.json().detail).toBe('客户不存在，或不在您的管辖范围内。');
  });

  it('lists "my customers" with ownerId=me, and explains a malformed date filter', async () => {
    const mine = (await am({ method: 'GET', url: '/api/v1/customers?ownerId=me&limit=200' })).json().items;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((c: { ownerName: string }) => c.ownerName === '长沙客户经理一')).toBe(true);
    const bad = await am({ method: 'GET', url: '/api/v1/customers?createdFrom=yesterday' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('createdFrom');
    expect(bad.json().detail).toContain('2024-05-31');
  });

  it('pages through the list with cursors, never repeating or skipping a customer', async () => {
    const admin = await t.as('admin');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/customers?limit=7${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await admin({ method: 'GET', url })).json();
      seen.push(...page.items.map((c: { id: string }) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    const [{ n }] = await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from customers where status = 'active'`);
    expect(seen.length).toBe(n);
  });

  it('archives and restores instead of deleting, and records both in the audit trail', async () => {
    const [c] = (await am({ method: 'GET', url: `/api/v1/customers?q=${encodeURIComponent('欧阳娜娜')}` })).json().items;
    expect((await am({ method: 'POST', url: `/api/v1/customers/${c.id}/archive` })).json().status).toBe('archived');
    expect((await am({ method: 'GET', url: `/api/v1/customers?q=${encodeURIComponent('欧阳娜娜')}` })).json().items).toHaveLength(0);
    expect((await am({ method: 'GET', url: `/api/v1/customers?status=archived&q=${encodeURIComponent('欧阳娜娜')}` })).json().items).toHaveLength(1);
    expect((await am({ method: 'POST', url: `/api/v1/customers/${c.id}/restore` })).json().status).toBe('active');
    const manager = await t.as('cs.manager');
    const trail = (await manager({ method: 'GET', url: `/api/v1/audit?entity=customer&entityId=${c.id}` })).json().items;
    expect(trail.map((e: { action: string }) => e.action)).toEqual(['customer.restored', 'customer.archived', 'customer.created']);
    expect(trail[1].before).toEqual({ status: 'active' });
    expect(trail[1].after).toEqual({ status: 'archived' });
  });

  it('lets a manager move customers to another account manager; an account manager may not', async () => {
    const [c] = (await am({ method: 'GET', url: `/api/v1/customers?q=${encodeURIComponent('欧阳娜娜')}` })).json().items;
    const users = (await (await t.as('cs.manager'))({ method: 'GET', url: '/api/v1/users?role=account_manager' })).json().items;
    const am2 = users.find((u: { username: string }) => u.username === 'cs.am2');
    expect((await am({ method: 'POST', url: '/api/v1/customers/reassign', payload: { customerIds: [c.id], ownerId: am2.id } })).statusCode).toBe(403);
    const manager = await t.as('cs.manager');
    const res = await manager({ method: 'POST', url: '/api/v1/customers/reassign', payload: { customerIds: [c.id], ownerId: am2.id } });
    expect(res.json()).toEqual({ reassigned: 1 });
    expect((await am({ method: 'GET', url: `/api/v1/customers/${c.id}` })).json().ownerName).toBe('长沙客户经理二');
  });
});
