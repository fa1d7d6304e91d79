import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetPublicReads, publicReadRates } from './routes.ts';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { expectRefused, type Refusal } from '../test/refusals.ts';
import { auditOf, writtenState } from '../test/written.ts';

let t: TestApp;
let agent: Client;
let manager: Client;

beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  agent = await t.as('cs.agent');
  manager = await t.as('cs.manager');
});
afterAll(() => t.close());

const article = (over: Record<string, unknown> = {}) => ({
  title: '光猫 LOS 灯红色闪烁的排查', body: '光猫的 LOS 灯红色闪烁，说明光信号中断。先检查光纤是否弯折，再重启光猫；仍不亮请报障。',
  category: 'broadband', tags: ['光猫', '断网'], audience: 'public', status: 'published', ...over,
});
const create = async (over: Record<string, unknown> = {}, as = agent) => {
  const res = await as({ method: 'POST', url: '/api/v1/knowledge/articles', payload: article(over) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number; title: string; status: string; audience: string };
};
const search = async (q: string, as = agent, more = '') => (await as({ method: 'GET', url: `/api/v1/knowledge/articles?q=${encodeURIComponent(q)}${more}` })).json();
const publicSearch = async (q: string) => t.app.inject({ method: 'GET', url: `/api/v1/knowledge/public/articles?q=${encodeURIComponent(q)}` });
const idsOf = (page: { items: { id: string }[] }) => page.items.map((a) => a.id);

describe('articles', () => {
  it('writes an article as version 1, audited, and every staff role reads it, whatever their unit', async () => {
    const made = await create();
    expect(made).toMatchObject({ version: 1, status: 'published', audience: 'public' });
    expect(made).not.toHaveProperty('search');
    expect((await auditOf(t.database.db, 'article', made.id)).map((a) => a.action)).toEqual(['article.created']);
    for (const username of ['hn.analyst', 'zz.am1', 'cs.sales', 'hn.marketing']) {
      const res = await (await t.as(username))({ method: 'GET', url: `/api/v1/knowledge/articles/${made.id}` });
      expect(res.statusCode, username).toBe(200);
    }
  });

  it('finds Chinese by any two characters, mixed with Latin words and digits, best match first', async () => {
    const modem = await create({ title: '光猫LOS灯红怎么办', tags: [] });
    const plan = await create({ title: '宽带 5G 套餐变更', body: '变更 5G 套餐请到营业厅或在网上营业厅办理，次月生效。', category: 'plans', tags: ['套餐'] });
    expect(idsOf(await search('LOS灯'))).toContain(modem.id);
    expect(idsOf(await search('猫lo'))).toContain(modem.id);
    expect(idsOf(await search('灯红'))).toContain(modem.id);
    expect(idsOf(await search('宽带 5G 套餐'))[0]).toBe(plan.id);
    expect(idsOf(await search('餐变'))).toEqual([plan.id]);
    // Every word must be found: a word the article lacks leaves it out.
    expect(idsOf(await search('套餐 漫游'))).toEqual([]);
    // A word in the title outranks the same word only in the text.
    const inText = await create({ title: '营业厅办理须知', body: '办理套餐变更请带身份证。', category: 'plans', tags: [] });
    const found = idsOf(await search('套餐变更'));
    expect(found.indexOf(plan.id)).toBeLessThan(found.indexOf(inText.id));
    // A snippet of the text around the word.
    expect((await search('次月生效')).items[0].snippet).toContain('次月生效');
  });

  it('narrows by category, audience and status, and pages by cursor without repeating or skipping', async () => {
    for (let i = 0; i < 5; i++) await create({ title: `国际漫游开通第${i}步`, category: 'roaming', audience: 'internal', status: i % 2 ? 'draft' : 'published', tags: [] });
    expect((await search('漫游', agent, '&category=roaming')).items).toHaveLength(5);
    expect((await search('漫游', agent, '&status=draft')).items).toHaveLength(2);
    expect((await search('漫游', agent, '&audience=public')).items).toHaveLength(0);
    for (const q of ['?q=%E6%BC%AB%E6%B8%B8&', '?category=roaming&']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: { id: string }[]; nextCursor: string | null } = (await agent({ method: 'GET', url: `/api/v1/knowledge/articles${q}limit=2${cursor ? `&cursor=${cursor}` : ''}` })).json();
        seen.push(...idsOf(page));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(5);
      expect(new Set(seen).size).toBe(5);
    }
  });
});

describe('versions', () => {
  it('makes a new version on each save, keeps every one whole, and a save that changes nothing writes nothing', async () => {
    const made = await create({ status: 'draft', audience: 'internal' });
    const saved = await agent({ method: 'PUT', url: `/api/v1/knowledge/articles/${made.id}`, payload: { ...article({ status: 'published', audience: 'internal', title: '光猫 LOS 灯红：先查光纤' }), baseVersion: 1 } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ version: 2, title: '光猫 LOS 灯红：先查光纤', status: 'published' });
    expect(saved.json().publishedAt).toBeTruthy();
    const before = await writtenState(t.database.db);
    const again = await agent({ method: 'PUT', url: `/api/v1/knowledge/articles/${made.id}`, payload: { ...article({ status: 'published', audience: 'internal', title: '光猫 LOS 灯红：先查光纤' }), baseVersion: 2 } });
    expect(again.json().version).toBe(2);
    expect(await writtenState(t.database.db)).toEqual(before);
    const versions = (await agent({ method: 'GET', url: `/api/v1/knowledge/articles/${made.id}/versions` })).json().items;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(versions[0]).toMatchObject({ authorName: expect.any(String), status: 'published' });
    const first = (await agent({ method: 'GET', url: `/api/v1/knowledge/articles/${made.id}/versions/1` })).json();
    expect(first).toMatchObject({ version: 1, title: article().title, body: article().body, status: 'draft' });
    const [, revised] = await auditOf(t.database.db, 'article', made.id);
    expect(revised).toMatchObject({ action: 'article.revised', before: { version: 1, title: article().title, status: 'draft' }, after: { version: 2, status: 'published' } });
  });

  it('refuses a save over a newer version with 409, saying who saved it, and writes nothing', async () => {
    const made = await create();
    await agent({ method: 'PUT', url: `/api/v1/knowledge/articles/${made.id}`, payload: { ...article({ body: '第二版的正文。' }), baseVersion: 1 } });
    const before = await writtenState(t.database.db);
    for (const language of ['en', 'zh-CN']) {
      const late = await manager({ method: 'PUT', url: `/api/v1/knowledge/articles/${made.id}`, headers: { 'accept-language': language }, payload: { ...article({ body: '基于第一版的修改。' }), baseVersion: 1 } });
      expect(late.statusCode).toBe(409);
      expect(late.json()).toMatchObject({ currentVersion: 2, updatedByName: '长沙客服' });
      expect(late.json().detail).toMatch(language === 'en' ? /version 2 .*you edited version 1/ : /第 2 版.*第 1 版/);
    }
    expect(await writtenState(t.database.db)).toEqual(before);
    expect((await agent({ method: 'GET', url: `/api/v1/knowledge/articles/${made.id}` })).json().body).toBe('第二版的正文。');
  });

  it('restores an old version\'s text as the newest version, keeping who reads it and whether it is published', async () => {
    const made = await create({ audience: 'internal' });
    await agent({ method: 'PUT', url: `/api/v1/knowledge/articles/${made.id}`, payload: { ...article({ title: '改过的标题', body: '改过的正文。', audience: 'public', tags: ['改'] }), baseVersion: 1 } });
    const restored = await manager({ method: 'POST', url: `/api/v1/knowledge/articles/${made.id}/versions/1/restore`, payload: { baseVersion: 2 } });
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json()).toMatchObject({ version: 3, title: article().title, body: article().body, tags: article().tags, audience: 'public', status: 'published' });
    const [latest] = (await agent({ method: 'GET', url: `/api/v1/knowledge/articles/${made.id}/versions` })).json().items;
    expect(latest).toMatchObject({ version: 3, restoredFrom: 1 });
    expect((await auditOf(t.database.db, 'article', made.id)).map((a) => a.action)).toEqual(['article.created', 'article.revised', 'article.restored']);
    // The old text is found again, the text it replaced is not.
    expect(idsOf(await search('排查'))).toContain(made.id);
    expect(idsOf(await search('改过'))).not.toContain(made.id);
    // Restoring from a version that is no longer the newest is a conflict like any save.
    expect((await manager({ method: 'POST', url: `/api/v1/knowledge/articles/${made.id}/versions/1/restore`, payload: { baseVersion: 2 } })).statusCode).toBe(409);
    expect((await manager({ method: 'POST', url: `/api/v1/knowledge/articles/${made.id}/versions/9/restore`, payload: { baseVersion: 3 } })).statusCode).toBe(404);
  });
});

describe('who may do what', () => {
  it('asks to sign in (401), lets analysts, sales and account managers only read (403), and answers 404 for an article that is not there', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/knowledge/articles' })).statusCode).toBe(401);
    const made = await create();
    for (const username of ['hn.analyst', 'cs.am1', 'cs.sales']) {
      const reader = await t.as(username);
      expect((await reader({ method: 'POST', url: '/api/v1/knowledge/articles', payload: article() })).statusCode, username).toBe(403);
      expect((await reader({ method: 'PUT', url: `/api/v1/knowledge/articles/${made.id}`, payload: { ...article(), baseVersion: 1 } })).statusCode, username).toBe(403);
    }
    const missing = '00000000-0000-4000-8000-000000000001';
    expect((await agent({ method: 'GET', url: `/api/v1/knowledge/articles/${missing}` })).statusCode).toBe(404);
    const zh = await agent({ method: 'PUT', url: `/api/v1/knowledge/articles/${missing}`, headers: { 'accept-language': 'zh-CN' }, payload: { ...article(), baseVersion: 1 } });
    expect(zh.statusCode).toBe(404);
    expect(zh.json().detail).toMatch(/^知识库文章不存在/);
  });
});

describe('public articles', () => {
  it('shows customers only published public articles, without signing in and without staff names; an internal or draft id is a 404', async () => {
    const open = await create({ title: '携号转网办理条件', body: '在网满 120 天、无欠费、未签合约即可办理携号转网。', category: 'numbers', tags: ['携号转网'] });
    const internal = await create({ title: '携号转网内部核查流程', category: 'numbers', audience: 'internal' });
    const draft = await create({ title: '携号转网新规草稿', category: 'numbers', status: 'draft' });
    const archived = await create({ title: '携号转网旧规', category: 'numbers' });
    await agent({ method: 'PUT', url: `/api/v1/knowledge/articles/${archived.id}`, payload: { ...article({ title: '携号转网旧规', category: 'numbers', status: 'archived' }), baseVersion: 1 } });

    const list = await publicSearch('携号转网');
    expect(list.statusCode).toBe(200);
    expect(list.headers['cache-control']).toBe('public, max-age=60');
    expect(idsOf(list.json())).toEqual([open.id]);
    expect(Object.keys(list.json().items[0]).sort()).toEqual(['category', 'id', 'snippet', 'tags', 'title', 'updatedAt']);
    const byCategory = (await t.app.inject({ method: 'GET', url: '/api/v1/knowledge/public/articles?category=numbers' })).json();
    expect(idsOf(byCategory)).toEqual([open.id]);

    const one = await t.app.inject({ method: 'GET', url: `/api/v1/knowledge/public/articles/${open.id}` });
    expect(one.statusCode).toBe(200);
    expect(Object.keys(one.json()).sort()).toEqual(['body', 'category', 'id', 'tags', 'title', 'updatedAt']);
    for (const hidden of [internal, draft, archived]) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/knowledge/public/articles/${hidden.id}` });
      expect(res.statusCode, hidden.title).toBe(404);
    }
    // Made internal later, it leaves the portal at once.
    await agent({ method: 'PUT', url: `/api/v1/knowledge/articles/${open.id}`, payload: { ...article({ title: '携号转网办理条件', category: 'numbers', audience: 'internal' }), baseVersion: 1 } });
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/knowledge/public/articles/${open.id}` })).statusCode).toBe(404);
    expect(idsOf((await publicSearch('携号转网')).json())).toEqual([]);
  });
});

describe('the public articles\' flood guard', () => {
  it('answers one address 429 with Retry-After past its reads a minute, and another address still reads', async () => {
    const saved = { ...publicReadRates };
    publicReadRates.perMinutePerAddress = 3;
    forgetPublicReads();
    try {
      const from = (ip: string) => t.app.inject({ method: 'GET', url: '/api/v1/knowledge/public/articles', remoteAddress: ip });
      const answers = [];
      for (let i = 0; i < 5; i++) answers.push(await from('203.0.113.7'));
      expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 429, 429]);
      expect(Number(answers[3].headers['retry-after'])).toBeGreaterThan(0);
      expect((await from('203.0.113.8')).statusCode).toBe(200);
    } finally {
      Object.assign(publicReadRates, saved);
      forgetPublicReads();
    }
  });
});

describe('suggested on a ticket', () => {
  it('suggests the published articles a ticket\'s words find, best first, at most five, and hides another unit\'s ticket', async () => {
    const modem = await create({ title: '光猫 LOS 灯红色闪烁，无法上网', body: '检查光纤接头，重启光猫。', tags: ['光猫', 'LOS'] });
    const bill = await create({ title: '话费账单疑问解答', body: '账单中的增值业务费用说明。', category: 'billing', tags: [] });
    const draft = await create({ title: '光猫 LOS 灯红（草稿）', status: 'draft' });
    const am = await t.as('cs.am1');
    const customerId = (await am({ method: 'POST', url: '/api/v1/customers', payload: { name: '知识库测试客户' } })).json().id;
    const ticket = (await am({ method: 'POST', url: '/api/v1/tickets', payload: { kind: 'fault', title: '家里宽带断了，光猫LOS灯红', description: '昨晚开始无法上网', customerId } })).json();
    const res = await agent({ method: 'GET', url: `/api/v1/tickets/${ticket.id}/suggested-articles` });
    expect(res.statusCode, res.body).toBe(200);
    const ids = idsOf(res.json());
    expect(ids[0]).toBe(modem.id);
    expect(ids).not.toContain(draft.id);
    expect(ids).not.toContain(bill.id);
    expect(ids.length).toBeLessThanOrEqual(5);
    expect(res.json().items[0]).toMatchObject({ audience: 'public', snippet: expect.any(String) });
    const zhuzhou = await t.as('zz.agent');
    expect((await zhuzhou({ method: 'GET', url: `/api/v1/tickets/${ticket.id}/suggested-articles` })).statusCode).toBe(404);
  });
});

describe('an article that cannot be written or a search that cannot be run', () => {
  const post = (payload: object): Refusal['request'] => ({ method: 'POST', url: '/api/v1/knowledge/articles', payload });
  const table: Omit<Refusal, 'request'>[] & { request: Refusal['request'] }[] = [
    { name: 'no title', request: post({ ...article(), title: undefined }), status: 400, field: 'title' },
    { name: 'a title of spaces', request: post(article({ title: '   ' })), status: 400, field: 'title' },
    { name: 'a title of 201 characters', request: post(article({ title: '宽'.repeat(201) })), status: 400, field: 'title' },
    { name: 'no text', request: post(article({ body: '' })), status: 400, field: 'body' },
    { name: 'an unknown category', request: post(article({ category: '宽带' })), status: 400, field: 'category' },
    { name: 'an unknown audience', request: post(article({ audience: 'everyone' })), status: 400, field: 'audience' },
    { name: 'an unknown status', request: post(article({ status: 'live' })), status: 400, field: 'status' },
    { name: 'the same tag twice', request: post(article({ tags: ['光猫', '光猫'] })), status: 400, field: 'tags' },
    { name: 'a tag of 31 characters', request: post(article({ tags: ['a'.repeat(31)] })), status: 400, field: 'tags.0' },
    { name: '21 tags', request: post(article({ tags: Array.from({ length: 21 }, (_, i) => `t${i}`) })), status: 400, field: 'tags' },
    { name: 'a version chosen by the caller', request: post(article({ version: 7 })), status: 400, field: 'version' },
    { name: 'a search of punctuation only', request: { method: 'GET', url: `/api/v1/knowledge/articles?q=${encodeURIComponent('？！……')}` }, status: 400, field: 'q' },
    { name: 'a search of 101 characters', request: { method: 'GET', url: `/api/v1/knowledge/articles?q=${'宽'.repeat(101)}` }, status: 400, field: 'q' },
    { name: 'an unknown category filter', request: { method: 'GET', url: '/api/v1/knowledge/articles?category=x' }, status: 400, field: 'category' },
    { name: 'a forged cursor', request: { method: 'GET', url: '/api/v1/knowledge/articles?cursor=bm90LWEtY3Vyc29y' }, status: 400, field: 'cursor' },
    { name: 'a save without its base version', request: { method: 'PUT', url: '/api/v1/knowledge/articles/00000000-0000-4000-8000-000000000001', payload: article() }, status: 400, field: 'baseVersion' },
    { name: 'an article id that is not one', request: { method: 'GET', url: '/api/v1/knowledge/articles/42' }, status: 400, field: 'articleId' },
  ];
  for (const row of table) {
    it(`refuses ${row.name} (400 naming the field, in both languages), writing nothing`, () => expectRefused(t, agent, row as Refusal));
  }

  it('refuses a public search of punctuation only with 400, never 500', async () => {
    const res = await publicSearch('。。。');
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe('q');
  });
});
