import { useState } from 'react';
import { Button, Card, Empty, Input, List, Select, Space, Tag, Typography } from 'antd';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api/client.ts';
import type { Query } from '../api/types.ts';
import { Highlight } from '../knowledge/Highlight.tsx';
import { QueryState } from '../ui/QueryState.tsx';

type Category = NonNullable<Query<'/knowledge/public/articles'>['category']>;
const categories: Category[] = ['broadband', 'mobile', 'plans', 'billing', 'numbers', 'roaming', 'tv', 'enterprise', 'account', 'other'];

/** 帮助 — the operator's public articles, searched in the customer's own words. */
export default function HelpPage() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [category, setCategory] = useState<Category>();
  // A query of punctuation only finds nothing: it is not sent.
  const words = /[\p{L}\p{N}]/u.test(q) ? q.trim() : '';
  const articles = useInfiniteQuery({
    queryKey: ['portal', 'articles', words, category],
    queryFn: ({ pageParam }) => api.GET('/knowledge/public/articles', { params: { query: { limit: 20, q: words || undefined, category, ...(pageParam ? { cursor: pageParam } : {}) } } }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = articles.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card size="small" title={t('portal.help.title')}>
      <Space direction="vertical" style={{ width: '100%' }} size={8}>
        <Input.Search allowClear enterButton placeholder={t('portal.help.search')} onSearch={setQ} maxLength={100} data-testid="portal-help-search" aria-label={t('portal.help.search')} />
        <Select allowClear style={{ width: '100%' }} placeholder={t('portal.help.anyCategory')} value={category} onChange={setCategory}
          options={categories.map((c) => ({ value: c, label: t(`knowledgeCategory.${c}`) }))} aria-label={t('portal.help.anyCategory')} />
        {!articles.data ? <QueryState isLoading={articles.isLoading} error={articles.error} retry={() => articles.refetch()} /> : (
          <List dataSource={items} data-testid="portal-help-list" locale={{ emptyText: <Empty description={words ? t('portal.help.none', { q: words }) : t('portal.help.empty')} /> }}
            renderItem={(a) => (
              <List.Item>
                <Link to={`/portal/knowledge/${a.id}`} style={{ display: 'block', width: '100%', color: 'inherit' }}>
                  <Space direction="vertical" size={2} style={{ width: '100%' }}>
                    <Typography.Text strong><Highlight text={a.title} query={words} /></Typography.Text>
                    {a.snippet && <Typography.Text type="secondary"><Highlight text={a.snippet} query={words} /></Typography.Text>}
                    <Space wrap size={4}><Tag>{t(`knowledgeCategory.${a.category}`)}</Tag></Space>
                  </Space>
                </Link>
              </List.Item>
            )} />
        )}
        {articles.hasNextPage && <Button block onClick={() => articles.fetchNextPage()} loading={articles.isFetchingNextPage}>{t('portal.ticket.more')}</Button>}
      </Space>
    </Card>
  );
}
