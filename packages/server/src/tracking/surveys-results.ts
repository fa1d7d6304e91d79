import { sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { scaleOf, type AnswerValue, type Question, type QuestionResult, type ResponseQuery, type SurveyPeriod, type SurveyResults, type TextAnswerQuery } from '@xiang/shared';
import { rows, type Db } from '../platform/db/index.ts';
import { invalid } from '../platform/errors.ts';
import { defineMessages } from '../platform/messages.ts';
import { decodeCursor, pageOf } from '../platform/paging.ts';
import type { Scope } from '../platform/scope.ts';
import { getSurvey } from './surveys.ts';

const tell = defineMessages({
  surveyPeriodBackwards: { en: 'The period ends before it starts: "until" is before "since".', zh: '时间段的结束早于开始：“until”早于“since”。' },
  surveyNotText: { en: 'Question "{id}" is no text question of this survey.', zh: '“{id}”不是本问卷的文字题。' },
});

type Period = z.infer<typeof SurveyPeriod>;
const responseKey = ['instant', 'uuid'] as const;

function periodOf(query: Period): SQL {
  if (query.since && query.until && query.until < query.since) throw invalid('until', tell('surveyPeriodBackwards'));
  return sql`${query.since ? sql`and r.submitted_at >= ${query.since.toISOString()}::timestamptz` : sql``}
    ${query.until ? sql`and r.submitted_at < ${query.until.toISOString()}::timestamptz` : sql``}`;
}

type Tally = { question: string; kind: 'option' | 'score' | 'answered'; value: string | null; count: number };

/**
 * 问卷结果的统计 — one pass over the survey's responses of the period (its index on survey and
 * time): per question how many answered, each option's and each score's count. Exported as the
 * benchmark's raw statement.
 */
export function tallyStatement(surveyId: string, period: SQL) {
  return sql`with a as (
      select e.key, e.value from tracking_survey_responses r cross join lateral jsonb_each(r.answers) e
      where r.survey_id = ${surveyId} ${period})
    select key as question, 'answered' as kind, null as value, count(*)::int as count from a group by key
    union all
    select key, 'option', o, count(*)::int from a cross join lateral jsonb_array_elements_text(a.value) o
      where jsonb_typeof(a.value) = 'array' group by key, o
    union all
    select key, 'score', a.value::text, count(*)::int from a where jsonb_typeof(a.value) = 'number' group by key, a.value::text
    union all
    select '', 'answered', null, count(*)::int from tracking_survey_responses r where r.survey_id = ${surveyId} ${period}`;
}

/** 问卷结果 — the responses of a period, each question's counts in its own order; average and NPS for ratings. */
export async function surveyResults(db: Db, scope: Scope, surveyId: string, query: Period): Promise<SurveyResults> {
  const survey = await getSurvey(db, scope, surveyId);
  const tallies = await rows<Tally>(db, tallyStatement(survey.id, periodOf(query)));
  const countOf = (question: string, kind: Tally['kind'], value: string | null) =>
    tallies.find((t) => t.question === question && t.kind === kind && t.value === value)?.count ?? 0;
  return {
    responses: countOf('', 'answered', null),
    questions: survey.questions.map((q) => resultOf(q, countOf)),
  };
}

function resultOf(q: Question, countOf: (question: string, kind: Tally['kind'], value: string | null) => number): QuestionResult {
  const answered = countOf(q.id, 'answered', null);
  if (q.kind === 'single' || q.kind === 'multiple') return { questionId: q.id, answered, options: q.options.map((o) => ({ optionId: o.id, count: countOf(q.id, 'option', o.id) })) };
  if (q.kind === 'text') return { questionId: q.id, answered };
  const { min, max } = scaleOf(q.scale);
  const scores = Array.from({ length: max - min + 1 }, (_, i) => ({ score: min + i, count: countOf(q.id, 'score', String(min + i)) }));
  const sum = scores.reduce((total, s) => total + s.score * s.count, 0);
  const average = answered ? Math.round((sum / answered) * 100) / 100 : null;
  if (q.scale !== 'nps') return { questionId: q.id, answered, scores, average };
  // 净推荐值 — promoters (9–10) less detractors (0–6), as a share of those who answered.
  const promoters = scores.filter((s) => s.score >= 9).reduce((n, s) => n + s.count, 0);
  const detractors = scores.filter((s) => s.score <= 6).reduce((n, s) => n + s.count, 0);
  return { questionId: q.id, answered, scores, average, nps: answered ? Math.round(((promoters - detractors) / answered) * 1000) / 10 : null };
}

/** 文字回答 — one text question's answers of the period, newest first, a page at a time. */
export async function textAnswers(db: Db, scope: Scope, surveyId: string, questionId: string, query: z.infer<typeof TextAnswerQuery>) {
  const survey = await getSurvey(db, scope, surveyId);
  if (!survey.questions.some((q) => q.id === questionId && q.kind === 'text')) throw invalid('questionId', tell('surveyNotText', { id: questionId }));
  const after = query.cursor ? decodeCursor(query.cursor, responseKey) : null;
  const found = await rows<{ responseId: string; text: string; submittedAt: Date | string; isIdentified: boolean }>(db, sql`
    select r.id as "responseId", r.answers->>${questionId} as text, r.submitted_at as "submittedAt", r.customer_id is not null as "isIdentified"
    from tracking_survey_responses r
    where r.survey_id = ${survey.id} and r.answers ? ${questionId} ${periodOf(query)}
      ${after ? sql`and (r.submitted_at, r.id) < (${after[0].toISOString()}::timestamptz, ${after[1]}::uuid)` : sql``}
    order by r.submitted_at desc, r.id desc limit ${query.limit + 1}`);
  const page = pageOf(found.map((r) => ({ ...r, submittedAt: new Date(r.submittedAt) })), query.limit, (last) => [last.submittedAt, last.responseId]);
  return page;
}

/** 答卷 — the survey's responses of the period as given, newest first (for reading back and export). */
export async function surveyResponses(db: Db, scope: Scope, surveyId: string, query: z.infer<typeof ResponseQuery>) {
  const survey = await getSurvey(db, scope, surveyId);
  const after = query.cursor ? decodeCursor(query.cursor, responseKey) : null;
  const found = await rows<{ id: string; submittedAt: Date | string; answers: Record<string, AnswerValue>; visitorId: string | null; isIdentified: boolean }>(db, sql`
    select r.id, r.submitted_at as "submittedAt", r.answers, r.visitor_id as "visitorId", r.customer_id is not null as "isIdentified"
    from tracking_survey_responses r
    where r.survey_id = ${survey.id} ${periodOf(query)}
      ${after ? sql`and (r.submitted_at, r.id) < (${after[0].toISOString()}::timestamptz, ${after[1]}::uuid)` : sql``}
    order by r.submitted_at desc, r.id desc limit ${query.limit + 1}`);
  return pageOf(found.map((r) => ({ ...r, submittedAt: new Date(r.submittedAt) })), query.limit, (last) => [last.submittedAt, last.id]);
}
