import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../platform/db/index.ts';
import type { Gateways, OutboundSms } from '../notifications/gateways.ts';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';

/** 网上营业厅 — a customer signs in with their mobile, sees their own services, and reports, follows and rates their tickets. */
let t: TestApp;
let am1: Client;
let agentId: string;
let productId: string;
const sms: OutboundSms[] = [];
let isSmsDown = false;
const gateways: Gateways = {
  email: { send: async () => ({ providerId: 'e' }) },
  sms: { send: async (m) => { if (isSmsDown) throw new Error('gateway down'); sms.push(m); return { providerId: `s-${sms.length}` }; } },
};
const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const pdf = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** A multipart form with one file, as the portal's page sends a photo. */
function form(bytes: Buffer, fileName: string) {
  const boundary = 'portalboundary';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    bytes, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

let numberSeq = 0;
/** A customer of Changsha's with a mobile and one broadband service. */
async function customer(name: string) {
  numberSeq++;
  const mobile = `139741600${String(numberSeq).padStart(2, '0')}`;
  const made = await am1({ method: 'POST', url: '/api/v1/customers', payload: { name, kind: 'individual', identities: [{ kind: 'phone', value: mobile }] } });
  expect(made.statusCode, made.body).toBe(201);
  const service = await am1({ method: 'POST', url: `/api/v1/customers/${made.json().id}/subscriptions`, payload: { productId, serviceNumber: `0731${mobile.slice(-8)}`, startDate: '2026-01-01' } });
  expect(service.statusCode, service.body).toBe(201);
  return { id: made.json().id as string, mobile, e164: `+86${mobile}`, subscriptionId: service.json().id as string };
}

const lastCode = (e164: string) => /(\d{6})/.exec(sms.filter((m) => m.to === e164).at(-1)?.body ?? '')?.[1];

/** Signs in by code and returns a client carrying the portal cookie. */
async function signedIn(c: { e164: string; mobile: string }): Promise<Client> {
  // Every test here asks from one address: its earlier codes are not this sign-in's business.
  await t.database.db.execute(sql`delete from throttles where subject like ${`%${c.e164}%`} or rule = 'portal-code:source'`);
  const asked = await t.app.inject({ method: 'POST', url: '/api/v1/portal/codes', payload: { phone: c.mobile } });
  expect(asked.statusCode, asked.body).toBe(202);
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/portal/sessions', payload: { method: 'code', phone: c.mobile, code: lastCode(c.e164) } });
  expect(res.statusCode, res.body).toBe(204);
  const cookie = String(res.headers['set-cookie']).split(';')[0];
  return (options) => t.app.inject({ ...options, headers: { ...options.headers, cookie } });
}

beforeAll(async () => {
  t = await startTestApp({ customers: 2, gateways });
  am1 = await t.as('cs.am1');
  agentId = (await am1({ method: 'GET', url: '/api/v1/me' })).json().user.id;
  productId = (await am1({ method: 'GET', url: '/api/v1/products' })).json().items[0].id;
});
afterAll(() => t.close());

describe('signing in to the portal', () => {
  it('sends a code to the customer\'s mobile, signs in with it once, and keeps the cookie to the portal\'s routes', async () => {
    const c = await customer('门户登录客户');
    const asked = await t.app.inject({ method: 'POST', url: '/api/v1/portal/codes', payload: { phone: `+86 ${c.mobile.slice(0, 3)} ${c.mobile.slice(3, 7)} ${c.mobile.slice(7)}` } });
    expect(asked.statusCode, asked.body).toBe(202);
    expect(asked.json()).toEqual({ expiresInSeconds: 300, resendAfterSeconds: 60 });
    const code = lastCode(c.e164)!;
    expect(code).toMatch(/^\d{6}$/);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/portal/sessions', payload: { method: 'code', phone: c.mobile, code } });
    expect(res.statusCode, res.body).toBe(204);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^xiang_portal=/);
    expect(cookie).toMatch(/Path=\/api\/v1\/portal/);
    expect(cookie).toMatch(/HttpOnly/);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/portal/me', headers: { cookie: cookie.split(';')[0] } });
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json()).toMatchObject({ name: '门户登录客户', phone: c.e164, hasPassword: false, isKeyAccount: false });
    // Used once: the same code signs nobody in again.
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/portal/sessions', payload: { method: 'code', phone: c.mobile, code } });
    expect(again.statusCode).toBe(401);
  });

  it('answers a number that is nobody\'s exactly as a customer\'s, and sends it nothing', async () => {
    const before = sms.length;
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/portal/codes', payload: { phone: '13974169999' } });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ expiresInSeconds: 300, resendAfterSeconds: 60 });
    expect(sms.length).toBe(before);
  });

  it('sends one code a minute to a number (429 with Retry-After), and the newer code ends the older', async () => {
    const c = await customer('重发验证码客户');
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/portal/codes', payload: { phone: c.mobile } })).statusCode).toBe(202);
    const first = lastCode(c.e164);
    const soon = await t.app.inject({ method: 'POST', url: '/api/v1/portal/codes', payload: { phone: c.mobile } });
    expect(soon.statusCode).toBe(429);
    expect(Number(soon.headers['retry-after'])).toBeGreaterThan(50);
    await t.database.db.execute(sql`update throttles set wait_until = now() - interval '1 second' where subject = ${c.e164}`);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/portal/codes', payload: { phone: c.mobile } })).statusCode).toBe(202);
    const second = lastCode(c.e164);
    if (first !== second) {
      const old = await t.app.inject({ method: 'POST', url: '/api/v1/portal/sessions', payload: { method: 'code', phone: c.mobile, code: first } });
      expect(old.statusCode).toBe(401);
    }
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/portal/sessions', payload: { method: 'code', phone: c.mobile, code: second } })).statusCode).toBe(204);
  });

  it('lets a code be tried five times, then it is dead even when right; an expired code signs nobody in', async () => {
    const c = await customer('验证码试错客户');
    await t.app.inject({ method: 'POST', url: '/api/v1/portal/codes', payload: { phone: c.mobile } });
    const code = lastCode(c.e164)!;
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < 5; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/portal/sessions', payload: { method: 'code', phone: c.mobile, code: wrong } });
      expect(res.statusCode, res.body).toBe(401);
    }
    await t.database.db.execute(sql`delete from throttles where subject like ${`%${c.e164}%`}`);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/portal/sessions', payload: { method: 'code', phone: c.mobile, code } })).statusCode).toBe(401);
    await t.app.inject({ method: 'POST', url: '/api/v1/portal/codes', payload: { phone: c.mobile } });
    await t.database.db.execute(sql`update portal_codes set expires_at = now() - interval '1 second' where phone = ${c.e164}`);
    const expired = await t.app.inject({ method: 'POST', url: '/api/v1/portal/sessions', payload: { method: 'code', phone: c.mobile, code: lastCode(c.e164) } });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().detail).toMatch(/expired|wrong/);
  });

  it('sets a password after a code sign-in, refuses a weak one, and then signs in with it; wrong guesses are slowed', async () => {
    const c = await customer('设置密码客户');
    const portal = await signedIn(c);
    const weak = await portal({ method: 'PUT', url: '/api/v1/portal/me/password', payload: { newPassword: 'password123' } });
    expect(weak.statusCode, weak.body).toBe(400);
    expect(weak.json().field).toBe('newPassword');
    expect((await portal({ method: 'PUT', url: '/api/v1/portal/me/password', payload: { newPassword: 'Xiangjiang-river-77' } })).statusCode).toBe(204);
    // Changing it again asks for the current one.
    const noCurrent = await portal({ method: 'PUT', url: '/api/v1/portal/me/password', payload: { newPassword: 'Yuelu-mountain-88' } });
    expect(noCurrent.json().field).toBe('currentPassword');
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/portal/sessions', payload: { method: 'password', phone: c.mobile, password: 'Xiangjiang-river-77' } });
    expect(ok.statusCode, ok.body).toBe(204);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push((await t.app.inject({ method: 'POST', url: '/api/v1/portal/sessions', payload: { method: 'password', phone: c.mobile, password: `wrong-guess-${i}` } })).statusCode);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses).toContain(429);
  });

  it('slows one address sending codes to number after number: ten free, then it waits', async () => {
    await t.database.db.execute(sql`delete from throttles where rule like 'portal-code:%'`);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push((await t.app.inject({ method: 'POST', url: '/api/v1/portal/codes', payload: { phone: `1397417${String(i).padStart(4, '0')}` } })).statusCode);
    }
    // Ten free; the eleventh goes and starts the wait.
    expect(statuses).toEqual([...Array(11).fill(202), 429]);
    await t.database.db.execute(sql`delete from throttles where rule like 'portal-code:%'`);
  });

  it('refuses what is not a mobile number, naming the field, and sends nothing', async () => {
    for (const phone of ['0731-84123457', '12345', 'abc', '+1 202 555 0100']) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/portal/codes', payload: { phone }, headers: { 'accept-language': 'zh-CN' } });
      expect(res.statusCode, phone).toBe(400);
      expect(res.json()).toMatchObject({ field: 'phone', detail: expect.stringMatching(/手机号码/) });
    }
    for (const body of [{ method: 'code', phone: '13974100000', code: '12345' }, { method: 'token', phone: '13974100000' }, { method: 'password', phone: '13974100000' }]) {
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/portal/sessions', payload: body })).statusCode, JSON.stringify(body)).toBe(400);
    }
  });

  it('says so when the SMS cannot go out (503), rather than pretending a code was sent', async () => {
    const c = await customer('短信失败客户');
    isSmsDown = true;
    try {
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/portal/codes', payload: { phone: c.mobile } })).statusCode).toBe(503);
    } finally {
      isSmsDown = false;
    }
  });
});

describe('what a customer sees and does in the portal', () => {
  it('shows their own services in full and their bills; a staff session or API token opens nothing here, a portal cookie nothing of the console', async () => {
    const c = await customer('看业务客户');
    const portal = await signedIn(c);
    const services = (await portal({ method: 'GET', url: '/api/v1/portal/services' })).json().items;
    expect(services.map((s: { serviceNumber: string }) => s.serviceNumber)).toEqual([expect.stringContaining(c.mobile.slice(-8))]);
    expect((await portal({ method: 'GET', url: '/api/v1/portal/bills' })).statusCode).toBe(200);
    expect((await am1({ method: 'GET', url: '/api/v1/portal/me' })).statusCode).toBe(401);
    const { token } = (await am1({ method: 'POST', url: '/api/v1/api-tokens', payload: { name: 'portal probe' } })).json();
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/portal/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
    expect((await portal({ method: 'GET', url: `/api/v1/customers/${c.id}` })).statusCode).toBe(401);
  });

  it('reports a fault with a photo; an agent works it; the customer answers, sees the reply but never the internal note, and rates it once', async () => {
    const c = await customer('报障客户');
    const portal = await signedIn(c);
    const photo = await portal({ method: 'POST', url: '/api/v1/portal/attachments', ...form(png, '光猫.png') });
    expect(photo.statusCode, photo.body).toBe(201);
    expect(photo.json().mediaType).toBe('image/png');
    const opened = await portal({ method: 'POST', url: '/api/v1/portal/tickets', payload: {
      kind: 'fault', title: '宽带断网，光猫 LOS 灯红', description: '昨晚开始', subscriptionId: c.subscriptionId, attachmentIds: [photo.json().id],
    } });
    expect(opened.statusCode, opened.body).toBe(201);
    const ticket = opened.json();
    expect(ticket).toMatchObject({ status: 'new', canReply: true, canRate: false, attachmentIds: [photo.json().id], serviceNumber: expect.stringContaining(c.mobile.slice(-8)) });
    expect(Object.keys(ticket)).not.toContain('slaPolicyId');
    // The photo is theirs to see again.
    const file = await portal({ method: 'GET', url: `/api/v1/portal/attachments/${photo.json().id}` });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');

    // In the console it is a portal ticket, opened by the customer, with the photo.
    const staff = (await am1({ method: 'GET', url: `/api/v1/tickets/${ticket.id}` })).json();
    expect(staff).toMatchObject({ channel: 'portal', createdById: null, createdByName: null, attachmentIds: [photo.json().id], subscriptionId: c.subscriptionId });
    expect(staff.history[0].actorName).toBe('客户 报障客户');
    const step = (to: string, extra = {}) => am1({ method: 'POST', url: `/api/v1/tickets/${ticket.id}/steps`, payload: { to, ...extra } });
    expect((await step('assigned', { assigneeId: agentId })).statusCode).toBe(200);
    expect((await step('in_progress')).statusCode).toBe(200);
    await am1({ method: 'POST', url: `/api/v1/tickets/${ticket.id}/messages`, payload: { kind: 'note', body: '内部：该片区光缆割接' } });
    await am1({ method: 'POST', url: `/api/v1/tickets/${ticket.id}/messages`, payload: { kind: 'reply', body: '请问光猫背面的型号是什么？' } });
    expect((await step('waiting_on_customer')).statusCode).toBe(200);

    const early = await portal({ method: 'POST', url: `/api/v1/portal/tickets/${ticket.id}/rating`, payload: { score: 5 } });
    expect(early.statusCode).toBe(409);
    const answered = await portal({ method: 'POST', url: `/api/v1/portal/tickets/${ticket.id}/messages`, payload: { body: '型号 HG8245' } });
    expect(answered.statusCode, answered.body).toBe(200);
    // Their answer puts the ticket back to work.
    expect(answered.json().status).toBe('in_progress');
    expect(answered.json().messages.map((m: { from: string; body: string }) => [m.from, m.body])).toEqual([['staff', '请问光猫背面的型号是什么？'], ['customer', '型号 HG8245']]);
    expect(JSON.stringify(answered.json())).not.toContain('光缆割接');
    const inConsole = (await am1({ method: 'GET', url: `/api/v1/tickets/${ticket.id}` })).json();
    expect(inConsole.status).toBe('in_progress');
    expect(inConsole.messages.at(-1)).toMatchObject({ kind: 'customer', body: '型号 HG8245', authorName: '客户 报障客户' });
    expect(inConsole.nextResponseDueAt).not.toBeNull();

    expect((await step('resolved')).statusCode).toBe(200);
    const seen = (await portal({ method: 'GET', url: `/api/v1/portal/tickets/${ticket.id}` })).json();
    expect(seen).toMatchObject({ status: 'resolved', canRate: true });
    const rated = await portal({ method: 'POST', url: `/api/v1/portal/tickets/${ticket.id}/rating`, payload: { score: 5, comment: '师傅很专业' } });
    expect(rated.statusCode, rated.body).toBe(200);
    expect(rated.json()).toMatchObject({ satisfaction: 5, satisfactionComment: '师傅很专业', canRate: false });
    expect((await portal({ method: 'POST', url: `/api/v1/portal/tickets/${ticket.id}/rating`, payload: { score: 1 } })).statusCode).toBe(409);
    expect((await am1({ method: 'GET', url: `/api/v1/tickets/${ticket.id}` })).json()).toMatchObject({ satisfaction: 5, satisfactionComment: '师傅很专业' });
    const list = (await portal({ method: 'GET', url: '/api/v1/portal/tickets' })).json();
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([ticket.id]);
  });

  it('refuses what is not a photo, and files that are not the customer\'s own', async () => {
    const c = await customer('上传限制客户');
    const other = await customer('别人');
    const portal = await signedIn(c);
    const refused = await portal({ method: 'POST', url: '/api/v1/portal/attachments', ...form(pdf, 'bill.pdf') });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().field).toBe('file');
    expect((await portal({ method: 'POST', url: '/api/v1/portal/attachments', ...form(Buffer.alloc(0), 'empty.png') })).statusCode).toBe(400);
    // A file staff put on the customer's record is not offered in the portal.
    const staffFile = (await am1({ method: 'POST', url: `/api/v1/customers/${c.id}/attachments`, ...form(png, '合同.png') })).json();
    expect((await portal({ method: 'GET', url: `/api/v1/portal/attachments/${staffFile.id}` })).statusCode).toBe(404);
    const othersPhoto = (await (await signedIn(other))({ method: 'POST', url: '/api/v1/portal/attachments', ...form(png, 'x.png') })).json();
    const ticket = await portal({ method: 'POST', url: '/api/v1/portal/tickets', payload: { kind: 'complaint', title: '投诉', attachmentIds: [othersPhoto.id] } });
    expect(ticket.statusCode).toBe(400);
    expect(ticket.json().field).toBe('attachmentIds');
    const service = await portal({ method: 'POST', url: '/api/v1/portal/tickets', payload: { kind: 'fault', title: '别人的宽带', subscriptionId: other.subscriptionId } });
    expect(service.statusCode).toBe(400);
    expect(service.json().field).toBe('subscriptionId');
    const [{ n }] = await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from tickets where customer_id = ${c.id}`);
    expect(n).toBe(0);
  });

  it('never shows one customer another\'s ticket or photo (404), nor lets them write or rate it', async () => {
    const a = await customer('甲客户');
    const b = await customer('乙客户');
    const portalA = await signedIn(a);
    const portalB = await signedIn(b);
    const photo = (await portalA({ method: 'POST', url: '/api/v1/portal/attachments', ...form(png, 'a.png') })).json();
    const ticket = (await portalA({ method: 'POST', url: '/api/v1/portal/tickets', payload: { kind: 'inquiry', title: '套餐咨询', attachmentIds: [photo.id] } })).json();
    for (const [method, url, payload] of [
      ['GET', `/api/v1/portal/tickets/${ticket.id}`, undefined],
      ['POST', `/api/v1/portal/tickets/${ticket.id}/messages`, { body: '我来插一句' }],
      ['POST', `/api/v1/portal/tickets/${ticket.id}/rating`, { score: 1 }],
      ['GET', `/api/v1/portal/attachments/${photo.id}`, undefined],
    ] as const) {
      const res = await portalB({ method, url, ...(payload ? { payload } : {}) });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await portalB({ method: 'GET', url: '/api/v1/portal/tickets' })).json().items).toEqual([]);
    const [{ n }] = await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from ticket_messages where ticket_id = ${ticket.id}`);
    expect(n).toBe(0);
  });

  it('lets the customer withdraw and give consent to promotional messages themself, recorded as theirs', async () => {
    const c = await customer('营销许可客户');
    const portal = await signedIn(c);
    const off = await portal({ method: 'PUT', url: '/api/v1/portal/consents', payload: { channel: 'sms', isGranted: false } });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().items).toEqual([expect.objectContaining({ channel: 'sms', isGranted: false, source: 'portal' })]);
    const staffView = (await am1({ method: 'GET', url: `/api/v1/customers/${c.id}/consents` })).json();
    expect(JSON.stringify(staffView)).toContain('"isGranted":false');
    const [trail] = await rows<{ actor_name: string }>(t.database.db, sql`select actor_name from audit_log where action = 'consent.changed' and entity_id = ${c.id}`);
    expect(trail.actor_name).toBe('客户 营销许可客户');
  });

  it('lets the customer choose how they hear of their tickets, among the channels we can reach them on', async () => {
    const c = await customer('通知方式客户');
    const portal = await signedIn(c);
    expect((await portal({ method: 'GET', url: '/api/v1/portal/notice-channel' })).json()).toMatchObject({ channel: null, reachableBy: ['sms'] });
    const email = await portal({ method: 'PUT', url: '/api/v1/portal/notice-channel', payload: { channel: 'email' } });
    expect(email.statusCode).toBe(400);
    expect(email.json().field).toBe('channel');
    const sms = await portal({ method: 'PUT', url: '/api/v1/portal/notice-channel', payload: { channel: 'sms' } });
    expect(sms.json()).toMatchObject({ channel: 'sms', source: 'portal' });
    expect((await am1({ method: 'GET', url: `/api/v1/customers/${c.id}/notice-channel` })).json()).toMatchObject({ channel: 'sms', source: 'portal' });
    const [trail] = await rows<{ actor_name: string }>(t.database.db, sql`select actor_name from audit_log where action = 'notice_channel.changed' and entity_id = ${c.id}`);
    expect(trail.actor_name).toBe('客户 通知方式客户');
  });

  it('keeps a customer signed in through a merge: the session and account follow them to the surviving record', async () => {
    const survivor = await customer('合并后客户');
    const merged = await customer('被合并客户');
    const portal = await signedIn(merged);
    const admin = await t.as('cs.manager');
    const res = await admin({ method: 'POST', url: '/api/v1/customers/merge', payload: { survivorId: survivor.id, mergedId: merged.id } });
    expect(res.statusCode, res.body).toBe(200);
    const me = await portal({ method: 'GET', url: '/api/v1/portal/me' });
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json().name).toBe('合并后客户');
  });

  it('ends the session on sign-out', async () => {
    const c = await customer('退出客户');
    const portal = await signedIn(c);
    expect((await portal({ method: 'DELETE', url: '/api/v1/portal/sessions/current' })).statusCode).toBe(204);
    expect((await portal({ method: 'GET', url: '/api/v1/portal/me' })).statusCode).toBe(401);
  });
});
