import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { Answer, Body, ItemOf, Query } from '../api/types.ts';

export type SurveyT = Answer<'/tracking/surveys/{surveyId}'>;
export type QuestionT = SurveyT['questions'][number];
/** What the editor sends: a new survey, or the same fields as a change — which names whether each question is required. */
export type NewSurveyBody = Body<'/tracking/surveys'> & { questions: (Body<'/tracking/surveys'>['questions'][number] & { isRequired: boolean })[] };
export type SurveyChangeBody = Body<'/tracking/surveys/{surveyId}', 'patch'>;
export type SurveyResultsT = Answer<'/tracking/surveys/{surveyId}/results'>;
export type SurveyPeriodT = Query<'/tracking/surveys/{surveyId}/results'>;
export type TextAnswerT = ItemOf<'/tracking/surveys/{surveyId}/questions/{questionId}/text-answers'>;

const surveyKeys = { all: ['tracking', 'surveys'] as const };

/** 问卷列表 — the surveys of the caller's units, of one site when one is chosen. */
export function useSurveys(siteId?: string) {
  return useQuery({ queryKey: [...surveyKeys.all, 'list', siteId ?? 'all'],
    queryFn: () => api.GET('/tracking/surveys', { params: { query: siteId ? { siteId } : {} } }).then((r) => r.items) });
}

export function useSurvey(surveyId: string | undefined) {
  return useQuery({ queryKey: [...surveyKeys.all, surveyId], enabled: Boolean(surveyId),
    queryFn: () => api.GET('/tracking/surveys/{surveyId}', { params: { path: { surveyId: surveyId! } } }) });
}

export function useSurveyResults(surveyId: string, period: SurveyPeriodT) {
  return useQuery({ queryKey: [...surveyKeys.all, surveyId, 'results', period],
    queryFn: () => api.GET('/tracking/surveys/{surveyId}/results', { params: { path: { surveyId }, query: period } }) });
}

/** 文字回答 — one text question's answers, newest first, a page at a time. */
export function useTextAnswers(surveyId: string, questionId: string, period: SurveyPeriodT) {
  return useInfiniteQuery({
    queryKey: [...surveyKeys.all, surveyId, 'text', questionId, period],
    queryFn: ({ pageParam }) => api.GET('/tracking/surveys/{surveyId}/questions/{questionId}/text-answers', {
      params: { path: { surveyId, questionId }, query: { ...period, limit: 10, cursor: pageParam } } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useSaveSurvey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: NewSurveyBody }) => {
      if (!id) return api.POST('/tracking/surveys', { body });
      const { siteId: _site, ...change } = body;
      return api.PATCH('/tracking/surveys/{surveyId}', { params: { path: { surveyId: id } }, body: change });
    },
    onSuccess: () => client.invalidateQueries({ queryKey: surveyKeys.all }),
  });
}

/** 开放 / 关闭. */
export function useSurveyStatus() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, to }: { id: string; to: 'open' | 'close' }) =>
      (to === 'open' ? api.POST('/tracking/surveys/{surveyId}/open', { params: { path: { surveyId: id } } })
        : api.POST('/tracking/surveys/{surveyId}/close', { params: { path: { surveyId: id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: surveyKeys.all }),
  });
}

/** The link a customer opens, on this server. */
export const surveyLinkOf = (survey: Pick<SurveyT, 'key'>, origin = window.location.origin) => `${origin}/s/${survey.key}`;
/** The call on a page that carries the site's snippet: the survey shows over the page. */
export const surveyCallOf = (survey: Pick<SurveyT, 'key'>) => `xiang.survey('${survey.key}')`;
