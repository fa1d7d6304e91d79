import { Button, Collapse, Empty, List, Space, Tag, Typography } from 'antd';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { ItemOf } from '../api/types.ts';
import { dateTime } from '../ui/format.ts';
import { QueryState } from '../ui/QueryState.tsx';

type SessionT = ItemOf<'/customers/{customerId}/web-activity'>;
type EventT = SessionT['events'][number];

/** 网上行为 — the 360° page's tab: the sessions of the customer's identified visitors, newest first. */
export function CustomerWebActivity({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const pages = useInfiniteQuery({
    queryKey: ['web-activity', customerId],
    queryFn: ({ pageParam }) => api.GET('/customers/{customerId}/web-activity', { params: { path: { customerId }, query: { cursor: pageParam, limit: 20 } } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (pages.error) return <QueryState error={pages.error} retry={() => pages.refetch()} />;
  const sessions = pages.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Space direction="vertical" style={{ width: '100%', minWidth: 0 }} data-testid="web-activity">
      <List loading={pages.isLoading} dataSource={sessions} rowKey={(s) => `${s.siteId}/${s.visitorId}/${s.sessionNumber}`}
        locale={{ emptyText: <Empty description={<><div>{t('webActivity.empty')}</div><Typography.Text type="secondary">{t('webActivity.emptyHint')}</Typography.Text></>} /> }}
        renderItem={(session) => <List.Item data-testid="web-session" style={{ display: 'block' }}><Session session={session} /></List.Item>} />
      {pages.hasNextPage && <Button block onClick={() => pages.fetchNextPage()} loading={pages.isFetchingNextPage}>{t('webActivity.more')}</Button>}
    </Space>
  );
}

function Session({ session }: { session: SessionT }) {
  const { t } = useTranslation();
  const source = [session.utm.source, session.utm.medium, session.utm.campaign].filter(Boolean).join(' / ');
  return (
    <Space direction="vertical" style={{ width: '100%', minWidth: 0 }} size={4}>
      <Space wrap size={4}>
        <Typography.Text strong>{session.siteName}</Typography.Text>
        <Typography.Text type="secondary">{dateTime(session.startedAt)} – {dateTime(session.endedAt)}</Typography.Text>
        <Tag bordered={false}>{t('webActivity.pageViews', { count: session.pageViews })}</Tag>
      </Space>
      <Typography.Text style={{ wordBreak: 'break-all' }}>{t('webActivity.landing')}: {session.landingPage}</Typography.Text>
      {session.referrer && <Typography.Text type="secondary" style={{ wordBreak: 'break-all' }}>{t('webActivity.referrer')}: {session.referrer}</Typography.Text>}
      {source && <Typography.Text type="secondary">{t('webActivity.campaign')}: {source}</Typography.Text>}
      <Collapse size="small" ghost items={[{ key: 'events', label: t('webActivity.events', { count: session.events.length }), children: (
        <List size="small" dataSource={session.events} renderItem={(event) => (
          <List.Item style={{ display: 'block' }}>
            <Space wrap size={4}><Tag>{t(`webActivity.type.${event.type}`)}</Tag><Typography.Text type="secondary">{dateTime(event.occurredAt)}</Typography.Text></Space>
            <div style={{ wordBreak: 'break-all' }}>{describe(event)}</div>
          </List.Item>
        )} />
      ) }]} />
    </Space>
  );
}

/** What the event says in one line: the search words, the clicked address, the custom event's name, else the page. */
function describe(event: EventT) {
  if (event.type === 'search' || (event.type === 'pageview' && event.query)) return `${event.query ?? ''} · ${event.url}`;
  if (event.type === 'click') return event.target ?? event.name ?? event.url;
  if (event.type === 'custom') return [event.name, event.props && JSON.stringify(event.props)].filter(Boolean).join(' ');
  return event.title ? `${event.title} · ${event.url}` : event.url;
}
