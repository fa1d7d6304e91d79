import { useMemo, useState } from 'react';
import { App, Button, Card, Checkbox, Input, Select, Space, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useCan } from '../session/session.ts';
import { UserSelect } from '../ui/lookups.tsx';
import { useBulkTickets, type TicketFilter } from './api.ts';
import { TicketTable } from './TicketTable.tsx';
import { NewTicketModal } from './NewTicketModal.tsx';

const statuses = ['open', 'new', 'assigned', 'in_progress', 'waiting_on_customer', 'resolved', 'closed', 'all'] as const;

/** 工单队列 — the unit's tickets by status, kind, priority, assignee and title; leads act on many at once. */
export default function TicketsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const [status, setStatus] = useState<(typeof statuses)[number]>('open');
  const [kind, setKind] = useState<TicketFilter['kind']>();
  const [priority, setPriority] = useState<TicketFilter['priority']>();
  const [isMine, setMine] = useState(false);
  const [q, setQ] = useState('');
  const [sort, setSort] = useState<NonNullable<TicketFilter['sort']>>('newest');
  const [selected, setSelected] = useState<string[]>([]);
  const [isCreating, setCreating] = useState(false);
  const bulk = useBulkTickets();
  const filter = useMemo<TicketFilter>(() => ({
    status, limit: 20, sort, ...(kind ? { kind } : {}), ...(priority ? { priority } : {}), ...(isMine ? { assignee: 'me' } : {}), ...(q.trim() ? { q: q.trim() } : {}),
  }), [status, kind, priority, isMine, q, sort]);
  const act = (action: Parameters<typeof bulk.mutate>[0]['action']) => bulk.mutate({ ids: selected, action }, {
    onSuccess: (r) => { message.success(t('tickets.bulkDone', { n: r.changed.length })); setSelected([]); },
    onError: (e) => message.error(e.message),
  });
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('tickets.title')}</Typography.Title>
        {can('ticket.write') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="ticket-new">{t('tickets.newTicket')}</Button>}
      </Space>
      <Card size="small">
        <Space wrap size={[16, 8]}>
          <Select value={status} onChange={setStatus} style={{ width: 150 }} aria-label={t('tickets.status')} data-testid="ticket-filter-status"
            options={statuses.map((s) => ({ value: s, label: s === 'open' ? t('tickets.open') : s === 'all' ? t('tickets.all') : t(`ticketStatus.${s}`) }))} />
          <Select value={kind} onChange={setKind} allowClear placeholder={t('tickets.kind')} aria-label={t('tickets.kind')} style={{ width: 130 }}
            options={(['fault', 'complaint', 'inquiry'] as const).map((k) => ({ value: k, label: t(`ticketKind.${k}`) }))} />
          <Select value={priority} onChange={setPriority} allowClear placeholder={t('tickets.priority')} aria-label={t('tickets.priority')} style={{ width: 110 }}
            options={(['low', 'normal', 'high', 'urgent'] as const).map((p) => ({ value: p, label: t(`ticketPriority.${p}`) }))} />
          <Select value={sort} onChange={setSort} style={{ width: 200 }} aria-label={t('tickets.sort')} data-testid="ticket-sort"
            options={[{ value: 'newest', label: t('tickets.sortNewest') }, { value: 'due', label: t('tickets.sortDue') }]} />
          <Checkbox checked={isMine} onChange={(e) => setMine(e.target.checked)}>{t('tickets.mine')}</Checkbox>
          <Input.Search allowClear placeholder={t('tickets.search')} aria-label={t('tickets.search')} onSearch={setQ} style={{ width: 280, maxWidth: '100%' }} />
        </Space>
      </Card>
      {can('ticket.manage') && selected.length > 0 && (
        <Card size="small" data-testid="ticket-bulk">
          <Space wrap>
            <Typography.Text>{t('tickets.selected', { n: selected.length })}</Typography.Text>
            <UserSelect placeholder={t('tickets.bulkAssign')} style={{ width: 180 }} onChange={(assigneeId) => assigneeId && act({ kind: 'assign', assigneeId })} />
            <Select placeholder={t('tickets.bulkPriority')} aria-label={t('tickets.bulkPriority')} style={{ width: 130 }} onChange={(p: 'low' | 'normal' | 'high' | 'urgent') => act({ kind: 'priority', priority: p })}
              options={(['low', 'normal', 'high', 'urgent'] as const).map((p) => ({ value: p, label: t(`ticketPriority.${p}`) }))} />
            <Button danger loading={bulk.isPending} onClick={() => act({ kind: 'close' })}>{t('tickets.bulkClose')}</Button>
          </Space>
        </Card>
      )}
      <Card styles={{ body: { paddingBlock: 4 } }}>
        <TicketTable filter={filter} selected={selected} onSelect={can('ticket.manage') ? setSelected : undefined} />
      </Card>
      {isCreating && <NewTicketModal onClose={() => setCreating(false)} />}
    </Space>
  );
}
