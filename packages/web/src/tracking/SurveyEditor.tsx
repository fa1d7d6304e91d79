import { App, Alert, Button, Card, Form, List, Tag, Input, Radio, Select, Space, Switch, Typography } from 'antd';
import { ArrowDownOutlined, ArrowLeftOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../ui/QueryState.tsx';
import { showProblemOnFields } from '../ui/problems.ts';
import { useSites } from './api.ts';
import { useSaveSurvey, useSurvey, type NewSurveyBody, type QuestionT, type SurveyT } from './surveys-api.ts';

type Kind = QuestionT['kind'];
type OptionForm = { id: string; label: string };
type QuestionForm = { id: string; kind: Kind; title: string; isRequired: boolean; scale?: 'stars' | 'nps'; options?: OptionForm[] };
type SurveyForm = { siteId: string; title: string; intro: string; thanks: string; questions: QuestionForm[] };

const maxQuestions = 10;
const maxOptions = 20;
/** Short ids the answers name: the first of q1, q2 … (o1, o2 …) not yet taken, so a reworded label keeps its answers. */
const nextId = (prefix: string, taken: { id: string }[]) => {
  for (let n = 1; ; n++) if (!taken.some((x) => x.id === `${prefix}${n}`)) return `${prefix}${n}`;
};
const blankOptions = (): OptionForm[] => [{ id: 'o1', label: '' }, { id: 'o2', label: '' }];

function bodyOf(form: SurveyForm): NewSurveyBody {
  return {
    siteId: form.siteId, title: form.title, intro: form.intro ?? '', thanks: form.thanks ?? '',
    questions: (form.questions ?? []).map((q) => {
      const base = { id: q.id, title: q.title, isRequired: Boolean(q.isRequired) };
      if (q.kind === 'rating') return { ...base, kind: q.kind, scale: q.scale ?? 'stars' };
      if (q.kind === 'text') return { ...base, kind: q.kind };
      return { ...base, kind: q.kind, options: q.options ?? [] };
    }),
  };
}

function formOf(survey: SurveyT | undefined): Partial<SurveyForm> {
  if (!survey) return { intro: '', thanks: '', questions: [{ id: 'q1', kind: 'single', title: '', isRequired: true, options: blankOptions() }] };
  return { siteId: survey.siteId, title: survey.title, intro: survey.intro, thanks: survey.thanks, questions: survey.questions.map((q) => ({ ...q })) };
}

/** 新建 / 修改问卷 — the survey's words and its questions; the questions are fixed once someone has answered. */
export default function SurveyEditor() {
  const { surveyId } = useParams();
  const survey = useSurvey(surveyId);
  if (surveyId && !survey.data) return <QueryState isLoading={survey.isLoading} error={survey.error} retry={() => survey.refetch()} />;
  return <EditorForm survey={survey.data} />;
}

function EditorForm({ survey }: { survey: SurveyT | undefined }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<SurveyForm>();
  const sites = useSites();
  const save = useSaveSurvey();
  const isLocked = (survey?.responses ?? 0) > 0;
  const questions = Form.useWatch('questions', form) ?? [];

  const submit = (values: SurveyForm) => {
    const body = bodyOf({ ...values, siteId: values.siteId ?? survey?.siteId });
    const sent = isLocked ? { ...body, questions: undefined } : body;
    save.mutate({ id: survey?.id, body: sent as NewSurveyBody }, {
      onSuccess: (saved) => {
        message.success(t(survey ? 'surveyEditor.saved' : 'surveyEditor.created', { title: saved.title }));
        navigate('/tracking/surveys');
      },
      onError: (e) => {
        const rest = showProblemOnFields(form, e);
        if (rest) message.error(rest);
      },
    });
  };

  return (
    <Card title={<Space wrap><Link to="/tracking/surveys"><Button icon={<ArrowLeftOutlined />} aria-label={t('surveys.back')} /></Link>
      <span>{survey ? t('surveyEditor.editTitle', { title: survey.title }) : t('surveyEditor.newTitle')}</span></Space>}>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={formOf(survey)} disabled={save.isPending} style={{ maxWidth: 760 }} data-testid="survey-editor">
        {!survey && (
          // A validator and a drawn mark rather than `required`: antd would put aria-required on the select's box, whose role does not allow it.
          <Form.Item name="siteId" label={<><span aria-hidden="true" style={{ color: '#ff4d4f', marginInlineEnd: 4 }}>*</span>{t('surveyEditor.site')}</>}
            rules={[{ validator: async (_r, value?: string) => { if (!value) throw new Error(t('surveyEditor.siteRequired')); } }]}>
            <Select loading={sites.isLoading} options={(sites.data ?? []).map((s) => ({ value: s.id, label: s.name }))} data-testid="survey-editor-site" />
          </Form.Item>
        )}
        <Form.Item name="title" label={t('surveyEditor.title')} rules={[{ required: true, whitespace: true, message: t('surveyEditor.titleRequired') }]}>
          <Input maxLength={200} placeholder={t('surveyEditor.titlePlaceholder')} />
        </Form.Item>
        <Form.Item name="intro" label={t('surveyEditor.intro')}><Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} placeholder={t('surveyEditor.introPlaceholder')} /></Form.Item>
        <Form.Item name="thanks" label={t('surveyEditor.thanks')}><Input.TextArea maxLength={2000} autoSize={{ minRows: 1, maxRows: 4 }} placeholder={t('surveyEditor.thanksPlaceholder')} /></Form.Item>
        <Typography.Title level={5}>{t('surveyEditor.questions', { count: isLocked ? survey!.questions.length : questions.length })}</Typography.Title>
        {isLocked && <Alert type="info" showIcon message={t('surveyEditor.locked')} style={{ marginBottom: 16 }} />}
        {isLocked && survey ? <LockedQuestions questions={survey.questions} /> : (
          <Form.List name="questions">
            {(fields, { add, remove, move }) => (
              <Space direction="vertical" style={{ width: '100%' }}>
                {fields.map((field, index) => (
                  <QuestionCard key={field.key} name={field.name} index={index} count={fields.length}
                    onRemove={() => remove(field.name)} onMove={(to) => move(index, to)} />
                ))}
                {fields.length < maxQuestions && (
                  <Button icon={<PlusOutlined />} onClick={() => add({ id: nextId('q', form.getFieldValue('questions') ?? []), kind: 'single', title: '', isRequired: false, options: blankOptions() })}
                    data-testid="add-question">{t('surveyEditor.addQuestion')}</Button>
                )}
              </Space>
            )}
          </Form.List>
        )}
        <Space style={{ marginTop: 24 }}>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="save-survey">{t('surveyEditor.save')}</Button>
          <Button onClick={() => navigate('/tracking/surveys')}>{t('surveyEditor.cancel')}</Button>
        </Space>
      </Form>
    </Card>
  );
}

/** The questions of an answered survey, to read: they no longer change. */
function LockedQuestions({ questions }: { questions: QuestionT[] }) {
  const { t } = useTranslation();
  return (
    <List bordered size="small" dataSource={questions} rowKey="id" data-testid="survey-locked-questions" renderItem={(q, i) => (
      <List.Item>
        <Space direction="vertical" size={2} style={{ minWidth: 0 }}>
          <Space wrap><Typography.Text strong>{i + 1}. {q.title}</Typography.Text><Tag>{t(`surveyEditor.kinds.${q.kind}`)}</Tag>
            {q.isRequired && <Tag color="blue">{t('surveyEditor.required')}</Tag>}</Space>
          {(q.kind === 'single' || q.kind === 'multiple') && <Typography.Text type="secondary">{q.options.map((o) => o.label).join(' · ')}</Typography.Text>}
          {q.kind === 'rating' && <Typography.Text type="secondary">{t(`surveyEditor.scales.${q.scale}`)}</Typography.Text>}
        </Space>
      </List.Item>
    )} />
  );
}

function QuestionCard({ name, index, count, onRemove, onMove }: {
  name: number; index: number; count: number; onRemove: () => void; onMove: (to: number) => void;
}) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<SurveyForm>();
  const kind = Form.useWatch(['questions', name, 'kind'], form) as Kind | undefined;
  const onKind = (next: Kind) => {
    const question = form.getFieldValue(['questions', name]) as QuestionForm;
    if ((next === 'single' || next === 'multiple') && !(question.options?.length)) form.setFieldValue(['questions', name, 'options'], blankOptions());
    if (next === 'rating' && !question.scale) form.setFieldValue(['questions', name, 'scale'], 'stars');
  };
  return (
    <Card size="small" data-testid="survey-question" title={t('surveyEditor.question', { n: index + 1 })} extra={(
      <Space size={4}>
        <Button size="small" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => onMove(index - 1)} aria-label={t('surveyEditor.moveUp')} />
        <Button size="small" icon={<ArrowDownOutlined />} disabled={index === count - 1} onClick={() => onMove(index + 1)} aria-label={t('surveyEditor.moveDown')} />
        <Button size="small" danger icon={<DeleteOutlined />} disabled={count === 1} onClick={onRemove} aria-label={t('surveyEditor.remove')} />
      </Space>
    )}>
      <Form.Item name={[name, 'id']} hidden><Input /></Form.Item>
      <Form.Item name={[name, 'title']} label={t('surveyEditor.questionTitle')} rules={[{ required: true, whitespace: true, message: t('surveyEditor.questionTitleRequired') }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Space wrap size={[24, 0]}>
        <Form.Item name={[name, 'kind']} label={t('surveyEditor.kind')}>
          <Select style={{ width: 160 }} onChange={onKind} options={(['single', 'multiple', 'rating', 'text'] as const).map((k) => ({ value: k, label: t(`surveyEditor.kinds.${k}`) }))} />
        </Form.Item>
        <Form.Item name={[name, 'isRequired']} label={t('surveyEditor.required')} valuePropName="checked"><Switch /></Form.Item>
      </Space>
      {kind === 'rating' && (
        <Form.Item name={[name, 'scale']} label={t('surveyEditor.scale')}>
          <Radio.Group options={(['stars', 'nps'] as const).map((s) => ({ value: s, label: t(`surveyEditor.scales.${s}`) }))} />
        </Form.Item>
      )}
      {(kind === 'single' || kind === 'multiple') && <OptionList name={name} />}
    </Card>
  );
}

function OptionList({ name }: { name: number }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<SurveyForm>();
  return (
    <Form.List name={[name, 'options']} rules={[{ validator: async (_r, options?: OptionForm[]) => {
      if ((options?.length ?? 0) < 2) throw new Error(t('surveyEditor.needOptions'));
    } }]}>
      {(fields, { add, remove }, { errors }) => (
        <div>
          <Typography.Text>{t('surveyEditor.options', { count: fields.length })}</Typography.Text>
          {fields.map((field, i) => (
            <Space key={field.key} align="baseline" style={{ display: 'flex', marginTop: 8 }}>
              <Form.Item name={[field.name, 'id']} hidden><Input /></Form.Item>
              <Form.Item name={[field.name, 'label']} rules={[{ required: true, whitespace: true, message: t('surveyEditor.optionRequired') }]} style={{ marginBottom: 0, flex: 1 }}>
                <Input maxLength={200} placeholder={t('surveyEditor.option', { n: i + 1 })} aria-label={t('surveyEditor.option', { n: i + 1 })} style={{ width: 'min(420px, 60vw)' }} />
              </Form.Item>
              <Button icon={<DeleteOutlined />} disabled={fields.length <= 2} onClick={() => remove(field.name)} aria-label={`${t('surveyEditor.remove')} ${t('surveyEditor.option', { n: i + 1 })}`} />
            </Space>
          ))}
          <Form.ErrorList errors={errors} />
          {fields.length < maxOptions && (
            <Button type="dashed" size="small" icon={<PlusOutlined />} style={{ marginTop: 8 }} data-testid="add-option"
              onClick={() => add({ id: nextId('o', form.getFieldValue(['questions', name, 'options']) ?? []), label: '' })}>{t('surveyEditor.addOption')}</Button>
          )}
        </div>
      )}
    </Form.List>
  );
}
