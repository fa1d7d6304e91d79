import { useState } from 'react';
import { Alert, App, Breadcrumb, Button, Card, Col, Form, Input, List, Modal, Row, Select, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { publicArticlePath } from '@xiang/shared/knowledge-links';
import { ApiError } from '../api/client.ts';
import { useCan } from '../session/session.ts';
import { dateTime } from '../ui/format.ts';
import { showProblemOnFields } from '../ui/problems.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { categories, useArticle, useCreateArticle, useRestoreVersion, useSaveArticle, useVersion, useVersions, type ArticleT, type NewArticleBody } from './api.ts';
import { AudienceTag, StatusTag } from './tags.tsx';

type Values = NewArticleBody;

/** 文章 — one article: its text, where customers find it, its versions (view, restore); or the editor of a new one. */
export default function ArticlePage() {
  const { id } = useParams();
  const article = useArticle(id);
  if (!id) return <ArticleEditor />;
  if (!article.data) return <QueryState isLoading={article.isLoading} error={article.error} retry={() => article.refetch()} />;
  return <ArticleView article={article.data} />;
}

function ArticleView({ article }: { article: ArticleT }) {
  const { t } = useTranslation();
  const can = useCan();
  const [isEditing, setEditing] = useState(false);
  const link = `${window.location.origin}${publicArticlePath(article.id)}`;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="article-page">
      <Breadcrumb items={[{ title: <Link to="/knowledge">{t('menu.knowledge')}</Link> }, { title: article.title }]} />
      {isEditing ? <ArticleEditor article={article} onDone={() => setEditing(false)} /> : (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={16}>
            <Card>
              <Space direction="vertical" style={{ width: '100%' }}>
                <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
                  <Typography.Title level={4} style={{ margin: 0, wordBreak: 'break-word' }} data-testid="article-title">{article.title}</Typography.Title>
                  {can('knowledge.write') && <Button onClick={() => setEditing(true)} data-testid="article-edit">{t('knowledge.edit')}</Button>}
                </Space>
                <Space wrap size={[4, 4]}>
                  <StatusTag status={article.status} /><AudienceTag audience={article.audience} />
                  <Tag color="blue">{t(`knowledgeCategory.${article.category}`)}</Tag>
                  {article.tags.map((tag) => <Tag key={tag}>{tag}</Tag>)}
                </Space>
                <Typography.Text type="secondary">{t('knowledge.version', { n: article.version })} · {t('knowledge.updated', { at: dateTime(article.updatedAt), by: article.updatedByName ?? '—' })}</Typography.Text>
                {article.audience === 'public' && article.status === 'published'
                  ? <Typography.Text>{t('knowledge.publicLink')}: <Typography.Text copyable code style={{ wordBreak: 'break-all' }}>{link}</Typography.Text></Typography.Text>
                  : article.audience === 'internal' && <Typography.Text type="secondary">{t('knowledge.internalNote')}</Typography.Text>}
                {/* Shown as text, never as HTML: an article may hold anything its author typed. */}
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', marginTop: 8 }} data-testid="article-body">{article.body}</Typography.Paragraph>
              </Space>
            </Card>
          </Col>
          <Col xs={24} lg={8}><Versions article={article} /></Col>
        </Row>
      )}
    </Space>
  );
}

/** 历史版本 — newest first; any older one can be read, and its text restored as the newest. */
function Versions({ article }: { article: ArticleT }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const versions = useVersions(article.id);
  const restore = useRestoreVersion(article.id);
  const [shown, setShown] = useState<number>();
  const old = useVersion(article.id, shown);
  const doRestore = (version: number) => restore.mutate({ version, baseVersion: article.version }, {
    onSuccess: (a) => { message.success(t('knowledge.restored', { from: version, n: a.version })); setShown(undefined); },
    onError: (e) => message.error(e.message),
  });
  return (
    <Card title={t('knowledge.versions')} size="small">
      <List size="small" loading={versions.isLoading} dataSource={versions.data ?? []} data-testid="article-versions"
        renderItem={(v) => (
          <List.Item actions={[<Button key="view" size="small" type="link" onClick={() => setShown(v.version)}>{t('knowledge.viewVersion')}</Button>]}>
            <List.Item.Meta
              title={<Space wrap size={4}>{t('knowledge.version', { n: v.version })}{v.version === article.version && <Tag color="green">{t('knowledge.current')}</Tag>}</Space>}
              description={<Space direction="vertical" size={0}>
                <Typography.Text type="secondary">{v.authorName ?? '—'} · {dateTime(v.createdAt)}</Typography.Text>
                {v.restoredFrom && <Typography.Text type="secondary">{t('knowledge.restoredFrom', { n: v.restoredFrom })}</Typography.Text>}
              </Space>} />
          </List.Item>
        )} />
      <Modal open={shown !== undefined} title={shown !== undefined ? t('knowledge.version', { n: shown }) : ''} onCancel={() => setShown(undefined)} width={720}
        footer={can('knowledge.write') && shown !== article.version
          ? <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text type="secondary">{t('knowledge.restoreHelp')}</Typography.Text>
            <Button type="primary" loading={restore.isPending} onClick={() => shown && doRestore(shown)} data-testid="article-restore">{t('knowledge.restore')}</Button>
          </Space>
          : null}>
        {old.data && <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Title level={5} style={{ wordBreak: 'break-word' }}>{old.data.title}</Typography.Title>
          <Space wrap size={[4, 4]}><Tag color="blue">{t(`knowledgeCategory.${old.data.category}`)}</Tag>{old.data.tags.map((tag) => <Tag key={tag}>{tag}</Tag>)}</Space>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{old.data.body}</Typography.Paragraph>
        </Space>}
      </Modal>
    </Card>
  );
}

/** The editor: a new article, or the next version of one (the save names the version it started from). */
function ArticleEditor({ article, onDone }: { article?: ArticleT; onDone?: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<{ text: string; isConflict: boolean } | null>(null);
  const create = useCreateArticle();
  const save = useSaveArticle(article?.id ?? '');
  const isPending = create.isPending || save.isPending;
  const failed = (e: Error) => {
    const isConflict = e instanceof ApiError && e.status === 409;
    setProblem({ text: isConflict ? t('knowledge.conflict', { message: e.message }) : showProblemOnFields(form, e) ?? '', isConflict });
  };
  const submit = (v: Values) => {
    setProblem(null);
    const body = { ...v, tags: v.tags ?? [] };
    if (!article) {
      create.mutate(body, { onSuccess: (a) => { message.success(t('knowledge.created')); navigate(`/knowledge/${a.id}`, { replace: true }); }, onError: failed });
      return;
    }
    save.mutate({ ...body, baseVersion: article.version }, {
      onSuccess: (a) => { message.success(a.version === article.version ? t('knowledge.unchanged') : t('knowledge.saved', { n: a.version })); onDone?.(); },
      onError: failed,
    });
  };
  const initial: Partial<Values> = article
    ? { title: article.title, body: article.body, category: article.category, tags: article.tags, audience: article.audience, status: article.status }
    : { category: 'broadband', audience: 'internal', status: 'draft', tags: [] };
  return (
    <Card title={article ? t('knowledge.edit') : t('knowledge.newArticle')} data-testid="article-editor">
      {problem && <Alert type="error" showIcon message={problem.text} style={{ marginBottom: 16 }}
        action={problem.isConflict ? <Button size="small" onClick={() => window.location.reload()}>{t('knowledge.reload')}</Button> : undefined} data-testid="article-problem" />}
      <Typography.Paragraph type="secondary">{t('knowledge.organisationWide')}</Typography.Paragraph>
      <Form form={form} layout="vertical" disabled={isPending} onFinish={submit} initialValues={initial}>
        <Form.Item name="title" label={t('knowledge.titleLabel')} rules={[{ required: true, whitespace: true, message: t('knowledge.titleRequired') }]}>
          <Input maxLength={200} data-testid="article-title-input" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={8}>
            <Form.Item name="category" label={t('knowledge.category')}>
              <Select options={categories.map((c) => ({ value: c, label: t(`knowledgeCategory.${c}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="audience" label={t('knowledge.audience')}>
              <Select data-testid="article-audience" options={(['internal', 'public'] as const).map((a) => ({ value: a, label: t(`articleAudience.${a}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="status" label={t('knowledge.status')}>
              <Select data-testid="article-status" options={(['draft', 'published', 'archived'] as const).map((s) => ({ value: s, label: t(`articleStatus.${s}`) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="tags" label={t('knowledge.tags')} extra={t('knowledge.tagsHelp')}>
          <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，']} aria-label={t('knowledge.tags')} />
        </Form.Item>
        <Form.Item name="body" label={t('knowledge.body')} extra={t('knowledge.bodyHelp')} rules={[{ required: true, whitespace: true, message: t('knowledge.bodyRequired') }]}>
          <Input.TextArea autoSize={{ minRows: 8, maxRows: 30 }} maxLength={50_000} data-testid="article-body-input" />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={isPending} data-testid="article-save">{t('knowledge.save')}</Button>
          <Button onClick={() => (onDone ? onDone() : navigate('/knowledge'))}>{t('knowledge.cancel')}</Button>
        </Space>
      </Form>
    </Card>
  );
}
