import { Card, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../api/client.ts';
import { date } from '../ui/format.ts';
import { QueryState } from '../ui/QueryState.tsx';

/** One public article, as the link an agent sent in a reply opens it. The text is shown as text, never as HTML. */
export default function HelpArticlePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const article = useQuery({ queryKey: ['portal', 'article', id], queryFn: () => api.GET('/knowledge/public/articles/{articleId}', { params: { path: { articleId: id } } }) });
  if (!article.data) return <QueryState isLoading={article.isLoading} error={article.error} retry={() => article.refetch()} />;
  const a = article.data;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Link to="/portal/knowledge">‹ {t('portal.help.back')}</Link>
      <Card size="small" data-testid="portal-article">
        <Typography.Title level={4} style={{ marginTop: 0 }}>{a.title}</Typography.Title>
        <Space wrap size={4}><Tag>{t(`knowledgeCategory.${a.category}`)}</Tag>{a.tags.map((tag) => <Tag key={tag}>{tag}</Tag>)}</Space>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', marginTop: 12 }}>{a.body}</Typography.Paragraph>
        <Typography.Text type="secondary">{t('portal.help.updated', { date: date(a.updatedAt) })}</Typography.Text>
      </Card>
    </Space>
  );
}
