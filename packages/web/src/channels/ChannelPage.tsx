import { Button, Card, Empty, Table, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../ui/QueryState.tsx';
import { dateTime, money } from '../ui/format.ts';
import { useChannels, useChannelTransactions, type ChannelTransactionT } from './api.ts';

/** 渠道交易 — what one channel's system reported, latest first. */
export default function ChannelPage() {
  const { t } = useTranslation();
  const { channelId = '' } = useParams();
  const channel = useChannels().data?.find((c) => c.id === channelId);
  const pages = useChannelTransactions(channelId);
  if (pages.error) return <QueryState error={pages.error} retry={() => pages.refetch()} />;
  const items = pages.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card title={channel ? t('channels.transactionsOf', { name: channel.name }) : t('channels.transactions')}
      extra={<Link to="/channels"><Button icon={<ArrowLeftOutlined />}>{t('channels.back')}</Button></Link>}>
      <Table<ChannelTransactionT> rowKey="id" size="small" loading={pages.isLoading} dataSource={items} pagination={false} scroll={{ x: 720 }} data-testid="channel-transactions"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('channels.noTransactions')} /> }}
        columns={[
          { title: t('channels.occurredAt'), dataIndex: 'occurredAt', render: (at: string) => dateTime(at) },
          { title: t('channels.transactionId'), dataIndex: 'transactionId', render: (id: string) => <Typography.Text code>{id}</Typography.Text> },
          { title: t('channels.kind'), dataIndex: 'kind', render: (kind: string) => t(`transactionKind.${kind}`) },
          { title: t('channels.status'), dataIndex: 'status', render: (status: string, x) => (status === 'succeeded'
            ? <Tag color="green">{t('channels.succeeded')}</Tag>
            : <span><Tag color="red">{t('channels.failedStatus')}</Tag>{x.reason && <Typography.Text type="secondary">{x.reason}</Typography.Text>}</span>) },
          { title: t('channels.amount'), dataIndex: 'amountFen', align: 'right', render: (fen: number | null) => (fen === null ? t('channels.none') : money(fen)) },
          { title: t('channels.customer'), key: 'customer', render: (_: unknown, x) => (x.customer ? <Link to={`/customers/${x.customer.id}`}>{x.customer.name}</Link>
            : <Typography.Text type="secondary">{x.isMatched ? t('channels.outOfSight') : t('channels.noCustomer')}</Typography.Text>) },
        ]} />
      {pages.hasNextPage && <Button block style={{ marginTop: 12 }} onClick={() => pages.fetchNextPage()} loading={pages.isFetchingNextPage}>{t('channels.more')}</Button>}
    </Card>
  );
}
