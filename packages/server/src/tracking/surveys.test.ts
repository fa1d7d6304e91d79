import { createHmac } from 'node:crypto';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { identityMessage, type QuestionInput } from '@xiang/shared';
import { rows } from '../platform/db/index.ts';
import { startTestApp, type Client, type TestApp } from '../test/harness.ts';
import { expectRefused, type Refusal } from '../test/refusals.ts';
import { auditOf } from '../test/written.ts';
import { forgetRates } from './rate.ts';
import { forgetSurveyRates } from './surveys-answers.ts';

let t: TestApp;
let manager: Client;
let site: { id: string; siteKey: string; secret: string };
let liMing: string;
const origin = 'https://shop.example.cn';

const questions: QuestionInput[] = [
  { id: 'plan', kind: 'single', title: '您使用的套餐', isRequired: true, options: [{ id: 'o1', label: '5G 畅享' }, { id: 'o2', label: '宽带融合' }, { id: 'o3', label: '其他' }] },
  { id: 'uses', kind: 'multiple', title: '常用的业务', options: [{ id: 'a', label: '话费查询' }, { id: 'b', label: '充值' }, { id: 'c', label: '办理宽带' }] },
  { id: 'stars', kind: 'rating', scale: 'stars', title: '整体满意度', isRequired: true },
  { id: 'nps', kind: 'rating', scale: 'nps', title: '推荐给朋友的可能性' },
  { id: 'say', kind: 'text', title: '还想对我们说' },
];

async function newSurvey(client = manager, body: object = {}) {
  const res = await client({ method: 'POST', url: '/api/v1/tracking/surveys', payload: { siteId: site.id, title: '营业厅满意度调查', intro: '占用您一分钟', thanks: '谢谢！', questions, ...body } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; key: string; status: string };
}
async function openSurvey(body: object = {}) {
  const survey = await newSurvey(manager, body);
  expect((await manager({ method: 'POST', url: `/api/v1/tracking/surveys/${survey.id}/open` })).statusCode).toBe(200);
  return survey;
}

const answerRequest = (key: string, payload: object, from = origin): InjectOptions => ({
  method: 'POST', url: `/api/v1/surveys/${key}/responses`, payload: JSON.stringify(payload), headers: { 'content-type': 'text/plain', origin: from },
});
const answer = (key: string, payload: object, from?: string) => t.app.inject(answerRequest(key, payload, from));
let nextSubmission = 0;
const submissionId = () => `sub${String(++nextSubmission).padStart(8, '0')}${Math.random().toString(36).slice(2, 8)}`;
const good = { plan: ['o2'], uses: ['a', 'c'], stars: 4, nps: 9, say: '营业厅排队太久' };

const responsesOf = (surveyId: string) => rows<{ submission_id: string; answers: object; customer_id: string | null }>(t.database.db,
  sql`select submission_id, answers, customer_id from tracking_survey_responses where survey_id = ${surveyId} order by submitted_at, id`);
const surveyRows = async () => (await rows<{ n: number; h: string }>(t.database.db, sql`select
  (select count(*) from tracking_survey_responses)::int as n,
  (select md5(coalesce(string_agg(s::text, '|' order by s.id), '')) from tracking_surveys s) as h`))[0];

beforeAll(async () => {
  t = await startTestApp({ customers: 0 });
  manager = await t.as('cs.manager');
  const made = (await manager({ method: 'POST', url: '/api/v1/tracking/sites', payload: { name: '网上营业厅', allowedOrigins: [origin] } })).json();
  const secret = (await manager({ method: 'GET', url: `/api/v1/tracking/sites/${made.id}/identity-secret` })).json().identitySecret;
  site = { id: made.id, siteKey: made.siteKey, secret };
  const am = await t.as('cs.am1');
  liMing = (await am({ method: 'POST', url: '/api/v1/customers', payload: { name: '李明', identities: [{ kind: 'phone', value: '13807310001' }] } })).json().id;
});
afterAll(() => t.close());
beforeEach(() => {
  forgetRates();
  forgetSurveyRates();
});

describe('building a survey', () => {
  it('is made a draft with an audit row, and its link answers 404 until it is opened', async () => {
    const survey = await newSurvey();
    expect(survey.status).toBe('draft');
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/surveys/${survey.key}` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/s/${survey.key}` })).statusCode).toBe(404);
    await manager({ method: 'POST', url: `/api/v1/tracking/surveys/${survey.id}/open` });
    const page = await t.app.inject({ method: 'GET', url: `/s/${survey.key}?lang=en` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<html lang="en">');
    expect(page.body).toContain('营业厅满意度调查');
    await manager({ method: 'POST', url: `/api/v1/tracking/surveys/${survey.id}/close` });
    expect((await auditOf(t.database.db, 'survey', survey.id)).map((a) => a.action)).toEqual(['survey.created', 'survey.opened', 'survey.closed']);
  });

  it('serves the link page in the visitor\'s language (Chinese unless English comes first), with the survey inside and only a well-formed visitor id', async () => {
    const survey = await openSurvey({ title: '</script><script>alert(1)</script>' });
    const zh = await t.app.inject({ method: 'GET', url: `/s/${survey.key}?v=visitor-0001`, headers: { 'accept-language': 'fr-FR,en;q=0.5' } });
    expect(zh.body).toContain('<html lang="zh-CN">');
    expect(zh.body).toContain('data-visitor="visitor-0001"');
    expect(zh.body).not.toContain('</script><script>alert(1)');
    expect(zh.headers['content-security-policy']).toContain("script-src 'self'");
    const en = await t.app.inject({ method: 'GET', url: `/s/${survey.key}?v=%22%3E%3Cb%3E`, headers: { 'accept-language': 'en-GB,zh;q=0.5' } });
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).not.toContain('data-visitor');
    const data = JSON.parse(/<script type="application\/json" id="xiang-survey-data">(.*?)<\/script>/s.exec(en.body)![1]);
    expect(data).toMatchObject({ key: survey.key, status: 'open', title: '</script><script>alert(1)</script>' });
    const form = await t.app.inject({ method: 'GET', url: '/widget-survey.js' });
    expect(form.statusCode).toBe(200);
    expect(form.headers['content-type']).toContain('text/javascript');
  });

  it('lets marketing build surveys, refuses an account manager (403), and lets an analyst read them', async () => {
    const marketing = await t.as('hn.marketing');
    await newSurvey(marketing);
    const am = await t.as('cs.am1');
    const analyst = await t.as('hn.analyst');
    const refused = await am({ method: 'POST', url: '/api/v1/tracking/surveys', payload: { siteId: site.id, title: 'x', questions } });
    expect(refused.statusCode).toBe(403);
    expect((await analyst({ method: 'GET', url: `/api/v1/tracking/surveys?siteId=${site.id}` })).json().items.length).toBeGreaterThan(0);
  });

  it('keeps another unit\'s survey out of sight: reading, changing, opening and its results are 404', async () => {
    // A survey of the province's own site: a Changsha manager, below it, may not see it.
    const province = await t.as('hn.manager');
    const provinceSite = (await province({ method: 'POST', url: '/api/v1/tracking/sites', payload: { name: '湖南门户', allowedOrigins: [origin] } })).json();
    const survey = await newSurvey(province, { siteId: provinceSite.id });
    const zhuzhou = manager;
    for (const request of [
      { method: 'GET', url: `/api/v1/tracking/surveys/${survey.id}` },
      { method: 'PATCH', url: `/api/v1/tracking/surveys/${survey.id}`, payload: { title: '改' } },
      { method: 'POST', url: `/api/v1/tracking/surveys/${survey.id}/open` },
      { method: 'GET', url: `/api/v1/tracking/surveys/${survey.id}/results` },
    ] as InjectOptions[]) expect((await zhuzhou(request)).statusCode, String(request.url)).toBe(404);
    expect((await zhuzhou({ method: 'GET', url: '/api/v1/tracking/surveys' })).json().items.map((s: { id: string }) => s.id)).not.toContain(survey.id);
  });

  const badSurveys: (Omit<Refusal, 'request'> & { body: object })[] = [
    { name: 'no question', body: { questions: [] }, status: 400, field: 'questions' },
    { name: 'eleven questions', body: { questions: Array.from({ length: 11 }, (_, i) => ({ id: `q${i}`, kind: 'text', title: '题' })) }, status: 400, field: 'questions' },
    { name: 'a question id twice', body: { questions: [{ id: 'q', kind: 'text', title: 'a' }, { id: 'q', kind: 'text', title: 'b' }] }, status: 400, field: 'questions' },
    { name: 'a choice of one option', body: { questions: [{ id: 'q', kind: 'single', title: 'a', options: [{ id: 'o', label: 'x' }] }] }, status: 400, field: 'questions.0.options' },
    { name: 'twenty-one options', body: { questions: [{ id: 'q', kind: 'multiple', title: 'a', options: Array.from({ length: 21 }, (_, i) => ({ id: `o${i}`, label: `${i}` })) }] }, status: 400, field: 'questions.0.options' },
    { name: 'a rating without its scale', body: { questions: [{ id: 'q', kind: 'rating', title: 'a' }] }, status: 400, field: 'questions.0.scale' },
    { name: 'an unknown kind', body: { questions: [{ id: 'q', kind: 'matrix', title: 'a' }] }, status: 400, field: 'questions.0.kind' },
    { name: 'a blank title', body: { title: '   ' }, status: 400, field: 'title' },
  ];
  for (const row of badSurveys) {
    it(`refuses ${row.name} (${row.status}), storing nothing`, async () => {
      const before = await surveyRows();
      await expectRefused(t, manager, { ...row, request: { method: 'POST', url: '/api/v1/tracking/surveys', payload: { siteId: site.id, title: '问卷', questions, ...row.body } } });
      expect(await surveyRows()).toEqual(before);
    });
  }

  it('changes the questions of a survey no one has answered, and refuses once it has an answer (409), keeping the old ones', async () => {
    const survey = await openSurvey();
    // A change names each question whole, whether it must be answered too: nothing is filled in for it.
    const whole = questions.map((q) => ({ isRequired: false, ...q }));
    await expectRefused(t, manager, { name: 'unsaid', status: 400, field: 'questions.0.isRequired', request: { method: 'PATCH', url: `/api/v1/tracking/surveys/${survey.id}`, payload: { questions: [{ ...whole[0], isRequired: undefined }, ...whole.slice(1)] } } });
    const reworded = whole.map((q) => (q.id === 'say' ? { ...q, title: '建议' } : q));
    const changed = await manager({ method: 'PATCH', url: `/api/v1/tracking/surveys/${survey.id}`, payload: { questions: reworded } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await answer(survey.key, { submissionId: submissionId(), answers: good })).statusCode).toBe(200);
    await expectRefused(t, manager, { name: 'answered', status: 409, field: 'questions', request: { method: 'PATCH', url: `/api/v1/tracking/surveys/${survey.id}`, payload: { questions: whole } } });
    const title = await manager({ method: 'PATCH', url: `/api/v1/tracking/surveys/${survey.id}`, payload: { title: '新标题' } });
    expect(title.json()).toMatchObject({ title: '新标题', questions: reworded });
  });
});

describe('answering', () => {
  let survey: { id: string; key: string };
  beforeAll(async () => { survey = await openSurvey(); });

  const badAnswers: { name: string; answers: object; field: string }[] = [
    { name: 'an unknown question', answers: { ...good, other: 'x' }, field: 'answers.other' },
    { name: 'an option the question lacks', answers: { ...good, plan: ['o9'] }, field: 'answers.plan' },
    { name: 'two options of a single choice', answers: { ...good, plan: ['o1', 'o2'] }, field: 'answers.plan' },
    { name: 'an empty choice', answers: { ...good, uses: [] }, field: 'answers.uses' },
    { name: 'an option twice', answers: { ...good, uses: ['a', 'a'] }, field: 'answers.uses' },
    { name: 'a choice answered with words', answers: { ...good, plan: 'o1' }, field: 'answers.plan' },
    { name: 'a star rating of 6', answers: { ...good, stars: 6 }, field: 'answers.stars' },
    { name: 'a star rating of 0', answers: { ...good, stars: 0 }, field: 'answers.stars' },
    { name: 'an NPS of 11', answers: { ...good, nps: 11 }, field: 'answers.nps' },
    { name: 'a rating of 3.5', answers: { ...good, stars: 3.5 }, field: 'answers.stars' },
    { name: 'a text answer of blanks', answers: { ...good, say: '   ' }, field: 'answers.say' },
    { name: 'a text answer of 2001 characters', answers: { ...good, say: '长'.repeat(2001) }, field: 'answers.say' },
    { name: 'a missing required answer', answers: { uses: ['a'], stars: 3 }, field: 'answers.plan' },
  ];
  for (const row of badAnswers) {
    it(`refuses ${row.name} (400 naming ${row.field}), storing nothing`, async () => {
      const before = await surveyRows();
      await expectRefused(t, (o) => t.app.inject(o), { name: row.name, status: 400, field: row.field, request: answerRequest(survey.key, { submissionId: submissionId(), answers: row.answers }) });
      expect(await surveyRows()).toEqual(before);
    });
  }

  it('refuses a page of another origin (403) and a closed survey (409), storing nothing', async () => {
    const before = await surveyRows();
    await expectRefused(t, (o) => t.app.inject(o), { name: 'origin', status: 403, field: 'origin', request: answerRequest(survey.key, { submissionId: submissionId(), answers: good }, 'https://evil.example') });
    const closed = await openSurvey();
    await manager({ method: 'POST', url: `/api/v1/tracking/surveys/${closed.id}/close` });
    const afterClosing = await surveyRows();
    await expectRefused(t, (o) => t.app.inject(o), { name: 'closed', status: 409, field: 'survey', request: answerRequest(closed.key, { submissionId: submissionId(), answers: good }) });
    expect(await surveyRows()).toEqual(afterClosing);
    expect(before.n).toBe(afterClosing.n);
  });

  it('takes our own link page\'s origin', async () => {
    const res = await t.app.inject({ ...answerRequest(survey.key, { submissionId: submissionId(), answers: good }, 'http://crm.test'), headers: { 'content-type': 'text/plain', origin: 'http://crm.test', host: 'crm.test' } });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('stores a retried submission once and answers the first response\'s id', async () => {
    const id = submissionId();
    const first = (await answer(survey.key, { submissionId: id, answers: good })).json();
    const again = (await answer(survey.key, { submissionId: id, answers: good })).json();
    expect(first.isDuplicate).toBe(false);
    expect(again).toEqual({ responseId: first.responseId, isDuplicate: true });
    expect((await responsesOf(survey.id)).filter((r) => r.submission_id === id)).toHaveLength(1);
  });

  it('slows a flood from one address (429)', async () => {
    const { surveyRates } = await import('./surveys-answers.ts');
    const limit = surveyRates.answersPerMinutePerAddress;
    surveyRates.answersPerMinutePerAddress = 2;
    try {
      for (let i = 0; i < 2; i++) expect((await answer(survey.key, { submissionId: submissionId(), answers: good })).statusCode).toBe(200);
      expect((await answer(survey.key, { submissionId: submissionId(), answers: good })).statusCode).toBe(429);
    } finally {
      surveyRates.answersPerMinutePerAddress = limit;
    }
  });

  it('accepts any valid answer set and reads it back as given', async () => {
    const option = (ids: string[]) => fc.constantFrom(...ids);
    const answerSet = fc.record({
      plan: option(['o1', 'o2', 'o3']).map((o) => [o]),
      uses: fc.subarray(['a', 'b', 'c'], { minLength: 1 }),
      stars: fc.integer({ min: 1, max: 5 }),
      nps: fc.integer({ min: 0, max: 10 }),
      say: fc.string({ minLength: 1, maxLength: 200 }).filter((s) => s.trim().length > 0),
    }, { requiredKeys: ['plan', 'stars'] });
    await fc.assert(fc.asyncProperty(answerSet, async (answers) => {
      forgetSurveyRates();
      const res = await answer(survey.key, { submissionId: submissionId(), answers });
      expect(res.statusCode, res.body).toBe(200);
      const read = await manager({ method: 'GET', url: `/api/v1/tracking/surveys/${survey.id}/responses?limit=1` });
      expect(read.json().items[0]).toMatchObject({ id: res.json().responseId, answers });
    }), { numRuns: 25 });
  });

  it('refuses an answer set with any one wrong part and stores nothing', async () => {
    const wrongPart = fc.oneof(
      fc.constant({ plan: ['o4'] }), fc.integer({ min: 6, max: 1000 }).map((stars) => ({ stars })), fc.integer({ min: -1000, max: 0 }).map((stars) => ({ stars })),
      fc.integer({ min: 11, max: 99 }).map((nps) => ({ nps })), fc.string({ minLength: 1, maxLength: 8 }).filter((id) => /^[a-z]+$/.test(id) && !(id in good)).map((id) => ({ [id]: 'x' })),
      fc.constant({ uses: ['a', 'd'] }), fc.constant({ say: ['a'] }),
    );
    await fc.assert(fc.asyncProperty(wrongPart, async (wrong) => {
      forgetSurveyRates();
      const before = await surveyRows();
      const res = await answer(survey.key, { submissionId: submissionId(), answers: { ...good, ...wrong } });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().field).toBe(`answers.${Object.keys(wrong)[0]}`);
      expect(await surveyRows()).toEqual(before);
    }), { numRuns: 30 });
  });
});

describe('results and the customer\'s timeline', () => {
  it('counts each option and score of a period, with the average and NPS', async () => {
    const survey = await openSurvey();
    for (const [plan, stars, nps] of [['o1', 5, 10], ['o1', 4, 9], ['o2', 2, 3]] as const) {
      await answer(survey.key, { submissionId: submissionId(), answers: { plan: [plan], stars, nps, say: `说${stars}` } });
    }
    const results = (await manager({ method: 'GET', url: `/api/v1/tracking/surveys/${survey.id}/results` })).json();
    expect(results.responses).toBe(3);
    const [plan, , stars, nps, say] = results.questions;
    expect(plan.options).toEqual([{ optionId: 'o1', count: 2 }, { optionId: 'o2', count: 1 }, { optionId: 'o3', count: 0 }]);
    expect(stars).toMatchObject({ answered: 3, average: 3.67 });
    expect(stars.scores.map((s: { count: number }) => s.count)).toEqual([0, 1, 0, 1, 1]);
    expect(nps.nps).toBe(33.3);
    expect(say.answered).toBe(3);
    const texts = (await manager({ method: 'GET', url: `/api/v1/tracking/surveys/${survey.id}/questions/say/text-answers?limit=2` })).json();
    expect(texts.items.map((a: { text: string }) => a.text)).toEqual(['说2', '说4']);
    const rest = (await manager({ method: 'GET', url: `/api/v1/tracking/surveys/${survey.id}/questions/say/text-answers?limit=2&cursor=${texts.nextCursor}` })).json();
    expect(rest.items.map((a: { text: string }) => a.text)).toEqual(['说5']);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await manager({ method: 'GET', url: `/api/v1/tracking/surveys/${survey.id}/results?since=${future}` })).json().responses).toBe(0);
  });

  it('puts a known visitor\'s answer on the customer\'s timeline, and a merge carries it to the survivor', async () => {
    const survey = await openSurvey();
    const visitorId = 'surveyvisitor01';
    const expiresAt = Date.now() + 600_000;
    const signature = createHmac('sha256', site.secret).update(identityMessage({ kind: 'phone', value: '13807310001', visitorId, expiresAt })).digest('hex');
    const collect = await t.app.inject({ method: 'POST', url: '/api/v1/collect', headers: { 'content-type': 'text/plain', origin, 'user-agent': 'Mozilla/5.0 (Linux; Android 14) Chrome/130.0 Mobile Safari/537.36' },
      payload: JSON.stringify({ site: site.siteKey, visitorId, sentAt: Date.now(), events: [{ id: 'survey-event-0001', type: 'pageview', at: Date.now(), url: `${origin}/` }], identity: { kind: 'phone', value: '13807310001', signature, expiresAt } }) });
    expect(collect.json(), collect.body).toMatchObject({ identified: true });
    const anonymous = await answer(survey.key, { submissionId: submissionId(), answers: good });
    const known = await answer(survey.key, { submissionId: submissionId(), visitorId, answers: good });
    expect(anonymous.statusCode).toBe(200);
    const entries = await rows<{ summary: string; payload: { responseId: string } }>(t.database.db,
      sql`select summary, payload from interactions where customer_id = ${liMing} and type = 'survey.answered'`);
    expect(entries).toHaveLength(1);
    expect(entries[0].payload.responseId).toBe(known.json().responseId);
    expect(entries[0].summary).toBe('回答问卷「营业厅满意度调查」：您使用的套餐 宽带融合；常用的业务 话费查询、办理宽带；整体满意度 4 分');

    const am = await t.as('cs.am1');
    const survivor = (await am({ method: 'POST', url: '/api/v1/customers', payload: { name: '李明（新）' } })).json().id;
    const merged = await am({ method: 'POST', url: '/api/v1/customers/merge', payload: { survivorId: survivor, mergedId: liMing } });
    expect(merged.statusCode, merged.body).toBeLessThan(300);
    expect((await responsesOf(survey.id)).filter((r) => r.customer_id).map((r) => r.customer_id)).toEqual([survivor]);
  });
});
