import { useState } from 'react';
import { Button, Descriptions, Drawer, Empty, List, Space, Table, Typography } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { downloadHref } from '../api/client.ts';
import { dateTime, fileSize } from '../ui/format.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { useMailPages, useTicketFromMail, type MailT } from './api.ts';
import { MakeTicketButton } from './MakeTicketButton.tsx';

/** The complaint mailbox's messages in the caller's units, latest first; a message opens in a drawer. */
export function MailTab() {
  const { t } = useTranslation();
  const pages = useMailPages();
  const make = useTicketFromMail();
  const [openId, setOpenId] = useState<string | null>(null);
  if (pages.error) return <QueryState error={pages.error} retry={() => pages.refetch()} />;
  const rows = pages.data?.pages.flatMap((p) => p.items) ?? [];
  const open = rows.find((r) => r.id === openId) ?? null;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <div style={{ overflowX: 'auto' }}>
        <Table<MailT> rowKey="id" size="small" loading={pages.isLoading} dataSource={rows} pagination={false} style={{ minWidth: 760 }} data-testid="mail-table"
          locale={{ emptyText: <Empty description={t('contactCentre.noMail')} /> }}
          columns={[
            { title: t('contactCentre.receivedAt'), dataIndex: 'receivedAt', width: 150, render: (d: string) => dateTime(d) },
            { title: t('contactCentre.subject'), dataIndex: 'subject', render: (s: string, r) => (
              <Button type="link" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }} onClick={() => setOpenId(r.id)}>
                {s || t('contactCentre.noSubject')}{r.attachments.length > 0 && <> <PaperClipOutlined aria-label={t('contactCentre.attachments')} /></>}
              </Button>
            ) },
            { title: t('contactCentre.from'), dataIndex: 'fromAddress', width: 200 },
            { title: t('contactCentre.customer'), dataIndex: 'customerName', width: 140, render: (n: string | null, r) => (r.customerId
              ? <Link to={`/customers/${r.customerId}`}>{n ?? '—'}</Link> : <Typography.Text type="secondary">{t('contactCentre.unmatched')}</Typography.Text>) },
            { title: '', key: 'ticket', width: 110, render: (_v: unknown, r: MailT) => <MakeTicketButton id={r.id} ticketId={r.ticketId} customerId={r.customerId} make={make} /> },
          ]} />
      </div>
      {pages.hasNextPage && <Button onClick={() => pages.fetchNextPage()} loading={pages.isFetchingNextPage}>{t('contactCentre.more')}</Button>}
      <Drawer open={Boolean(open)} onClose={() => setOpenId(null)} title={open?.subject || t('contactCentre.details')} width="min(640px, 100vw)" destroyOnHidden
        extra={open && <MakeTicketButton id={open.id} ticketId={open.ticketId} customerId={open.customerId} make={make} />}>
        {open && <MailDetail mail={open} />}
      </Drawer>
    </Space>
  );
}

/** A message as text (never HTML: React writes it as text, and the server kept only text), with its files as downloads. */
function MailDetail({ mail }: { mail: MailT }) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="mail-detail">
      <Descriptions size="small" column={1} items={[
        { key: 'from', label: t('contactCentre.from'), children: mail.fromAddress },
        { key: 'at', label: t('contactCentre.receivedAt'), children: dateTime(mail.receivedAt) },
        { key: 'customer', label: t('contactCentre.customer'), children: mail.customerId
          ? <Link to={`/customers/${mail.customerId}`}>{mail.customerName ?? '—'}</Link> : t('contactCentre.unmatched') },
      ]} />
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{mail.text}</Typography.Paragraph>
      <Typography.Text type="secondary">{t('contactCentre.textOnly')}</Typography.Text>
      <Typography.Title level={5}>{t('contactCentre.attachments')}</Typography.Title>
      <List size="small" dataSource={mail.attachments} locale={{ emptyText: t('contactCentre.noAttachments') }}
        renderItem={(file) => (
          <List.Item>
            <a href={downloadHref('/mailbox/messages/{mailboxMessageId}/attachments/{index}', { path: { mailboxMessageId: mail.id, index: file.index } })} download={file.fileName}>
              <PaperClipOutlined /> {file.fileName}
            </a>
            <Typography.Text type="secondary">{fileSize(file.sizeBytes)}</Typography.Text>
          </List.Item>
        )} />
    </Space>
  );
}
