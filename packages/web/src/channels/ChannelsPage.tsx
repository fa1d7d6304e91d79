import { useState } from 'react';
import { App, Button, Card, Empty, Popconfirm, Switch, Table, Tag, Typography } from 'antd';
import { KeyOutlined, PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useCan } from '../session/session.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { dateTime, number } from '../ui/format.ts';
import { NewChannelModal } from './NewChannelModal.tsx';
import { TokenShown } from './TokenShown.tsx';
import { useChangeChannel, useChannels, useRenewToken, type ChannelT } from './api.ts';

/** 渠道 — the channels of the caller's units, today's figures, and (for managers) registration and tokens. */
export default function ChannelsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const channels = useChannels();
  const change = useChangeChannel();
  const renew = useRenewToken();
  const [isCreating, setCreating] = useState(false);
  const [token, setToken] = useState<string | null>(null);
  if (!channels.data && !channels.isLoading) return <QueryState error={channels.error} retry={() => channels.refetch()} />;
  const mayManage = can('channel.manage');
  const renewToken = (channel: ChannelT) => renew.mutate(channel.id, {
    onSuccess: (renewed) => { message.success(t('channels.renewed')); setToken(renewed.token); },
    onError: (e) => message.error(e instanceof Error ? e.message : String(e)),
  });
  return (
    <Card title={t('channels.title')} extra={mayManage && (
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-channel">{t('channels.newChannel')}</Button>
    )}>
      <Typography.Paragraph type="secondary">{t('channels.intro')}</Typography.Paragraph>
      {channels.data?.length === 0 ? (
        <Empty description={<><div>{t('channels.empty')}</div>{mayManage && <Typography.Text type="secondary">{t('channels.emptyHint')}</Typography.Text>}</>} />
      ) : <Table<ChannelT> rowKey="id" size="small" loading={channels.isLoading} dataSource={channels.data ?? []} pagination={false} scroll={{ x: 760 }} data-testid="channels"
        columns={[
          { title: t('channels.name'), dataIndex: 'name', fixed: 'left', render: (name: string, c) => <Link to={`/channels/${c.id}`}>{name}</Link> },
          { title: t('channels.kind'), dataIndex: 'kind', render: (kind: string) => t(`channelKind.${kind}`) },
          { title: t('channels.code'), dataIndex: 'code', render: (code: string) => <Typography.Text code>{code}</Typography.Text> },
          { title: t('channels.active'), dataIndex: 'isActive', render: (isActive: boolean, c) => (mayManage
            ? <Switch size="small" checked={isActive} loading={change.isPending && change.variables?.id === c.id} aria-label={t('channels.active')}
              onChange={(on) => change.mutate({ id: c.id, change: { isActive: on } }, { onSuccess: (saved) => message.success(t('channels.saved', { name: saved.name })) })} />
            : isActive ? <Tag color="green">{t('channels.active')}</Tag> : <Tag>{t('channels.inactive')}</Tag>) },
          { title: t('channels.today'), dataIndex: 'todayCount', align: 'right', render: (n: number) => number(n) },
          { title: t('channels.failed'), dataIndex: 'todayFailed', align: 'right', render: (n: number) => (n ? <Typography.Text type="danger">{number(n)}</Typography.Text> : number(n)) },
          { title: t('channels.lastAt'), dataIndex: 'lastTransactionAt', render: (at: string | null) => (at ? dateTime(at) : t('channels.none')) },
          ...(mayManage ? [{ title: '', key: 'token', render: (_: unknown, c: ChannelT) => (
            <Popconfirm title={t('channels.renewConfirm')} onConfirm={() => renewToken(c)} okText={t('channels.renew')} cancelText={t('channels.cancel')}>
              <Button size="small" icon={<KeyOutlined />} data-testid="renew-token">{t('channels.renew')}</Button>
            </Popconfirm>) }] : []),
        ]} />}
      {isCreating && <NewChannelModal onClose={() => setCreating(false)} onCreated={(made) => { setCreating(false); setToken(made.token); }} />}
      {token && <TokenShown token={token} onClose={() => setToken(null)} />}
    </Card>
  );
}
