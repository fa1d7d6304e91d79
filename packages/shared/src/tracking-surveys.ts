import { z } from 'zod';
import { changeOf } from './change.ts';
import { pageOf, pageQuery } from './page.ts';
import { Instant } from './time.ts';

/**
 * 问卷 — a survey of one of the operator's sites: built in the console, shown on the site through
 * the script (`xiang.survey(key)`) or as a link (`/s/<key>`), answered anonymously or as the
 * site's known visitor. A survey's questions are fixed once it has an answer: changing them would
 * change what the old answers mean, so the change is refused (make a new survey instead).
 */

export const surveyLimits = { questions: 10, options: 20, title: 200, text: 2000, answerText: 2000, optionLabel: 200 } as const;

export const SurveyStatus = z.enum(['draft', 'open', 'closed']);
export type SurveyStatus = z.infer<typeof SurveyStatus>;

/** `single` 单选, `multiple` 多选, `rating` 评分 (1–5, or 0–10 NPS-style), `text` 文字. */
export const QuestionKind = z.enum(['single', 'multiple', 'rating', 'text']);
export const RatingScale = z.enum(['stars', 'nps']);
/** The scores a rating question allows: 1–5 stars, or 0–10 "how likely are you to recommend". */
export const scaleOf = (scale: z.infer<typeof RatingScale>) => (scale === 'nps' ? { min: 0, max: 10 } : { min: 1, max: 5 });

/** Short ids the console makes (q1, o3): answers name questions and options by them, so labels may be reworded. */
const partId = z.string().regex(/^[A-Za-z0-9_-]{1,20}$/, 'An id of 1 to 20 letters, digits, _ or -.');
const words = (max: number, required: string) => z.string().trim().min(1, required).max(max);

const Option = z.strictObject({ id: partId, label: words(surveyLimits.optionLabel, 'Give the option a label.') });
const options = z.array(Option).min(2, 'A choice question needs at least two options.').max(surveyLimits.options, `At most ${surveyLimits.options} options.`)
  .refine((list) => new Set(list.map((o) => o.id)).size === list.length, 'Each option id once.');

/** A question's shape; whether it must be answered is `isRequired`'s to say (a default where a new survey is built). */
const questionOf = <R extends z.ZodType<boolean>>(isRequired: R) => {
  const base = { id: partId, title: words(surveyLimits.title, 'Write the question.'), isRequired };
  return z.discriminatedUnion('kind', [
    z.strictObject({ ...base, kind: z.literal('single'), options }),
    z.strictObject({ ...base, kind: z.literal('multiple'), options }),
    z.strictObject({ ...base, kind: z.literal('rating'), scale: RatingScale }),
    z.strictObject({ ...base, kind: z.literal('text') }),
  ]);
};
export const Question = questionOf(z.boolean().default(false));
export type Question = z.infer<typeof Question>;
export type QuestionInput = z.input<typeof Question>;

const listOf = <Q extends z.ZodType<{ id: string }>>(question: Q) => z.array(question)
  .min(1, 'A survey asks at least one question.').max(surveyLimits.questions, `At most ${surveyLimits.questions} questions.`)
  .refine((list) => new Set(list.map((q) => q.id)).size === list.length, 'Each question id once.');
const questions = listOf(Question);
// A change says each question whole, whether it is required too: a change fills in nothing it does not name.
const changedQuestions = listOf(questionOf(z.boolean()));
const title = words(surveyLimits.title, 'Give the survey a title.');
const intro = z.string().trim().max(surveyLimits.text);
const thanks = z.string().trim().max(surveyLimits.text);

export const Survey = z.object({
  id: z.string(),
  siteId: z.string(),
  siteName: z.string(),
  unitId: z.string(),
  /** Public: it is in the link and the page's call. It names the survey, it proves nothing. */
  key: z.string(),
  status: SurveyStatus,
  title: z.string(),
  intro: z.string(),
  thanks: z.string(),
  questions: z.array(Question),
  responses: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
  openedAt: z.date().nullable(),
  closedAt: z.date().nullable(),
});
export type Survey = z.infer<typeof Survey>;
export const SurveyList = z.object({ items: z.array(Survey) });
export const SurveyListQuery = z.strictObject({ siteId: z.uuid().optional() });

export const NewSurvey = z.strictObject({ siteId: z.uuid(), title, intro: intro.default(''), thanks: thanks.default(''), questions });
export type NewSurvey = z.input<typeof NewSurvey>;
export const SurveyChange = changeOf({ title, intro, thanks, questions: changedQuestions });
export type SurveyChange = z.infer<typeof SurveyChange>;

// ---- answering (public) ----

/** One question's answer: option ids for a choice, a score for a rating, words for a text question. */
export const AnswerValue = z.union([z.array(z.string().max(20)).max(surveyLimits.options), z.number(), z.string().max(surveyLimits.answerText)]);
export type AnswerValue = z.infer<typeof AnswerValue>;

export const SurveySubmission = z.strictObject({
  /** Made by the page; a retry keeps it, so the response is stored once. */
  submissionId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'An id of 8 to 64 letters, digits, _ or -.'),
  /** The site's visitor id (the tracker's cookie), when the page has one: an identified visitor's answer goes on the customer's timeline. */
  visitorId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'An id of 8 to 64 letters, digits, _ or -.').optional(),
  /** By question id; a question left unanswered is left out. */
  answers: z.record(z.string().max(20), AnswerValue),
});
export type SurveySubmission = z.infer<typeof SurveySubmission>;
export const SurveyReceipt = z.object({ responseId: z.string(), isDuplicate: z.boolean() });

/** What the public page and the script render: no unit, site or counts. */
export const PublicSurvey = z.object({
  key: z.string(), status: SurveyStatus, title: z.string(), intro: z.string(), thanks: z.string(), questions: z.array(Question),
});
export type PublicSurvey = z.infer<typeof PublicSurvey>;

// ---- results (console) ----

export const SurveyPeriod = z.strictObject({
  /** Responses at or after this time; all when left out. */
  since: Instant.optional(),
  /** Responses before this time; up to now when left out. */
  until: Instant.optional(),
});
export type SurveyPeriod = z.input<typeof SurveyPeriod>;

const Count = z.object({ count: z.number().int() });
export const QuestionResult = z.object({
  questionId: z.string(),
  /** How many responses answered it. */
  answered: z.number().int(),
  /** Choice questions: each option with how many chose it, in the question's order. */
  options: z.array(Count.extend({ optionId: z.string() })).optional(),
  /** Rating questions: each score of the scale with its count, the average, and for NPS the score (promoters − detractors, %). */
  scores: z.array(Count.extend({ score: z.number().int() })).optional(),
  average: z.number().nullable().optional(),
  nps: z.number().nullable().optional(),
});
export type QuestionResult = z.infer<typeof QuestionResult>;
export const SurveyResults = z.object({ responses: z.number().int(), questions: z.array(QuestionResult) });
export type SurveyResults = z.infer<typeof SurveyResults>;

export const TextAnswerQuery = z.strictObject({ ...SurveyPeriod.shape, ...pageQuery({ limit: 20, maxLimit: 100 }).shape });
export type TextAnswerQuery = z.input<typeof TextAnswerQuery>;
export const TextAnswer = z.object({ responseId: z.string(), text: z.string(), submittedAt: z.date(), isIdentified: z.boolean() });
export const TextAnswerPage = pageOf(TextAnswer);

export const ResponseQuery = z.strictObject({ ...SurveyPeriod.shape, ...pageQuery({ limit: 50, maxLimit: 200 }).shape });
export const SurveyResponse = z.object({
  id: z.string(), submittedAt: z.date(), answers: z.record(z.string(), AnswerValue),
  visitorId: z.string().nullable(), isIdentified: z.boolean(),
});
export const SurveyResponsePage = pageOf(SurveyResponse);
