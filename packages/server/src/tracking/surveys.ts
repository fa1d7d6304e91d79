import { randomBytes } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { NewSurvey, SurveyChange, SurveyStatus } from '@xiang/shared';
import type { Db } from '../platform/db/index.ts';
import { conflict, invalid, notFound } from '../platform/errors.ts';
import { audit } from '../platform/audit.ts';
import { changedFields, pick } from '../platform/changed-fields.ts';
import { defineMessages } from '../platform/messages.ts';
import { authorize } from '../platform/policy.ts';
import { withinScope, type Scope } from '../platform/scope.ts';
import { isUuid } from '../customers/service.ts';
import { trackingSites, trackingSurveyResponses, trackingSurveys } from './schema.ts';

const tell = defineMessages({
  surveySiteNotYours: { en: 'No site of your units has this id; choose one from the list.', zh: '您管辖的单位中没有这个站点，请从列表中选择。' },
  surveyQuestionsAnswered: {
    en: 'This survey already has {count} responses: changing its questions would change what those answers mean. Close it and build a new survey with the new questions.',
    zh: '该问卷已有 {count} 份答卷，修改题目会改变已有答案的含义。请关闭本问卷，另建一份新问卷。',
  },
  surveyAlreadyThere: { en: 'The survey is already {status}.', zh: '问卷已经是该状态（{status}）。' },
});

type Row = typeof trackingSurveys.$inferSelect;

/** 16 random bytes (22 characters): short enough for a link, never guessed. */
const newSurveyKey = () => randomBytes(16).toString('base64url');

const responseCount = sql<number>`(select count(*)::int from ${trackingSurveyResponses} r where r.survey_id = ${trackingSurveys.id})`;
const listed = { survey: trackingSurveys, siteName: trackingSites.name, responses: responseCount };

const present = ({ survey, siteName, responses }: { survey: Row; siteName: string; responses: number }) => ({ ...survey, siteName, responses });

/** 问卷列表 — the surveys of the caller's units, newest first; of one site when asked. */
export async function listSurveys(db: Db, scope: Scope, siteId?: string) {
  authorize(scope.role, 'tracking.read');
  if (siteId !== undefined && !isUuid(siteId)) return { items: [] };
  const found = await db.select(listed).from(trackingSurveys).innerJoin(trackingSites, eq(trackingSites.id, trackingSurveys.siteId))
    .where(and(withinScope(scope, trackingSurveys.unitId), siteId ? eq(trackingSurveys.siteId, siteId) : undefined))
    .orderBy(desc(trackingSurveys.createdAt), desc(trackingSurveys.id));
  return { items: found.map(present) };
}

/** One survey of the caller's units; another unit's is a 404 like a missing one. */
export async function getSurvey(db: Db, scope: Scope, id: string) {
  authorize(scope.role, 'tracking.read');
  const [found] = isUuid(id) ? await db.select(listed).from(trackingSurveys).innerJoin(trackingSites, eq(trackingSites.id, trackingSurveys.siteId))
    .where(and(eq(trackingSurveys.id, id), withinScope(scope, trackingSurveys.unitId))) : [];
  if (!found) throw notFound('Survey');
  return present(found);
}

/**
 * The survey's own row, within the caller's units, without counting its responses: what the
 * results and the answer lists need (a count would read every response once more).
 */
export async function surveyInScope(db: Db, scope: Scope, id: string) {
  authorize(scope.role, 'tracking.read');
  const [found] = isUuid(id) ? await db.select().from(trackingSurveys).where(and(eq(trackingSurveys.id, id), withinScope(scope, trackingSurveys.unitId))) : [];
  if (!found) throw notFound('Survey');
  return found;
}

/** 新建问卷 — a draft of one of the caller's sites; it is answered only once opened. */
export async function createSurvey(db: Db, scope: Scope, input: z.infer<typeof NewSurvey>) {
  authorize(scope.role, 'survey.manage');
  const id = await db.transaction(async (tx) => {
    const [site] = await tx.select({ id: trackingSites.id, unitId: trackingSites.unitId }).from(trackingSites)
      .where(and(eq(trackingSites.id, input.siteId), withinScope(scope, trackingSites.unitId)));
    if (!site) throw invalid('siteId', tell('surveySiteNotYours'));
    const [survey] = await tx.insert(trackingSurveys).values({
      siteId: site.id, unitId: site.unitId, key: newSurveyKey(), title: input.title, intro: input.intro, thanks: input.thanks, questions: input.questions,
    }).returning();
    await audit(tx, scope, { action: 'survey.created', entity: 'survey', entityId: survey.id, unitId: site.unitId,
      after: pick(survey, ['id', 'siteId', 'title', 'intro', 'thanks', 'questions', 'status']) });
    return survey.id;
  });
  return getSurvey(db, scope, id);
}

const changeable = ['title', 'intro', 'thanks', 'questions'] as const;

/**
 * 修改问卷 — the words may change at any time; the questions only while no one has answered.
 * The row is locked, and an answer takes the same lock, so an answer cannot slip in between the
 * count and the change.
 */
export async function changeSurvey(db: Db, scope: Scope, id: string, change: SurveyChange) {
  authorize(scope.role, 'survey.manage');
  await db.transaction(async (tx) => {
    const before = await lockSurvey(tx, scope, id);
    const changed = changedFields(pick(before, [...changeable]), change);
    if (!changed) return;
    if (changed.keys.includes('questions')) {
      const [{ count }] = await tx.select({ count: sql<number>`count(*)::int` }).from(trackingSurveyResponses).where(eq(trackingSurveyResponses.surveyId, id));
      if (count > 0) throw conflict(tell('surveyQuestionsAnswered', { count }), { field: 'questions' });
    }
    const [after] = await tx.update(trackingSurveys).set({ ...changed.set, updatedAt: new Date() }).where(eq(trackingSurveys.id, id)).returning();
    await audit(tx, scope, { action: 'survey.changed', entity: 'survey', entityId: id, unitId: after.unitId, before: changed.before, after: pick(after, changed.keys) });
  });
  return getSurvey(db, scope, id);
}

/** 开放 / 关闭 — an open survey takes answers; a closed one refuses them (and may be opened again). */
export async function setSurveyStatus(db: Db, scope: Scope, id: string, status: Exclude<SurveyStatus, 'draft'>) {
  authorize(scope.role, 'survey.manage');
  await db.transaction(async (tx) => {
    const before = await lockSurvey(tx, scope, id);
    if (before.status === status) throw conflict(tell('surveyAlreadyThere', { status }), { field: 'status' });
    const now = new Date();
    await tx.update(trackingSurveys).set({ status, updatedAt: now, ...(status === 'open' ? { openedAt: now } : { closedAt: now }) }).where(eq(trackingSurveys.id, id));
    await audit(tx, scope, { action: status === 'open' ? 'survey.opened' : 'survey.closed', entity: 'survey', entityId: id, unitId: before.unitId,
      before: { status: before.status }, after: { status } });
  });
  return getSurvey(db, scope, id);
}

async function lockSurvey(tx: Db, scope: Scope, id: string) {
  const [survey] = isUuid(id) ? await tx.select().from(trackingSurveys)
    .where(and(eq(trackingSurveys.id, id), withinScope(scope, trackingSurveys.unitId))).for('update') : [];
  if (!survey) throw notFound('Survey');
  return survey;
}

/** 客户合并 — the merged customer's answers become the survivor's (their timeline entries move with the timeline). */
export async function moveSurveyResponsesOnMerge(tx: Db, merged: { id: string }, survivor: { id: string }) {
  const moved = await tx.update(trackingSurveyResponses).set({ customerId: survivor.id }).where(eq(trackingSurveyResponses.customerId, merged.id))
    .returning({ id: trackingSurveyResponses.id });
  return { surveyResponses: moved.map((r) => r.id) };
}
