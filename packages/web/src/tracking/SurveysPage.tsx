import { useState } from 'react';
import { App, Button, Card, Empty, List, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { BarChartOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useCan } from '../session/session.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { useSites } from './api.ts';
import { surveyCallOf, surveyLinkOf, useSurveys, useSurveyStatus, type SurveyT } from './surveys-api.ts';

export const statusColour = { draft: 'default', open: 'green', closed: 'orange' } as const;

/** 问卷 — the surveys of the caller's sites: their state, answers so far, the link and the call that show them. */
export default function SurveysPage() {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const [siteId, setSiteId] = useState<string | undefined>();
  const sites = useSites();
  const surveys = useSurveys(siteId);
  const mayBuild = can('survey.manage');
  if (surveys.error) return <QueryState error={surveys.error} retry={() => surveys.refetch()} />;
  const hasSites = (sites.data?.length ?? 0) > 0;
  return (
    <Card title={t('surveys.title')} extra={mayBuild && hasSites && (
      <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/tracking/surveys/new')} data-testid="new-survey">{t('surveys.newSurvey')}</Button>
    )}>
      <Space direction="vertical" style={{ width: '100%', minWidth: 0 }}>
        <Typography.Paragraph type="secondary">{t('surveys.intro')}</Typography.Paragraph>
        <Select allowClear value={siteId} onChange={setSiteId} placeholder={t('surveys.allSites')} aria-label={t('surveys.site')} style={{ width: 240, maxWidth: '100%' }}
          loading={sites.isLoading} options={(sites.data ?? []).map((s) => ({ value: s.id, label: s.name }))} data-testid="survey-site" />
        <List loading={surveys.isLoading} dataSource={surveys.data ?? []} rowKey="id"
          locale={{ emptyText: <Empty description={<><div>{t('surveys.empty')}</div>
            <Typography.Text type="secondary">{!sites.isLoading && !hasSites ? t('surveys.noSites') : mayBuild ? t('surveys.emptyHint') : null}</Typography.Text></>} /> }}
          renderItem={(survey) => <SurveyItem survey={survey} mayBuild={mayBuild} />} />
      </Space>
    </Card>
  );
}

function SurveyItem({ survey, mayBuild }: { survey: SurveyT; mayBuild: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const status = useSurveyStatus();
  const change = (to: 'open' | 'close') => status.mutate({ id: survey.id, to }, {
    onSuccess: (s) => message.success(t(to === 'open' ? 'surveys.opened' : 'surveys.closed', { title: s.title })),
    onError: (e) => message.error(String((e as Error).message)),
  });
  const actions = [
    <Link key="results" to={`/tracking/surveys/${survey.id}`}><Button icon={<BarChartOutlined />}>{t('surveys.results')}</Button></Link>,
    ...(mayBuild ? [
      <Link key="edit" to={`/tracking/surveys/${survey.id}/edit`}><Button icon={<EditOutlined />}>{t('surveys.edit')}</Button></Link>,
      survey.status === 'open'
        ? <Popconfirm key="close" title={t('surveys.closeConfirm')} onConfirm={() => change('close')}><Button loading={status.isPending}>{t('surveys.close')}</Button></Popconfirm>
        : <Button key="open" type="primary" ghost loading={status.isPending} onClick={() => change('open')} data-testid="open-survey">{t(survey.status === 'draft' ? 'surveys.open' : 'surveys.reopen')}</Button>,
    ] : []),
  ];
  return (
    <List.Item data-testid="survey" actions={actions} style={{ flexWrap: 'wrap' }}>
      <List.Item.Meta
        title={<Space wrap><Link to={`/tracking/surveys/${survey.id}`}>{survey.title}</Link><Tag color={statusColour[survey.status]}>{t(`surveys.status.${survey.status}`)}</Tag></Space>}
        description={<Space direction="vertical" style={{ width: '100%', minWidth: 0 }}>
          <Typography.Text type="secondary">{survey.siteName} · {t('surveys.questions', { count: survey.questions.length })} · <span data-testid="survey-responses">{t('surveys.responses', { count: survey.responses })}</span></Typography.Text>
          {survey.status === 'draft' ? <Typography.Text type="secondary">{t('surveys.draftHint')}</Typography.Text> : <SurveyShowing survey={survey} />}
        </Space>} />
    </List.Item>
  );
}

/** The link and the script call, each to copy. */
export function SurveyShowing({ survey }: { survey: SurveyT }) {
  const { t } = useTranslation();
  const copyable = (text: string) => ({ text, tooltips: [t('surveys.copy'), t('surveys.copied')] });
  return (
    <Space direction="vertical" size={0} style={{ width: '100%', minWidth: 0 }}>
      <Typography.Text>{t('surveys.link')}</Typography.Text>
      <Typography.Paragraph code copyable={copyable(surveyLinkOf(survey))} style={{ wordBreak: 'break-all' }} data-testid="survey-link">{surveyLinkOf(survey)}</Typography.Paragraph>
      <Typography.Text>{t('surveys.snippet')}</Typography.Text>
      <Typography.Paragraph code copyable={copyable(surveyCallOf(survey))} style={{ wordBreak: 'break-all', marginBottom: 0 }}>{surveyCallOf(survey)}</Typography.Paragraph>
    </Space>
  );
}
