import { sql } from 'drizzle-orm';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../db/index.ts';
import { startTestApp, type Client, type TestApp } from '../../test/harness.ts';
import { writtenState } from '../../test/written.ts';
import { csvText, uploadRequest } from '../../imports/test-uploads.ts';
import { DEMO_PASSWORD } from '../../demo/organisation.ts';
import { registerAccess, type Access } from '../access.ts';
import { may, roles, type Role } from '../policy.ts';

/**
 * Who may reach what, for every route the API documents — no list of routes kept here. Each
 * route is called without credentials (401), as every role its action is not allowed (403), and
 * as a colleague of another unit on real records and sub-records (404), writes changing nothing.
 * Path parameters are filled by name from records seeded in two local networks.
 */
let t: TestApp;
let routes: { method: string; path: string; url: string; access: Access; hasBody: boolean }[];
type Seeds = Record<string, string>;
let changsha: Seeds;
let zhuzhou: Seeds;
const clients = new Map<string, Client>();
let zhuzhouCustomer: Client;
const codes: string[] = [];

/** The customer with this mobile, signed in to the portal by a code (read from the SMS the test's gateway keeps). */
async function portalClient(mobile: string): Promise<Client> {
  expect((await t.app.inject({ method: 'POST', url: '/api/v1/portal/codes', payload: { phone: mobile } })).statusCode).toBe(202);
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/portal/sessions', payload: { method: 'code', phone: mobile, code: codes.at(-1) } });
  expect(res.statusCode, res.body).toBe(204);
  const cookie = String(res.headers['set-cookie']).split(';')[0];
  return (options) => t.app.inject({ ...options, headers: { ...options.headers, cookie } });
}

/** A member of each role whose units include Changsha's records. */
const inChangsha: Record<Role, string> = {
  admin: 'admin', manager: 'hn.manager', account_manager: 'cs.am1', sales: 'cs.sales', marketing: 'hn.marketing', service_agent: 'cs.agent', analyst: 'hn.analyst',
};
/** Zhuzhou's people: the first whose role may take a route's action asks for Changsha's records. */
const inZhuzhou = [['zz.manager', 'manager'], ['zz.admin', 'admin']] as const;

const client = async (username: string) => {
  if (!clients.has(username)) clients.set(username, await t.as(username));
  return clients.get(username)!;
};

async function seedUnit(am: Client, n: number, productId: string): Promise<Seeds> {
  const customer = (await am({ method: 'POST', url: '/api/v1/customers', payload: {
    name: `权限矩阵${n}`, kind: 'enterprise', identities: [{ kind: 'phone', value: `1397410${String(n).padStart(4, '0')}` }],
  } })).json();
  const customerId = customer.id;
  const contact = (await am({ method: 'POST', url: `/api/v1/customers/${customerId}/contacts`, payload: { name: '联系人', phone: `1397420${String(n).padStart(4, '0')}` } })).json();
  const identity = (await am({ method: 'POST', url: `/api/v1/customers/${customerId}/identities`, payload: { kind: 'email', value: `matrix${n}@example.cn` } })).json();
  const subscription = (await am({ method: 'POST', url: `/api/v1/customers/${customerId}/subscriptions`, payload: { productId, serviceNumber: `1397430${String(n).padStart(4, '0')}`, startDate: '2026-01-01' } })).json();
  const attachment = (await am({ method: 'POST', url: `/api/v1/customers/${customerId}/attachments`, ...onePng() })).json();
  await am({ method: 'POST', url: `/api/v1/customers/${customerId}/interactions`, payload: { kind: 'descriptive', channel: 'staff', type: 'visit.note', summary: '拜访', attachmentIds: [attachment.id] } });
  const upload = await uploadRequest('/api/v1/imports', { name: 'm.csv', bytes: Buffer.from(csvText([['姓名', '手机'], [`导入${n}`, `1397440${String(n).padStart(4, '0')}`]])) }, { dryRun: 'true' });
  const checked = (await am(upload)).json();
  const me = (await am({ method: 'GET', url: '/api/v1/me' })).json();
  const token = (await am({ method: 'POST', url: '/api/v1/api-tokens', payload: { name: `matrix ${n}` } })).json();
  const task = (await am({ method: 'POST', url: '/api/v1/tasks', payload: { title: `回访${n}`, dueAt: '2031-01-01T09:00:00Z', customerId } })).json();
  const ticket = (await am({ method: 'POST', url: '/api/v1/tickets', payload: { kind: 'fault', title: `断网${n}`, customerId } })).json();
  const call = (await am({ method: 'POST', url: '/api/v1/hotline/calls', payload: { ...hotlineCallBody, callId: `MATRIX-${n}`, number: `1397410${String(n).padStart(4, '0')}` } })).json();
  // Mail arrives by SMTP, not through the API: one matched to this unit's customer, written as the mailbox writes it.
  const [mail] = await rows<{ id: string }>(t.database.db, sql`insert into mailbox_messages (message_id, from_address, subject, text, unit_id, customer_id)
    select ${`<matrix-${n}@example.cn>`}, ${`matrix${n}@example.cn`}, '投诉', '投诉内容', unit_id, id from customers where id = ${customerId} returning id`);
  const seeds = {
    hotlineCallId: call.id, mailboxMessageId: mail.id, index: '0',
    ticketId: ticket.id, customerId, contactId: contact.id, identityId: identity.id, subscriptionId: subscription.id, attachmentId: attachment.id,
    importId: checked.import?.id, userId: me.user.id, tokenId: token.id, taskId: task.id, list: 'errors',
  };
  for (const [name, value] of Object.entries(seeds)) expect(value, `seeding ${name}`).toMatch(/./);
  return seeds;
}

beforeAll(async () => {
  // A few demo customers bring the product catalogue with them.
  t = await startTestApp({ customers: 2, gateways: {
    email: { send: async () => ({ providerId: 'e' }) },
    sms: { send: async (m) => { codes.push(/\d{6}/.exec(m.body)?.[0] ?? ''); return { providerId: 's' }; } },
  } });
  const admin = await client('admin');
  const productId = (await admin({ method: 'GET', url: '/api/v1/products' })).json().items[0].id;
  const zzUnit = t.org.networks.find((n) => n.code === 'ZZ')!.id;
  const made = await admin({ method: 'POST', url: '/api/v1/users', payload: { username: 'zz.admin', displayName: '株洲管理员', role: 'admin', unitId: zzUnit, password: DEMO_PASSWORD } });
  expect(made.statusCode, made.body).toBe(201);
  // Signing in writes to the trail: everyone signs in before anything is counted.
  for (const username of [...Object.values(inChangsha), ...inZhuzhou.map(([u]) => u)]) await client(username);
  // A province template: both units may use it, so the customer in the address decides the answer.
  const template = await (await client('hn.marketing'))({ method: 'POST', url: '/api/v1/message-templates', payload: templateBody });
  expect(template.statusCode, template.body).toBe(201);
  templateId = template.json().id;
  changsha = await seedUnit(await client('cs.am1'), 1, productId);
  zhuzhou = await seedUnit(await client('zz.am1'), 2, productId);
  zhuzhouCustomer = await portalClient('+8613974100002');
  // A failed job and a dead letter: the organisation's, not a unit's (a unit's administrator sees none).
  const [job] = await rows<{ id: number }>(t.database.db, sql`insert into jobs (queue, state, attempts, last_error, failed_at)
    values ('matrix.probe', 'failed', 5, 'probe', now()) returning id`);
  const [letter] = await rows<{ id: number }>(t.database.db, sql`insert into event_dead_letters (subscriber, event_id, attempts, error)
    values ('matrix.probe', (select max(id) from outbox_events), 5, 'probe') returning id`);
  for (const seeds of [changsha, zhuzhou]) Object.assign(seeds, { jobId: String(job.id), letterId: String(letter.id) });
  // A tracked site in each unit (managers register them).
  for (const [seeds, manager] of [[changsha, 'cs.manager'], [zhuzhou, 'zz.manager']] as const) {
    const site = await (await client(manager))({ method: 'POST', url: '/api/v1/tracking/sites', payload: { name: `站点 ${manager}`, allowedOrigins: ['https://shop.example.cn'] } });
    expect(site.statusCode, site.body).toBe(201);
    seeds.siteId = site.json().id;
    const survey = await (await client(manager))({ method: 'POST', url: '/api/v1/tracking/surveys', payload: { siteId: seeds.siteId, ...surveyBody } });
    expect(survey.statusCode, survey.body).toBe(201);
    Object.assign(seeds, { surveyId: survey.json().id, questionId: 'q1' });
    // 电子渠道 — a channel of each unit (managers register them).
    const channel = await (await client(manager))({ method: 'POST', url: '/api/v1/channels', payload: { name: `渠道 ${manager}`, code: `matrix-${manager.split('.')[0]}`, kind: 'online_hall' } });
    expect(channel.statusCode, channel.body).toBe(201);
    seeds.channelId = channel.json().id;
  }
  // A knowledge article: the whole organisation's, so one serves both units.
  const article = await (await client('cs.agent'))({ method: 'POST', url: '/api/v1/knowledge/articles', payload: articleBody });
  expect(article.statusCode, article.body).toBe(201);
  for (const seeds of [changsha, zhuzhou]) Object.assign(seeds, { articleId: article.json().id, version: '1' });

  const spec = t.app.swagger() as { paths: Record<string, Record<string, { requestBody?: unknown }>> };
  const declared = new Map(t.app.routeAccess.map((r) => [`${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`, r.access]));
  routes = Object.entries(spec.paths).flatMap(([path, operations]) => Object.entries(operations).map(([method, operation]) => {
    const key = `${method.toUpperCase()} ${path}`;
    const access = declared.get(key);
    if (!access) throw new Error(`${key} is documented but declares no access`);
    return { method: method.toUpperCase(), path, url: key, access, hasBody: Boolean(operation.requestBody) };
  }));
});
afterAll(() => t.close());

/** The path with its parameters taken from one unit's records, or from `sub` for those after the customer. */
function fill(path: string, seeds: Seeds, sub: Seeds = seeds) {
  return path.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = (name === 'customerId' ? seeds : sub)[name];
    if (!value) throw new Error(`${path}: no seeded record for the parameter {${name}} — add one to seedUnit in this test.`);
    return value;
  });
}

const hotlineCallBody = { callId: 'MATRIX', number: '13974100001', direction: 'inbound', outcome: 'resolved', startedAt: '2026-12-01T09:30:00+08:00', durationSeconds: 60 };
const surveyBody = { title: '满意度', questions: [{ id: 'q1', kind: 'rating', scale: 'stars', title: '满意吗' }] };
const articleBody = { title: '宽带故障排查', body: '先看光猫指示灯。', category: 'broadband' };
const templateBody = { name: '矩阵模板', channel: 'sms', kind: 'service', texts: { 'zh-CN': { body: '{{customer.name}}您好' }, en: { body: 'Hello {{customer.name}}' } } };
let templateId: string;

/** A valid body, so that the scope and not validation decides the answer on another unit's records. */
function bodyFor(route: (typeof routes)[number]) {
  const bodies: Record<string, object> = {
    'POST /api/v1/tasks': { payload: { title: '回访', dueAt: '2031-01-01T09:00:00Z' } },
    'PATCH /api/v1/tasks/{taskId}': { payload: { title: '改期' } },
    'PATCH /api/v1/tracking/sites/{siteId}': { payload: { name: '改名' } },
    'PATCH /api/v1/channels/{channelId}': { payload: { name: '改名' } },
    'POST /api/v1/tracking/sites/{siteId}/orders': { payload: { orderNumber: 'SO-1', customer: { phone: '13807310001' }, items: [{ productCode: 'A', productName: '甲', quantity: 1, unitPrice: 100 }], total: 100, paymentMethod: 'alipay', isPaid: true, orderedAt: '2026-12-01T10:00:00+08:00' } },
    'POST /api/v1/tracking/sites/{siteId}/registrations': { payload: { person: { phone: '13807310001' } } },
    'POST /api/v1/tracking/surveys': { payload: { siteId: changsha.siteId, ...surveyBody } },
    'PATCH /api/v1/tracking/surveys/{surveyId}': { payload: { title: '改' } },
    'POST /api/v1/tracking/sites/{siteId}/reports/funnel': { payload: { steps: [{ kind: 'page', pattern: '/' }, { kind: 'event', name: 'pay' }] } },
    'POST /api/v1/tickets': { payload: { kind: 'inquiry', title: '咨询', customerId: zhuzhou.customerId } },
    'POST /api/v1/hotline/calls': { payload: { ...hotlineCallBody, callId: `MATRIX-${Math.random().toString(36).slice(2)}` } },
    'POST /api/v1/hotline/calls/{hotlineCallId}/ticket': { payload: {} },
    'POST /api/v1/mailbox/messages/{mailboxMessageId}/ticket': { payload: {} },
    'POST /api/v1/tickets/bulk': { payload: { ids: [zhuzhou.ticketId], action: { kind: 'close' } } },
    'PATCH /api/v1/tickets/{ticketId}': { payload: { title: '改' } },
    'POST /api/v1/tickets/{ticketId}/steps': { payload: { to: 'assigned' } },
    'POST /api/v1/tickets/{ticketId}/messages': { payload: { kind: 'note', body: '备注' } },
    'POST /api/v1/tickets/{ticketId}/merge': { payload: { duplicateId: zhuzhou.ticketId } },
    'POST /api/v1/portal/tickets/{ticketId}/messages': { payload: { body: '插一句' } },
    'POST /api/v1/portal/tickets/{ticketId}/rating': { payload: { score: 1 } },
    'PUT /api/v1/knowledge/articles/{articleId}': { payload: { ...articleBody, baseVersion: 1 } },
    'POST /api/v1/knowledge/articles/{articleId}/versions/{version}/restore': { payload: { baseVersion: 1 } },
    'POST /api/v1/message-templates': { payload: templateBody },
    'POST /api/v1/customers/{customerId}/messages/preview': { payload: { templateId } },
    'POST /api/v1/customers/{customerId}/messages': { payload: { templateId } },
    'PUT /api/v1/customers/{customerId}/consents': { payload: { channel: 'sms', isGranted: true } },
    'PUT /api/v1/customers/{customerId}/service-contract': { payload: { policies: [{ priority: 'urgent', firstResponseMinutes: 5, nextResponseMinutes: 5, resolutionMinutes: 60, clock: 'around_the_clock' }] } },
    'PATCH /api/v1/customers/{customerId}': { payload: { name: '改名' } },
    'POST /api/v1/customers/{customerId}/contacts': { payload: { name: '联系人' } },
    'POST /api/v1/customers/{customerId}/identities': { payload: { kind: 'email', value: 'probe@example.cn' } },
    'POST /api/v1/customers/{customerId}/subscriptions': { payload: { productId: zhuzhou.subscriptionId, serviceNumber: '13974109999', startDate: '2026-01-01' } },
    'PATCH /api/v1/customers/{customerId}/subscriptions/{subscriptionId}': { payload: { status: 'suspended' } },
    'POST /api/v1/customers/{customerId}/payments': { payload: { billId: zhuzhou.subscriptionId, amountFen: 100, method: 'cash' } },
    'POST /api/v1/customers/{customerId}/points': { payload: { points: 10, note: '补偿' } },
    'PUT /api/v1/customers/{customerId}/notice-channel': { payload: { channel: null } },
    'POST /api/v1/customers/{customerId}/interactions': { payload: { kind: 'descriptive', channel: 'staff', type: 'visit.note', summary: '拜访' } },
    'POST /api/v1/customers/{customerId}/attachments': onePng(),
    'POST /api/v1/imports/{importId}/commit': { payload: {} },
    'PATCH /api/v1/users/{userId}': { payload: { displayName: '改名' } },
  };
  const body = bodies[route.url];
  if (route.hasBody && !body) throw new Error(`${route.url} takes a body: add a valid one to bodyFor in this test.`);
  return body ?? {};
}

const isWrite = (method: string) => method !== 'GET';

describe('every route of the API', () => {
  it('declares its access, and the declarations are the ones reviewed (routes.snapshot.txt)', async () => {
    expect(routes.length).toBeGreaterThan(40);
    // One line a route, so a change of who may reach what is one changed line in review. The
    // console's files are left out: they are there only when it has been built.
    const table = t.app.routeAccess.filter((r) => r.url.startsWith('/api'))
      .sort((a, b) => a.url.localeCompare(b.url) || a.method.localeCompare(b.method))
      .map((r) => `${r.method.padEnd(7)}${r.url.padEnd(70)}${declarationOf(r.access)}`);
    await expect(table.join('\n') + '\n').toMatchFileSnapshot('./routes.snapshot.txt');
    // A route the API does not document escapes this test: every /api/v1 route must be in the document.
    const documented = new Set(routes.map((r) => r.url));
    const undocumented = t.app.routeAccess.filter((r) => r.url.startsWith('/api/v1') && !documented.has(`${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`));
    expect(undocumented).toEqual([]);
  });

  it('stops the server at startup when a route under /api/v1 declares no access', async () => {
    const app = Fastify();
    registerAccess(app);
    await expect(async () => {
      await app.register(async (api) => { api.get('/tickets/:ticketId', async () => ({})); }, { prefix: '/api/v1' });
      await app.ready();
    }).rejects.toThrow(/GET \/api\/v1\/tickets\/:ticketId declares no access/);
    await app.close().catch(() => undefined);
  });

  it('answers 401 without credentials, or with a token that is not one, on every route but signing in and out', async () => {
    for (const route of routes.filter((r) => !('public' in r.access))) {
      const url = fill(route.path, changsha);
      for (const headers of [{}, { authorization: 'Bearer xg_not-a-token' }, { cookie: 'xiang_session=forged' }]) {
        const res = await t.app.inject({ method: route.method as 'GET', url, headers });
        expect(res.statusCode, `${route.url} ${JSON.stringify(headers)}: ${res.body}`).toBe(401);
      }
    }
    expect(routes.filter((r) => 'public' in r.access).map((r) => r.url).sort()).toEqual([
      'DELETE /api/v1/portal/sessions/current', 'DELETE /api/v1/sessions/current', 'GET /api/v1/knowledge/public/articles', 'GET /api/v1/knowledge/public/articles/{articleId}',
      'GET /api/v1/surveys/{key}', 'POST /api/v1/channels/intake', 'POST /api/v1/collect', 'POST /api/v1/collect/registrations', 'POST /api/v1/portal/codes', 'POST /api/v1/portal/sessions', 'POST /api/v1/sessions',
      'POST /api/v1/surveys/{key}/responses',
    ]);
  });

  it('answers 403 to every role the policy does not allow the route\'s action, and writes nothing', async () => {
    let refusals = 0;
    for (const route of routes) {
      if (!('action' in route.access)) continue;
      const { action } = route.access;
      for (const role of roles.filter((r) => !may(r, action))) {
        const before = isWrite(route.method) ? await writtenState(t.database.db) : null;
        const res = await (await client(inChangsha[role]))({ method: route.method as 'GET', url: fill(route.path, changsha), ...bodyForRefusal(route) });
        expect(res.statusCode, `${route.url} as ${role}: ${res.body}`).toBe(403);
        if (before) expect(await writtenState(t.database.db), `${route.url} as ${role}`).toEqual(before);
        refusals++;
      }
    }
    expect(refusals).toBeGreaterThan(50);
  });

  it('answers 404 to another unit on every route with a record in its address, reads and writes alike, and writes nothing', async () => {
    let probes = 0;
    // Knowledge articles are the whole organisation's: another unit reads them (knowledge/articles.test.ts), so only their ticket's suggestions are asked here.
    for (const route of routes.filter((r) => r.path.includes('{') && !('public' in r.access) && r.access.reaches !== 'article')) {
      const access = route.access as Exclude<Access, { public: true }>;
      // The portal's routes are a customer's: Zhuzhou's customer, signed in to the portal, asks for Changsha's records.
      const asker = 'customer' in access ? ['portal customer of Zhuzhou'] as const
        : inZhuzhou.find(([, role]) => !('action' in access) || may(role, access.action));
      if (!asker) throw new Error(`${route.url}: no Zhuzhou user may take ${JSON.stringify(access)} — add one to inZhuzhou.`);
      const zz = 'customer' in access ? zhuzhouCustomer : await client(asker[0]);
      // Changsha's record; then, past a customer of Zhuzhou's own, Changsha's sub-record (a subscription, a contact …).
      const urls = [fill(route.path, changsha)];
      if (route.path.startsWith('/api/v1/customers/{customerId}/') && /\{(?!customerId)\w+\}/.test(route.path)) urls.push(fill(route.path, zhuzhou, changsha));
      for (const url of urls) {
        const before = await writtenState(t.database.db);
        const res = await zz({ method: route.method as 'GET', url, ...bodyFor(route) });
        expect(res.statusCode, `${route.method} ${url} (${route.url}) as ${asker[0]}: ${res.body}`).toBe(404);
        expect(await writtenState(t.database.db), `${route.url}`).toEqual(before);
        probes++;
      }
    }
    expect(probes).toBeGreaterThan(30);
  });
});

function declarationOf(access: Access) {
  if ('public' in access) return 'public';
  if ('customer' in access) return `customer → ${access.reaches}`;
  const who = 'action' in access ? access.action : 'signed in';
  return `${who} → ${access.reaches}${access.sessionOnly ? ' (session only)' : ''}`;
}

/** Refusals by role come before the body is read: the valid body is sent anyway, so only the role decides. */
function bodyForRefusal(route: (typeof routes)[number]) {
  return route.path.includes('{') ? bodyFor(route) : {};
}

function onePng() {
  const boundary = 'matrixboundary';
  const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`),
    png, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
