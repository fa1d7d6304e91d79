import { App, Button, Card, Empty, List, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { publicArticlePath } from '@xiang/shared/knowledge-links';
import { api } from '../api/client.ts';
import { useCan } from '../session/session.ts';
import { useSuggestedArticles, type SuggestedArticleT } from './api.ts';
import { AudienceTag } from './tags.tsx';

/**
 * 相关知识 — on a ticket's page: the published articles its words find. An agent puts one into
 * the reply: a public article as its title and the portal's link (the customer reads it there),
 * an internal one as its text, to be said in the agent's own words before sending.
 */
export function SuggestedArticles({ ticketId, onInsert, style }: { ticketId: string; onInsert?: (text: string) => void; style?: React.CSSProperties }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const suggested = useSuggestedArticles(ticketId);
  const replyText = async (a: SuggestedArticleT) => (a.audience === 'public'
    ? `${a.title}\n${window.location.origin}${publicArticlePath(a.id)}`
    : (await api.GET('/knowledge/articles/{articleId}', { params: { path: { articleId: a.id } } })).body);
  const insert = async (a: SuggestedArticleT) => {
    const text = await replyText(a);
    if (onInsert) {
      onInsert(text);
      message.success(t('knowledge.inserted'));
    } else {
      await navigator.clipboard.writeText(text);
      message.success(t('knowledge.copied'));
    }
  };
  return (
    <Card title={t('knowledge.suggested')} size="small" style={style} data-testid="suggested-articles">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>{t('knowledge.suggestedHelp')}</Typography.Paragraph>
      <List<SuggestedArticleT> size="small" loading={suggested.isLoading} dataSource={suggested.data ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('knowledge.noSuggestions')} /> }}
        renderItem={(a) => (
          <List.Item actions={can('ticket.write') ? [
            <Button key="insert" size="small" onClick={() => insert(a).catch((e: Error) => message.error(e.message))} data-testid="suggested-insert">
              {onInsert ? t('knowledge.insert') : t('knowledge.copy')}
            </Button>,
          ] : []}>
            <List.Item.Meta title={<Space wrap size={4}><Link to={`/knowledge/${a.id}`}>{a.title}</Link><AudienceTag audience={a.audience} /></Space>}
              description={<Typography.Text type="secondary" style={{ wordBreak: 'break-word' }}>{a.snippet}</Typography.Text>} />
          </List.Item>
        )} />
    </Card>
  );
}
