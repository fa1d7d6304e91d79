import { useMemo, useState } from 'react';
import { Button, Card, Col, Empty, List, Row, Select, Space, Statistic, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { EChart } from '../ui/EChart.tsx';
import { dateTime } from '../ui/format.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { SurveyShowing, statusColour } from './SurveysPage.tsx';
import { useSurvey, useSurveyResults, useTextAnswers, type QuestionT, type SurveyPeriodT, type SurveyResultsT } from './surveys-api.ts';

const periods = ['7', '30', '90', 'all'] as const;
type PeriodChoice = (typeof periods)[number];
const day = 86_400_000;

/** 问卷结果 — the responses of a period: bars per option, each rating's distribution with its average (and NPS), the text answers. */
export default function SurveyResults() {
  const { t } = useTranslation();
  const { surveyId = '' } = useParams();
  const survey = useSurvey(surveyId);
  const [choice, setChoice] = useState<PeriodChoice>('all');
  // The start is fixed when the period is chosen, so refetching keeps the same responses.
  const period = useMemo<SurveyPeriodT>(() => (choice === 'all' ? {} : { since: new Date(Date.now() - Number(choice) * day).toISOString() }), [choice]);
  const results = useSurveyResults(surveyId, period);
  if (!survey.data) return <QueryState isLoading={survey.isLoading} error={survey.error} retry={() => survey.refetch()} />;
  const s = survey.data;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%', minWidth: 0 }}>
      <Space wrap>
        <Link to="/tracking/surveys"><Button icon={<ArrowLeftOutlined />} aria-label={t('surveys.back')} /></Link>
        <Typography.Title level={4} style={{ margin: 0, wordBreak: 'break-all' }}>{s.title}</Typography.Title>
        <Tag color={statusColour[s.status]}>{t(`surveys.status.${s.status}`)}</Tag>
      </Space>
      <Card size="small">
        <Row gutter={[16, 16]} align="middle">
          <Col xs={24} sm={8}><Statistic title={t('surveyResults.responses')} value={results.data?.responses ?? 0} loading={results.isLoading} valueRender={(v) => <span data-testid="survey-response-count">{v}</span>} /></Col>
          <Col xs={24} sm={16}>
            <Space direction="vertical" style={{ width: '100%', minWidth: 0 }}>
              <Select value={choice} onChange={setChoice} style={{ width: 160 }} aria-label={t('surveyResults.period')} data-testid="survey-period"
                options={periods.map((p) => ({ value: p, label: t(`surveyResults.periods.${p}`) }))} />
              {s.status !== 'draft' && <SurveyShowing survey={s} />}
            </Space>
          </Col>
        </Row>
      </Card>
      {results.error ? <QueryState error={results.error} retry={() => results.refetch()} /> : results.data && results.data.responses === 0 ? (
        <Card><Empty description={<><div>{t('surveyResults.noAnswers')}</div><Typography.Text type="secondary">{t('surveyResults.noAnswersHint')}</Typography.Text></>} /></Card>
      ) : s.questions.map((q, i) => (
        <QuestionCard key={q.id} n={i + 1} question={q} result={results.data?.questions.find((r) => r.questionId === q.id)} isLoading={results.isLoading} surveyId={surveyId} period={period} />
      ))}
    </Space>
  );
}

type ResultT = SurveyResultsT['questions'][number];

function QuestionCard({ n, question, result, isLoading, surveyId, period }: {
  n: number; question: QuestionT; result: ResultT | undefined; isLoading: boolean; surveyId: string; period: SurveyPeriodT;
}) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={<span style={{ whiteSpace: 'normal' }}>{n}. {question.title}</span>} loading={isLoading} data-testid="survey-question-result"
      extra={result && <Typography.Text type="secondary">{t('surveyResults.answered', { count: result.answered })}</Typography.Text>}>
      {question.kind === 'text' ? <TextAnswers surveyId={surveyId} questionId={question.id} period={period} />
        : result && <Chart question={question} result={result} />}
    </Card>
  );
}

function Chart({ question, result }: { question: QuestionT; result: ResultT }) {
  const { t } = useTranslation();
  const bars = question.kind === 'rating'
    ? (result.scores ?? []).map((s) => ({ name: t('surveyResults.score', { score: s.score }), value: s.count }))
    : question.kind === 'text' ? [] : question.options.map((o) => ({ name: o.label, value: result.options?.find((c) => c.optionId === o.id)?.count ?? 0 }));
  const isRating = question.kind === 'rating';
  const option = useMemo(() => ({
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 32, top: 24, bottom: 8, containLabel: true },
    // Options read best as horizontal bars (long labels); a scale reads left to right.
    ...(isRating
      ? { xAxis: { type: 'category', data: bars.map((b) => b.name) }, yAxis: { type: 'value', minInterval: 1, name: t('surveyResults.count') } }
      : { yAxis: { type: 'category', inverse: true, data: bars.map((b) => b.name), axisLabel: { width: 140, overflow: 'truncate' } }, xAxis: { type: 'value', minInterval: 1 } }),
    series: [{ type: 'bar', name: t('surveyResults.count'), data: bars.map((b) => b.value), label: { show: true, position: isRating ? 'top' : 'right' } }],
  }), [JSON.stringify(bars), isRating, t]);
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={isRating ? 18 : 24}>
        <EChart option={option} height={Math.max(180, isRating ? 240 : bars.length * 36 + 40)} testId={`survey-chart-${question.id}`} />
      </Col>
      {isRating && (
        <Col xs={24} md={6}>
          <Space direction="vertical">
            <Statistic title={t('surveyResults.average')} value={result.average ?? '—'} precision={result.average == null ? undefined : 2} />
            {question.scale === 'nps' && <Statistic title={t('surveyResults.nps')} value={result.nps ?? '—'} precision={result.nps == null ? undefined : 1} />}
          </Space>
        </Col>
      )}
    </Row>
  );
}

function TextAnswers({ surveyId, questionId, period }: { surveyId: string; questionId: string; period: SurveyPeriodT }) {
  const { t } = useTranslation();
  const pages = useTextAnswers(surveyId, questionId, period);
  if (pages.error) return <QueryState error={pages.error} retry={() => pages.refetch()} />;
  const answers = pages.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Space direction="vertical" style={{ width: '100%', minWidth: 0 }}>
      <List size="small" loading={pages.isLoading} dataSource={answers} rowKey="responseId" locale={{ emptyText: <Empty description={t('surveyResults.textEmpty')} /> }}
        renderItem={(a) => (
          <List.Item data-testid="survey-text-answer">
            <Space direction="vertical" size={0} style={{ minWidth: 0 }}>
              <Typography.Text style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{a.text}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{dateTime(a.submittedAt)} · {a.isIdentified ? t('surveyResults.identified') : t('surveyResults.anonymous')}</Typography.Text>
            </Space>
          </List.Item>
        )} />
      {pages.hasNextPage && <Button onClick={() => pages.fetchNextPage()} loading={pages.isFetchingNextPage}>{t('surveyResults.more')}</Button>}
    </Space>
  );
}
