import { sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { scaleOf, type AnswerValue, type Question, type QuestionResult, type ResponseQuery, type SurveyPeriod, type SurveyResults, type TextAnswerQuery } from '@xiang/shared';
import { rows, type Db } from '../platform/db/index.ts';
import { invalid } from '../platform/errors.ts';
import { defineMessages } from '../platform/messages.ts';
import { decodeCursor, pageOf } from '../platform/paging.ts';
import type { Scope } from '../platform/scope.ts';
import { surveyInScope } from './surveys.ts';

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

/**
 * 问卷结果的统计 — one pass over the survey's responses of the period (its index on survey and
 * time), one row of counts: the responses, and per question how many answered, each option's and
 * each score's count — `FILTER` aggregates of each answer taken out of the JSON once per row.
 * Far cheaper than expanding every answer into rows (jsonb_each) and grouping them: a fifth of
 * the time at 100,000 responses (bench/surveys.ts). Exported as the benchmark's raw statement.
 */
export function tallyStatement(surveyId: string, questions: Question[], period: SQL) {
  const counts: SQL[] = [sql`count(*)::int`];
  const takes: SQL[] = [];
  questions.forEach((q, i) => {
    const answer = sql.raw(`a${i}`);
    takes.push(sql`r.answers -> ${q.id}::text as ${answer}`);
    counts.push(sql`count(${answer})::int`);
    if (q.kind === 'single' || q.kind === 'multiple') for (const o of q.options) counts.push(sql`(count(*) filter (where ${answer} ? ${o.id}::text))::int`);
    if (q.kind === 'rating') for (const score of scoresOf(q.scale)) counts.push(sql`(count(*) filter (where ${answer} = ${String(score)}::jsonb))::int`);
  });
  // offset 0 keeps the answers taken out once per row, not once per aggregate.
  return sql`select array[${sql.join(counts, sql`, `)}] as counts
    from (select ${sql.join([sql`1 as one`, ...takes], sql`, `)} from tracking_survey_responses r where r.survey_id = ${surveyId} ${period} offset 0) x`;
}

const scoresOf = (scale: 'stars' | 'nps') => {
  const { min, max } = scaleOf(scale);
  return Array.from({ length: max - min + 1 }, (_, i) => min + i);
};

/** 问卷结果 — the responses of a period, each question's counts in its own order; average and NPS for ratings. */
export async function surveyResults(db: Db, scope: Scope, surveyId: string, query: Period): Promise<SurveyResults> {
  const survey = await surveyInScope(db, scope, surveyId);
  const [{ counts }] = await rows<{ counts: number[] }>(db, tallyStatement(survey.id, survey.questions, periodOf(query)));
  // The counts come in the order the statement asked for them.
  let at = 0;
  const next = () => counts[at++];
  const responses = next();
  return { responses, questions: survey.questions.map((q) => resultOf(q, next)) };
}

function resultOf(q: Question, next: () => number): QuestionResult {
  const answered = next();
  if (q.kind === 'single' || q.kind === 'multiple') return { questionId: q.id, answered, options: q.options.map((o) => ({ optionId: o.id, count: next() })) };
  if (q.kind === 'text') return { questionId: q.id, answered };
  const scores = scoresOf(q.scale).map((score) => ({ score, count: next() }));
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
  const survey = await surveyInScope(db, scope, surveyId);
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
  const survey = await surveyInScope(db, scope, surveyId);
  const after = query.cursor ? decodeCursor(query.cursor, responseKey) : null;
  const found = await rows<{ id: string; submittedAt: Date | string; answers: Record<string, AnswerValue>; visitorId: string | null; isIdentified: boolean }>(db, sql`
    select r.id, r.submitted_at as "submittedAt", r.answers, r.visitor_id as "visitorId", r.customer_id is not null as "isIdentified"
    from tracking_survey_responses r
    where r.survey_id = ${survey.id} ${periodOf(query)}
      ${after ? sql`and (r.submitted_at, r.id) < (${after[0].toISOString()}::timestamptz, ${after[1]}::uuid)` : sql``}
    order by r.submitted_at desc, r.id desc limit ${query.limit + 1}`);
  return pageOf(found.map((r) => ({ ...r, submittedAt: new Date(r.submittedAt) })), query.limit, (last) => [last.submittedAt, last.id]);
}
