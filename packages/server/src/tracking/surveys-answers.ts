import { and, eq, ne, sql } from 'drizzle-orm';
import { scaleOf, surveyLimits, type AnswerValue, type PublicSurvey, type Question, type SurveySubmission } from '@xiang/shared';
import { rows, type Db } from '../platform/db/index.ts';
import { conflict, invalid, notFound, Problem } from '../platform/errors.ts';
import { defineMessages } from '../platform/messages.ts';
import { minuteWindows } from '../platform/rate-window.ts';
import { recordSystemInteraction } from '../interactions/system.ts';
import { trackingSites, trackingSurveyResponses, trackingSurveys } from './schema.ts';

const tell = defineMessages({
  surveyOriginNotAllowed: { en: 'The page\'s origin {origin} is not one of the survey\'s site\'s allowed origins.', zh: '页面来源 {origin} 不在该问卷所属站点允许的来源中。' },
  surveyClosed: { en: 'This survey is closed and takes no more answers.', zh: '该问卷已关闭，不再接受回答。' },
  surveyUnknownQuestion: { en: 'The survey has no question "{id}".', zh: '问卷中没有题目“{id}”。' },
  surveyChoiceExpected: { en: 'Answer question "{id}" with a list of its option ids.', zh: '题目“{id}”须以选项编号列表作答。' },
  surveyOneChoice: { en: 'Question "{id}" takes exactly one option.', zh: '题目“{id}”只能选一项。' },
  surveyNoChoice: { en: 'Question "{id}" has an empty answer: choose at least one option, or leave the question out.', zh: '题目“{id}”的答案为空：请至少选一项，或不答此题。' },
  surveyUnknownOption: { en: 'Question "{id}" has no option "{option}".', zh: '题目“{id}”没有选项“{option}”。' },
  surveyRepeatedOption: { en: 'Question "{id}" names option "{option}" twice.', zh: '题目“{id}”重复选择了选项“{option}”。' },
  surveyScoreOutOfRange: { en: 'Question "{id}" is answered with a whole number from {min} to {max}.', zh: '题目“{id}”须以 {min} 到 {max} 的整数作答。' },
  surveyTextExpected: { en: 'Question "{id}" is answered with words.', zh: '题目“{id}”须以文字作答。' },
  surveyTextEmpty: { en: 'Question "{id}" has an empty answer: write something, or leave the question out.', zh: '题目“{id}”的答案为空：请填写内容，或不答此题。' },
  surveyTextTooLong: { en: 'The answer to question "{id}" is longer than {max} characters.', zh: '题目“{id}”的回答超过 {max} 个字符。' },
  surveyRequired: { en: 'Question "{id}" must be answered.', zh: '题目“{id}”为必答题。' },
});

/** 答卷的防刷 — submissions per client address and per survey each minute, in memory (as ingest's). */
export const surveyRates = {
  answersPerMinutePerAddress: Number(process.env.SURVEY_ANSWERS_PER_MINUTE_PER_ADDRESS ?? 120),
  answersPerMinutePerSurvey: Number(process.env.SURVEY_ANSWERS_PER_MINUTE_PER_SURVEY ?? 6_000),
};
const windows = minuteWindows();
/** Tests start each case with clean counts. */
export const forgetSurveyRates = () => windows.forget();

/** 公开问卷 — what the link page and the script render; a draft (or a key no survey has) is a 404. */
export async function publicSurvey(db: Db, key: string): Promise<PublicSurvey> {
  const [survey] = await db.select({ key: trackingSurveys.key, status: trackingSurveys.status, title: trackingSurveys.title, intro: trackingSurveys.intro,
    thanks: trackingSurveys.thanks, questions: trackingSurveys.questions }).from(trackingSurveys)
    .where(and(eq(trackingSurveys.key, key), ne(trackingSurveys.status, 'draft')));
  if (!survey) throw notFound('Survey');
  return survey;
}

export interface AnswerDelivery {
  key: string;
  submission: SurveySubmission;
  origin: string | undefined;
  /** This server's own host (the Host header): the link page posts from it. */
  ownHost: string | undefined;
  /** The client's address, for the flood guard only; never stored. */
  address: string;
}

/**
 * 提交答卷 — the survey by its key, the page's origin (the site's, or our own link page), the
 * flood guard, the answers against the questions; then, in one transaction, the response (once
 * per submission id: a retry finds the first) and, when the visitor is a known customer, the
 * entry on the customer's timeline. Nothing is stored unless every part is right.
 */
export async function answerSurvey(db: Db, delivery: AnswerDelivery) {
  const [found] = await db.select({ survey: trackingSurveys, site: { name: trackingSites.name, allowedOrigins: trackingSites.allowedOrigins } })
    .from(trackingSurveys).innerJoin(trackingSites, eq(trackingSites.id, trackingSurveys.siteId))
    .where(and(eq(trackingSurveys.key, delivery.key), ne(trackingSurveys.status, 'draft')));
  if (!found) throw notFound('Survey');
  const { survey, site } = found;
  if (!isAllowedOrigin(delivery.origin, site.allowedOrigins, delivery.ownHost)) {
    throw new Problem(403, 'Forbidden', tell('surveyOriginNotAllowed', { origin: (delivery.origin ?? '(none)').slice(0, 200) }), { field: 'origin' });
  }
  windows.take(`a\u0000${delivery.address}`, surveyRates.answersPerMinutePerAddress);
  windows.take(`s\u0000${survey.id}`, surveyRates.answersPerMinutePerSurvey);
  if (survey.status === 'closed') throw conflict(tell('surveyClosed'), { field: 'survey' });
  const { answers, submissionId, visitorId } = delivery.submission;
  checkAnswers(survey.questions, answers);

  return db.transaction(async (tx) => {
    // Shares the lock a change of questions or status takes: the answer is checked against the questions it is stored with.
    const [current] = await tx.select({ status: trackingSurveys.status }).from(trackingSurveys).where(eq(trackingSurveys.id, survey.id)).for('share');
    if (current.status !== 'open') throw conflict(tell('surveyClosed'), { field: 'survey' });
    const customerId = visitorId ? await customerOfVisitor(tx, survey.siteId, visitorId) : null;
    const [stored] = await tx.insert(trackingSurveyResponses).values({ surveyId: survey.id, submissionId, visitorId: visitorId ?? null, customerId, answers })
      .onConflictDoNothing().returning({ id: trackingSurveyResponses.id });
    if (!stored) {
      const [first] = await tx.select({ id: trackingSurveyResponses.id }).from(trackingSurveyResponses)
        .where(and(eq(trackingSurveyResponses.surveyId, survey.id), eq(trackingSurveyResponses.submissionId, submissionId)));
      return { responseId: first.id, isDuplicate: true };
    }
    if (customerId) {
      // The customer is the one the site's signed identity linked this visitor to (ingest); the entry is the system's.
      await recordSystemInteraction(tx, {
        customerId, kind: 'descriptive', channel: 'web', type: 'survey.answered',
        summary: summaryOf(survey.title, survey.questions, answers),
        payload: { surveyId: survey.id, surveyTitle: survey.title, responseId: stored.id, siteName: site.name },
      });
    }
    return { responseId: stored.id, isDuplicate: false };
  });
}

/** The site's own pages, or the link page this server serves (same host as the request). */
function isAllowedOrigin(origin: string | undefined, allowed: string[], ownHost: string | undefined) {
  if (!origin) return false;
  if (allowed.includes(origin)) return true;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host === ownHost;
  } catch {
    return false;
  }
}

async function customerOfVisitor(tx: Db, siteId: string, visitorId: string) {
  const [visitor] = await rows<{ customer_id: string | null }>(tx, sql`select customer_id from tracking_visitors where site_id = ${siteId} and visitor_id = ${visitorId}`);
  return visitor?.customer_id ?? null;
}

/**
 * Each answer against its question, and every required question answered; the first wrong part
 * is a 400 naming it (`answers.<question id>`). Values are stored as given, so nothing here changes one.
 */
export function checkAnswers(questions: Question[], answers: Record<string, AnswerValue>) {
  const byId = new Map(questions.map((q) => [q.id, q]));
  for (const [id, value] of Object.entries(answers)) {
    const question = byId.get(id);
    const field = `answers.${id}`;
    if (!question) throw invalid(field, tell('surveyUnknownQuestion', { id }));
    if (question.kind === 'single' || question.kind === 'multiple') {
      if (!Array.isArray(value)) throw invalid(field, tell('surveyChoiceExpected', { id }));
      if (!value.length) throw invalid(field, tell('surveyNoChoice', { id }));
      if (question.kind === 'single' && value.length > 1) throw invalid(field, tell('surveyOneChoice', { id }));
      const seen = new Set<string>();
      for (const option of value) {
        if (!question.options.some((o) => o.id === option)) throw invalid(field, tell('surveyUnknownOption', { id, option }));
        if (seen.has(option)) throw invalid(field, tell('surveyRepeatedOption', { id, option }));
        seen.add(option);
      }
    } else if (question.kind === 'rating') {
      const { min, max } = scaleOf(question.scale);
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) throw invalid(field, tell('surveyScoreOutOfRange', { id, min, max }));
    } else {
      if (typeof value !== 'string') throw invalid(field, tell('surveyTextExpected', { id }));
      if (!value.trim()) throw invalid(field, tell('surveyTextEmpty', { id }));
      if (value.length > surveyLimits.answerText) throw invalid(field, tell('surveyTextTooLong', { id, max: surveyLimits.answerText }));
    }
  }
  for (const question of questions) {
    if (question.isRequired && !(question.id in answers)) throw invalid(`answers.${question.id}`, tell('surveyRequired', { id: question.id }));
  }
}

/** 时间线摘要 — the survey and its first answers in a line: 「满意度调查」：整体满意度 4 分；最常用的业务 宽带. */
export function summaryOf(title: string, questions: Question[], answers: Record<string, AnswerValue>) {
  const parts = questions.filter((q) => q.id in answers).slice(0, 3).map((q) => {
    const value = answers[q.id];
    if (q.kind === 'rating') return `${q.title} ${value} 分`;
    if (q.kind === 'text') return `${q.title} “${clip(String(value), 40)}”`;
    const labels = (value as string[]).map((id) => q.options.find((o) => o.id === id)?.label ?? id);
    return `${q.title} ${labels.join('、')}`;
  });
  return clip(`回答问卷「${title}」${parts.length ? `：${parts.join('；')}` : ''}`, 300);
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
