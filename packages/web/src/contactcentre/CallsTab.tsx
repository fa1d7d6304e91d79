import { useState } from 'react';
import { Button, Empty, Space, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { dateTime } from '../ui/format.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { useCan } from '../session/session.ts';
import { useCallPages, useTicketFromCall, type CallT } from './api.ts';
import { LogCallModal } from './LogCallModal.tsx';
import { MakeTicketButton } from './MakeTicketButton.tsx';

/** The hotline's calls in the caller's units, latest first, a page at a time. */
export function CallsTab() {
  const { t } = useTranslation();
  const pages = useCallPages();
  const make = useTicketFromCall();
  const [isLogging, setLogging] = useState(false);
  const can = useCan();
  if (pages.error) return <QueryState error={pages.error} retry={() => pages.refetch()} />;
  const rows = pages.data?.pages.flatMap((p) => p.items) ?? [];
  const duration = (s: number) => t('contactCentre.minutesSeconds', { m: Math.floor(s / 60), s: s % 60 });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {can('hotline.write') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setLogging(true)} data-testid="log-call">{t('contactCentre.logCall')}</Button>}
      <div style={{ overflowX: 'auto' }}>
        <Table<CallT> rowKey="id" size="small" loading={pages.isLoading} dataSource={rows} pagination={false} style={{ minWidth: 860 }} data-testid="call-table"
          locale={{ emptyText: <Empty description={t('contactCentre.noCalls')} /> }}
          expandable={{ rowExpandable: (r) => Boolean(r.note || r.recording), expandedRowRender: (r) => (
            <Space direction="vertical" size={0}>
              {r.note && <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{r.note}</Typography.Text>}
              {r.recording && <Typography.Text type="secondary">{t('contactCentre.recording')}: {r.recording}</Typography.Text>}
            </Space>
          ) }}
          columns={[
            { title: t('contactCentre.startedAt'), dataIndex: 'startedAt', width: 150, render: (d: string) => dateTime(d) },
            { title: t('contactCentre.number'), dataIndex: 'number', width: 150 },
            { title: t('contactCentre.direction'), dataIndex: 'direction', width: 70, render: (d: CallT['direction']) => t(`contactCentre.directions.${d}`) },
            { title: t('contactCentre.customer'), dataIndex: 'customerName', render: (n: string | null, r) => (r.customerId
              ? <Link to={`/customers/${r.customerId}`}>{n ?? '—'}</Link> : <Typography.Text type="secondary">{t('contactCentre.unmatched')}</Typography.Text>) },
            { title: t('contactCentre.outcome'), dataIndex: 'outcome', width: 90, render: (o: CallT['outcome']) => t(`contactCentre.outcomes.${o}`) },
            { title: t('contactCentre.duration'), dataIndex: 'durationSeconds', width: 110, render: duration },
            { title: t('contactCentre.agent'), dataIndex: 'agentName', width: 110, render: (n: string | null) => n ?? '—' },
            { title: '', key: 'ticket', width: 110, render: (_v: unknown, r: CallT) => <MakeTicketButton id={r.id} ticketId={r.ticketId} customerId={r.customerId} make={make} /> },
          ]} />
      </div>
      {pages.hasNextPage && <Button onClick={() => pages.fetchNextPage()} loading={pages.isFetchingNextPage}>{t('contactCentre.more')}</Button>}
      {isLogging && <LogCallModal onClose={() => setLogging(false)} />}
    </Space>
  );
}
