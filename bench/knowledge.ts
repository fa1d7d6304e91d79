/**
 * The knowledge base's search (知识库检索) at scale: `GET /knowledge/articles?q=…` over HTTP, one
 * request at a time, beside the same statement run raw through `pg` in the same run, on the same
 * database — for searches of different reach (a word in every fifth article, two words, a rare
 * piece of a title, Chinese with Latin and digits), the portal's public search, the list without
 * a search, and the suggestions for a ticket (any of its words, ranked).
 *
 *   node --import tsx bench/knowledge.ts [--articles 100000] [--runs 200] [--db xiang_bench_knowledge] [--port 3241]
 *   CI:  --tiny (2,000 articles, 20 runs);  --reuse: measure again on the articles a run left
 *
 * Makes its own PostgreSQL database (dropped and made again), lets the server load a few demo
 * customers, then writes the articles by COPY: texts made from the desk's phrases, each with the
 * words it is found by cut by the server's own code (knowledge/search.ts), and one version each.
 */
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import { poolSize, searchQuery, searchVector } from '../packages/server/src/knowledge/search.ts';
import { serverOnDemoDatabase, signIn, stopServer } from './server.ts';
import { hasFlag, option, timeInTurn } from './options.ts';

const isTiny = hasFlag('--tiny');
const articleCount = Number(option('--articles', isTiny ? '2000' : '100000'));
const runs = Number(option('--runs', isTiny ? '20' : '200'));
const dbName = option('--db', 'xiang_bench_knowledge');
const port = Number(option('--port', '3241'));
if (port < 3200 || port > 3299) throw new Error('use a port in 3200–3299');

// ---- the articles: a seeded mix of the desk's phrases, so words recur as they do in a real knowledge base ----
let seed = 0x5eed;
const random = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
const subjects = ['宽带', '光猫', '路由器', 'IPTV', '5G 套餐', '流量包', '话费账单', '携号转网', '国际漫游', '固话', '副卡', '实名认证', '电子发票', '积分', '宽带提速',
  'WiFi 信号', '政企专线', '云电脑', '天翼看家', 'eSIM', '机顶盒', '亲情号码', '来电显示', '彩铃', '短信', '语音信箱', '靓号', '校园套餐', '融合套餐', '千兆宽带',
  '企业邮箱', '物联网卡', '云盘', '翼支付', '话费充值', '缴费发票', '号码过户', '补卡', '停机保号', '销户', '移机', '装机预约', '室内覆盖', 'VoLTE', 'VoWiFi', '副号'];
const problems = ['无法上网', '频繁掉线', 'LOS 灯红色闪烁', '网速慢', '开通失败', '费用疑问', '办理条件', '资费说明', '退订方法', '故障排查', '变更流程', '密码重置', '信号弱',
  '扣费异常', '到期续约', '无法登录', '收不到短信', '显示异常', '办理进度', '优惠活动', '合约说明', '违约金', '退费规则', '使用限制', '兼容机型', '设置方法', '投诉处理', '上门时间'];
const contexts = ['（家庭用户）', '（政企客户）', '2026 版', '常见问题', '操作指引', '处理规范', '', '', ''];
const sentences = [
  '请先确认{s}的设备电源和线路连接正常。', '如{s}{p}，可引导客户重启设备后再试。', '客户反映{s}{p}时，先查询工单历史和网络告警。',
  '{s}的资费以当月账单为准，次月生效。', '办理{s}需要机主本人持有效身份证件到营业厅或在网上营业厅办理。', '远程无法解决的{s}问题，请派单上门处理。',
  '{s}在国际及港澳台地区的使用需提前开通相关功能。', '{s}{p}的，须在{n}个工作日内答复客户。', '{s}{p}多与设备设置有关，可远程协助检查。',
  '{s}变更当月申请、次月生效，当月按原规则计费。', '如客户对{s}的扣费有异议，核实后可按规定办理退费。', '{s}的办理进度可在 10000 号或掌上营业厅查询。',
  '{s}{p}超过{n}次的，升级给班组长处理。', '大客户的{s}{p}按紧急受理，{n}小时内响应。', '{s}的{p}以{n}月发布的业务规则为准。',
];
const categories = ['broadband', 'mobile', 'plans', 'billing', 'numbers', 'roaming', 'tv', 'enterprise', 'account', 'other'] as const;

function makeArticle(n: number) {
  const subject = pick(subjects);
  const problem = pick(problems);
  const title = `${subject}${problem}${pick(contexts)} ${n % 97 === 0 ? `第${n}号` : ''}`.trim();
  const body = Array.from({ length: 6 + Math.floor(random() * 10) }, () => pick(sentences).replaceAll('{s}', random() < 0.6 ? subject : pick(subjects))
    .replaceAll('{p}', pick(problems)).replaceAll('{n}', String(1 + Math.floor(random() * 12)))).join('\n');
  const tags = [subject.replace(/\s/g, ''), ...(random() < 0.5 ? [pick(problems)] : [])].filter((t, i, all) => all.indexOf(t) === i);
  const status = random() < 0.85 ? 'published' : random() < 0.5 ? 'draft' : 'archived';
  const audience = random() < 0.4 ? 'public' : 'internal';
  return { id: randomUUID(), title, body, tags, category: pick(categories), status, audience };
}

/** COPY's text format: backslash, tab and newline escaped. */
const field = (v: string | null) => (v === null ? '\\N' : v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n'));
const arrayLiteral = (list: string[]) => `{${list.map((t) => `"${t.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;

// --reuse: measure again on the database a previous run left (its articles stay as they were written).
const isReuse = hasFlag('--reuse');
const { server, client } = await serverOnDemoDatabase({ dbName, port, customers: 50, reuse: isReuse });
try {
  const started = Date.now();
  const now = Date.now();
  const { rows: [{ n: present }] } = await client.query<{ n: number }>('select count(*)::int as n from knowledge_articles');
  if (isReuse && present === 0) throw new Error('--reuse: the database has no articles; run once without it');
  async function* lines() {
    for (let n = 0; n < articleCount; n++) {
      const a = makeArticle(n);
      const at = new Date(now - Math.floor(random() * 3 * 365 * 86_400_000)).toISOString();
      yield [a.id, a.title, a.body, a.category, arrayLiteral(a.tags), a.audience, a.status, '1', searchVector(a), searchVector({ ...a, body: '' }), '知识库编辑', at, at, a.status === 'draft' ? null : at]
        .map(field).join('\t') + '\n';
    }
  }
  if (!isReuse) await pipeline(Readable.from(lines()), client.query(copyFrom(`copy knowledge_articles (id, title, body, category, tags, audience, status, version, search, heading, updated_by_name, created_at, updated_at, published_at) from stdin`)));
  if (!isReuse) await client.query(`insert into knowledge_article_versions (article_id, version, title, body, category, tags, audience, status, author_name, created_at)
    select id, 1, title, body, category, tags, audience, status, updated_by_name, created_at from knowledge_articles on conflict do nothing`);
  await client.query('vacuum analyze knowledge_articles');
  await client.query('analyze knowledge_article_versions');
  const { rows: [size] } = await client.query<{ total: string; index: string }>(`select pg_size_pretty(pg_total_relation_size('knowledge_articles')) as total,
    pg_size_pretty(pg_relation_size('knowledge_articles_search_idx')) as index`);
  console.log(`PostgreSQL, ${(isReuse ? present : articleCount).toLocaleString('en')} articles ${isReuse ? 'reused' : 'written'} in ${((Date.now() - started) / 1000).toFixed(1)} s (table ${size.total}, search index ${size.index}); ${runs} sequential requests each, ms`);

  const time = (what: () => Promise<unknown>) => timeInTurn(runs, what);
  const secret = await signIn(server.url, 'cs.agent');
  const get = async (path: string) => {
    const res = await fetch(`${server.url}/api/v1${path}`, { headers: { cookie: `xiang_session=${encodeURIComponent(secret)}` } });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<{ items: unknown[] }>;
  };
  // The service's own statement (knowledge/search.ts findArticles): at most `poolSize` candidates found by title or tags and as
  // many found anywhere, ranked by their whole vector (scaled to an integer), best first, one more than the page.
  const ranked = (where: string) => `select id, title, body, category, tags, audience, status, version, updated_at, updated_by_name,
      (ts_rank(search, $1::tsquery) * 1000000)::int as score
    from knowledge_articles where id in ((select id from knowledge_articles where heading @@ $1::tsquery ${where} limit ${poolSize})
      union (select id from knowledge_articles where search @@ $1::tsquery ${where} limit ${poolSize}))
    order by score desc, id desc limit $2`;
  // As the service runs it: in a transaction that keeps the planner on the indexes.
  const rawSearch = async (statement: string, values: unknown[]) => {
    await client.query('begin');
    await client.query('set local enable_seqscan = off');
    await client.query(statement, values);
    await client.query('commit');
  };
  const report = (name: string, matches: number | string, api: { p50: number; p95: number; p99: number }, raw: { p50: number; p95: number; p99: number }) =>
    console.log(`${name.padEnd(34)} matches ${String(matches).padStart(7)} | API p50 ${api.p50.toFixed(2)} p95 ${api.p95.toFixed(2)} p99 ${api.p99.toFixed(2)}`
      + ` | raw p50 ${raw.p50.toFixed(2)} p95 ${raw.p95.toFixed(2)} | API/raw p50 ${(api.p50 / raw.p50).toFixed(1)}`);

  const rare = (await client.query<{ title: string }>(`select title from knowledge_articles where title like '%第%号%' limit 1`)).rows[0]?.title.match(/第\d+号/)?.[0] ?? '第0号';
  const searches = [['a common word', '宽带'], ['two words', '光猫 LOS'], ['a phrase', '套餐变更流程'], ['Chinese, Latin, digits', '5G 套餐 资费'], ['a rare piece of a title', rare]] as const;
  for (const [name, q] of searches) {
    const tsquery = searchQuery(q, 'all')!;
    const { rows: [{ n }] } = await client.query<{ n: number }>('select count(*)::int as n from knowledge_articles where search @@ $1::tsquery', [tsquery]);
    const api = await time(() => get(`/knowledge/articles?limit=20&q=${encodeURIComponent(q)}`));
    const raw = await time(() => rawSearch(ranked(''), [tsquery, 21]));
    report(`search "${q}" (${name})`, n, api, raw);
  }
  {
    const q = '宽带 故障';
    const tsquery = searchQuery(q, 'all')!;
    const where = `and status = 'published' and audience = 'public'`;
    const { rows: [{ n }] } = await client.query<{ n: number }>(`select count(*)::int as n from knowledge_articles where search @@ $1::tsquery ${where}`, [tsquery]);
    const api = await time(async () => {
      const res = await fetch(`${server.url}/api/v1/knowledge/public/articles?limit=20&q=${encodeURIComponent(q)}`);
      if (res.status !== 200) throw new Error(`public: ${res.status}`);
      await res.json();
    });
    const raw = await time(() => rawSearch(ranked(where), [tsquery, 21]));
    report(`public search "${q}"`, n, api, raw);
  }
  {
    const api = await time(() => get('/knowledge/articles?limit=20'));
    const raw = await time(() => client.query(`select id, title, body, category, tags, audience, status, version, updated_at, updated_by_name
      from knowledge_articles order by updated_at desc, id desc limit 21`));
    report('list, newest change first', articleCount, api, raw);
  }
  {
    const am = await signIn(server.url, 'cs.am1');
    const headers = { cookie: `xiang_session=${encodeURIComponent(am)}`, 'content-type': 'application/json' };
    const customer = (await (await fetch(`${server.url}/api/v1/customers?limit=1`, { headers })).json()).items[0];
    const text = { title: '家里宽带断了，光猫 LOS 灯红色闪烁', description: '昨晚开始无法上网，重启路由器也不行，客户着急办公。' };
    const ticket = await (await fetch(`${server.url}/api/v1/tickets`, { method: 'POST', headers, body: JSON.stringify({ kind: 'fault', customerId: customer.id, ...text }) })).json();
    const tsquery = searchQuery(`${text.title} ${text.description}`, 'any', { most: 24 })!;
    const where = `and status = 'published'`;
    const { rows: [{ n }] } = await client.query<{ n: number }>(`select count(*)::int as n from knowledge_articles where heading @@ $1::tsquery ${where}`, [tsquery]);
    const api = await time(() => get(`/tickets/${ticket.id}/suggested-articles`));
    // Any of many words: only the titles' and tags' pool (search.ts).
    const headingOnly = `select id, title, body, category, tags, audience, status, version, updated_at, updated_by_name,
        (ts_rank(search, $1::tsquery) * 1000000)::int as score
      from knowledge_articles where id in (select id from knowledge_articles where heading @@ $1::tsquery ${where} limit ${poolSize})
      order by score desc, id desc limit $2`;
    const raw = await time(() => rawSearch(headingOnly, [tsquery, 6]));
    report('suggestions for a ticket (any word)', n, api, raw);
  }
} finally {
  await client.end().catch(() => undefined);
  await stopServer(server.child);
}
