import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  NewSurvey, PublicSurvey, ResponseQuery, Survey, SurveyChange, SurveyList, SurveyListQuery, SurveyPeriod, SurveyReceipt, SurveyResponsePage,
  SurveyResults, SurveySubmission, TextAnswerPage, TextAnswerQuery,
} from '@xiang/shared';
import { anyone, reaching } from '../platform/access.ts';
import { sourceAddress } from '../platform/throttle.ts';
import { changeSurvey, createSurvey, getSurvey, listSurveys, setSurveyStatus } from './surveys.ts';
import { surveyResponses, surveyResults, textAnswers } from './surveys-results.ts';
import { answerSurvey, publicSurvey } from './surveys-answers.ts';
import { acceptPagesOfSites } from './site-pages.ts';

const SurveyParam = z.object({ surveyId: z.uuid() });
const QuestionParam = z.object({ surveyId: z.uuid(), questionId: z.string().max(20) });
const KeyParam = z.object({ key: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/) });
const tags = ['Surveys'];
const to = reaching('survey');

/** 问卷 — built and read in the console; answered on the sites and through the link page. */
export const surveyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/tracking/surveys', { config: to('tracking.read'), schema: { tags, querystring: SurveyListQuery, response: { 200: SurveyList } } },
    async (req) => listSurveys(app.db, req.scope, req.query.siteId));
  app.post('/tracking/surveys', { config: to('survey.manage'), schema: { tags, body: NewSurvey, response: { 201: Survey } } },
    async (req, reply) => reply.code(201).send(await createSurvey(app.db, req.scope, req.body)));
  app.get('/tracking/surveys/:surveyId', { config: to('tracking.read'), schema: { tags, params: SurveyParam, response: { 200: Survey } } },
    async (req) => getSurvey(app.db, req.scope, req.params.surveyId));
  app.patch('/tracking/surveys/:surveyId', { config: to('survey.manage'), schema: { tags, params: SurveyParam, body: SurveyChange, response: { 200: Survey } } },
    async (req) => changeSurvey(app.db, req.scope, req.params.surveyId, req.body));
  app.post('/tracking/surveys/:surveyId/open', { config: to('survey.manage'), schema: { tags, params: SurveyParam, response: { 200: Survey } } },
    async (req) => setSurveyStatus(app.db, req.scope, req.params.surveyId, 'open'));
  app.post('/tracking/surveys/:surveyId/close', { config: to('survey.manage'), schema: { tags, params: SurveyParam, response: { 200: Survey } } },
    async (req) => setSurveyStatus(app.db, req.scope, req.params.surveyId, 'closed'));
  app.get('/tracking/surveys/:surveyId/results', { config: to('tracking.read'), schema: { tags, params: SurveyParam, querystring: SurveyPeriod, response: { 200: SurveyResults } } },
    async (req) => surveyResults(app.db, req.scope, req.params.surveyId, req.query));
  app.get('/tracking/surveys/:surveyId/questions/:questionId/text-answers', { config: to('tracking.read'), schema: { tags, params: QuestionParam, querystring: TextAnswerQuery, response: { 200: TextAnswerPage } } },
    async (req) => textAnswers(app.db, req.scope, req.params.surveyId, req.params.questionId, req.query));
  app.get('/tracking/surveys/:surveyId/responses', { config: to('tracking.read'), schema: { tags, params: SurveyParam, querystring: ResponseQuery, response: { 200: SurveyResponsePage } } },
    async (req) => surveyResponses(app.db, req.scope, req.params.surveyId, req.query));

  await app.register(publicSurveyRoutes);
};

/**
 * 答卷接口 — read and answered by the script on the site's pages and by our own link page. Public
 * (the key names the survey; the answer's Origin must be the site's or ours).
 */
const publicSurveyRoutes: FastifyPluginAsyncZod = async (app) => {
  acceptPagesOfSites(app);
  app.get('/surveys/:key', { config: anyone, schema: { tags, params: KeyParam, response: { 200: PublicSurvey } } },
    async (req, reply) => reply.header('cache-control', 'no-store').send(await publicSurvey(app.db, req.params.key)));
  app.post('/surveys/:key/responses', {
    config: anyone, bodyLimit: 64 * 1024, schema: { tags, params: KeyParam, body: SurveySubmission, response: { 200: SurveyReceipt } },
  }, async (req) => answerSurvey(app.db, {
    key: req.params.key, submission: req.body, origin: req.headers.origin, ownHost: req.headers.host, address: sourceAddress(req.ip),
  }));
};
