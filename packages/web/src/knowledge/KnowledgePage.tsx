import { useMemo, useState } from 'react';
import { Button, Card, Empty, Input, List, Select, Space, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { hasSearchWords } from '@xiang/shared/knowledge-search';
import { useCan } from '../session/session.ts';
import { dateTime } from '../ui/format.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { categories, useArticlePages, type ArticleFilter, type ArticleSummaryT } from './api.ts';
import { Highlight } from './Highlight.tsx';
import { AudienceTag, StatusTag } from './tags.tsx';

/** 知识库 — every article, searched by any words of its title, tags or text (Chinese or not), by category, audience and status. */
export default function KnowledgePage() {
  const { t } = useTranslation();
  const can = useCan();
  const [q, setQ] = useState('');
  const [category, setCategory] = useState<ArticleFilter['category']>();
  const [audience, setAudience] = useState<ArticleFilter['audience']>();
  const [status, setStatus] = useState<ArticleFilter['status']>();
  const filter = useMemo<ArticleFilter>(() => ({
    // Only punctuation is nothing to search for (the server would refuse it): the whole list then.
    limit: 20, ...(q && hasSearchWords(q) ? { q } : {}), ...(category ? { category } : {}), ...(audience ? { audience } : {}), ...(status ? { status } : {}),
  }), [q, category, audience, status]);
  const pages = useArticlePages(filter);
  const rows = pages.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="knowledge-page">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('knowledge.title')}</Typography.Title>
        {can('knowledge.write') && <Link to="/knowledge/new"><Button type="primary" icon={<PlusOutlined />} data-testid="article-new">{t('knowledge.newArticle')}</Button></Link>}
      </Space>
      <Card size="small">
        <Space wrap size={[16, 8]} style={{ width: '100%' }}>
          <Input.Search allowClear placeholder={t('knowledge.search')} aria-label={t('knowledge.search')} onSearch={(v) => setQ(v.trim())}
            style={{ width: 280, maxWidth: '100%' }} data-testid="knowledge-search" />
          <Select value={category} onChange={setCategory} allowClear placeholder={t('knowledge.anyCategory')} aria-label={t('knowledge.category')} style={{ width: 160 }}
            options={categories.map((c) => ({ value: c, label: t(`knowledgeCategory.${c}`) }))} />
          <Select value={audience} onChange={setAudience} allowClear placeholder={t('knowledge.anyAudience')} aria-label={t('knowledge.audience')} style={{ width: 130 }}
            options={(['internal', 'public'] as const).map((a) => ({ value: a, label: t(`articleAudience.${a}`) }))} />
          <Select value={status} onChange={setStatus} allowClear placeholder={t('knowledge.anyStatus')} aria-label={t('knowledge.status')} style={{ width: 130 }}
            options={(['draft', 'published', 'archived'] as const).map((s) => ({ value: s, label: t(`articleStatus.${s}`) }))} />
        </Space>
      </Card>
      {pages.error ? <QueryState error={pages.error} retry={() => pages.refetch()} /> : (
        <Card styles={{ body: { paddingBlock: 4 } }}>
          <List<ArticleSummaryT> loading={pages.isLoading} dataSource={rows} data-testid="knowledge-list"
            locale={{ emptyText: <Empty description={q ? t('knowledge.emptySearch', { q }) : t('knowledge.empty')} /> }}
            renderItem={(a) => (
              <List.Item key={a.id}>
                <List.Item.Meta
                  title={<Space wrap size={[8, 4]}><Link to={`/knowledge/${a.id}`}><Highlight text={a.title} query={q} /></Link><StatusTag status={a.status} /><AudienceTag audience={a.audience} /></Space>}
                  description={<Space direction="vertical" size={2} style={{ width: '100%' }}>
                    <Typography.Text style={{ wordBreak: 'break-word' }}><Highlight text={a.snippet} query={q} /></Typography.Text>
                    <Space wrap size={[4, 4]}>
                      <Tag color="blue">{t(`knowledgeCategory.${a.category}`)}</Tag>
                      {a.tags.map((tag) => <Tag key={tag}>{tag}</Tag>)}
                      <Typography.Text type="secondary">{t('knowledge.updated', { at: dateTime(a.updatedAt), by: a.updatedByName ?? '—' })}</Typography.Text>
                    </Space>
                  </Space>} />
              </List.Item>
            )} />
          {pages.hasNextPage && <Button onClick={() => pages.fetchNextPage()} loading={pages.isFetchingNextPage} style={{ margin: '8px 0' }}>{t('knowledge.more')}</Button>}
        </Card>
      )}
    </Space>
  );
}
