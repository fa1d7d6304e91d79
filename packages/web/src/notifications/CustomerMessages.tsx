import { useState } from 'react';
import { App, Button, Descriptions, Empty, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { SendOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { dateTime } from '../ui/format.ts';
import { useConsents, useCustomerMessages, useNoticeChannel, useSetConsent, useSetNoticeChannel } from './api.ts';
import { SendMessageModal } from './SendMessageModal.tsx';

const statusColour = { queued: 'blue', sent: 'green', failed: 'red', bounced: 'orange' } as const;

/** The 360° page's messages: what the customer agreed to receive, and every message sent or waiting. */
export function CustomerMessages({ customerId, canSend, canChangeConsent }: { customerId: string; canSend: boolean; canChangeConsent: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const consents = useConsents(customerId);
  const messages = useCustomerMessages(customerId);
  const setConsent = useSetConsent(customerId);
  const notices = useNoticeChannel(customerId);
  const setNotices = useSetNoticeChannel(customerId);
  const [isSending, setSending] = useState(false);
  const consentOf = (channel: 'email' | 'sms') => consents.data?.find((c) => c.channel === channel);
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Descriptions size="small" column={{ xs: 1, sm: 3 }} items={[{
          key: 'notices', label: t('messages.noticeChannel'),
          children: (
            <Space size={6} wrap>
              <Select size="small" style={{ width: 150 }} value={notices.data ? notices.data.channel ?? 'default' : undefined} loading={notices.isLoading || setNotices.isPending}
                disabled={!canChangeConsent || !notices.data} aria-label={t('messages.noticeChannel')} data-testid="notice-channel" popupMatchSelectWidth={false}
                onChange={(v: string) => setNotices.mutate({ channel: v === 'default' ? null : v as 'email' | 'sms' }, { onSuccess: () => message.success(t('messages.noticeSaved')), onError: (e) => message.error(e.message) })}
                // The chosen value shows short; the list says what automatic means.
                labelRender={({ value }) => (value === 'default' ? t('messages.noticeAutomatic')
                  // Chosen, but its address is gone since: the notices fall back, and the picker says so.
                  : notices.data?.reachableBy.includes(value as 'email' | 'sms') ? t(`channel.${value}`) : `${t(`channel.${value}`)}（${t('messages.noticeUnreachable')}）`)}
                options={[{ value: 'default', label: t('messages.noticeDefault') }, ...(['sms', 'email'] as const).map((c) => ({
                  value: c, disabled: !notices.data?.reachableBy.includes(c),
                  label: notices.data?.reachableBy.includes(c) ? t(`channel.${c}`) : `${t(`channel.${c}`)}（${t('messages.noticeUnreachable')}）`,
                }))]} />
              {notices.data?.source && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t(`messages.noticeBy.${notices.data.source}`, { defaultValue: notices.data.source })}</Typography.Text>}
            </Space>
          ),
        }, ...(['sms', 'email'] as const).map((channel) => {
          const consent = consentOf(channel);
          return {
            key: channel, label: t(`messages.consent.${channel}`),
            children: (
              <Space size={6}>
                <Switch size="small" checked={!!consent?.isGranted} loading={consents.isLoading || setConsent.isPending} disabled={!canChangeConsent}
                  aria-label={t(`messages.consent.${channel}`)} data-testid={`consent-${channel}`}
                  onChange={(isGranted) => setConsent.mutate({ channel, isGranted }, {
                    onSuccess: () => message.success(t(isGranted ? 'messages.consentGranted' : 'messages.consentWithdrawn')),
                    onError: (e) => message.error(e.message),
                  })} />
                {consent && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('messages.consentSince', { time: dateTime(consent.changedAt) })}</Typography.Text>}
              </Space>
            ),
          };
        })]} />
        {canSend && <Button icon={<SendOutlined />} onClick={() => setSending(true)} data-testid="message-new">{t('messages.send')}</Button>}
      </Space>
      <Table rowKey="id" size="small" loading={messages.isLoading} dataSource={messages.data} pagination={false} scroll={{ x: 640 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('messages.none')} /> }} columns={[
          { title: t('messages.when'), dataIndex: 'createdAt', render: (v) => dateTime(v), width: 170 },
          { title: t('messages.channel'), dataIndex: 'channel', render: (v, m) => <Space size={4}><Tag bordered={false}>{t(`channel.${v}`)}</Tag>{m.kind === 'promotional' && <Tag color="purple" bordered={false}>{t('messages.kind.promotional')}</Tag>}</Space> },
          { title: t('messages.to'), dataIndex: 'toAddress' },
          { title: t('messages.content'), dataIndex: 'body', render: (v, m) => <Typography.Text ellipsis={{ tooltip: v }} style={{ maxWidth: 320 }}>{m.subject ?? v}</Typography.Text> },
          { title: t('messages.status'), dataIndex: 'status', render: (v, m) => <Tag color={statusColour[v as keyof typeof statusColour]}>{t(`messageStatus.${v}`)}{v === 'queued' && new Date(m.sendAfter) > new Date() ? ` · ${dateTime(m.sendAfter)}` : ''}</Tag> },
        ]} />
      {isSending && <SendMessageModal customerId={customerId} onClose={() => setSending(false)} />}
    </Space>
  );
}
