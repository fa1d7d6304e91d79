import { useEffect, useState } from 'react';
import { Alert, App, Modal, Radio, Select, Space, Table, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { CustomerT } from '../api/types.ts';
import { date, unitName } from '../ui/format.ts';

const fields = ['name', 'tier', 'gender', 'birthDate', 'industry', 'address', 'note', 'ownerId'] as const;
type Field = (typeof fields)[number];

/** 客户合并 — two records of one person become one; for each field, choose whose value survives. */
export function MergeModal({ open, survivor, initialOtherId, onClose, onMerged }: {
  open: boolean; survivor: CustomerT; initialOtherId?: string; onClose: () => void; onMerged: (id: string) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [q, setQ] = useState('');
  const [otherId, setOtherId] = useState<string>();
  const [take, setTake] = useState<Partial<Record<Field, 'survivor' | 'merged'>>>({});
  // Opened from a refused identity, the duplicate is already known.
  useEffect(() => {
    if (open) { setOtherId(initialOtherId); setTake({}); }
  }, [open, initialOtherId]);
  const candidates = useQuery({
    queryKey: ['search', q], enabled: q.trim().length > 0,
    queryFn: () => api.GET('/customers', { params: { query: { q: q.trim(), limit: 10 } } }),
  });
  const other = useQuery({ queryKey: ['customer', otherId], enabled: !!otherId, queryFn: () => api.GET('/customers/{customerId}', { params: { path: { customerId: otherId! } } }) });
  const merge = useMutation({
    mutationFn: () => api.POST('/customers/merge', { body: {
      survivorId: survivor.id, mergedId: otherId!, takeFromMerged: fields.filter((f) => take[f] === 'merged'),
    } }),
    onSuccess: (r) => {
      message.success(t('merge.done'));
      void client.invalidateQueries({ queryKey: ['customers'] });
      void client.invalidateQueries({ queryKey: ['customer360'] });
      setOtherId(undefined); setTake({});
      onMerged(r.survivor.id);
    },
    onError: (e) => message.error((e as Error).message),
  });

  const show = (c: CustomerT | undefined, f: Field) => {
    if (!c) return '';
    if (f === 'ownerId') return c.ownerName ?? '—';
    if (f === 'tier') return t(`tier.${c.tier}`);
    if (f === 'gender') return c.gender ? t(`gender.${c.gender}`) : '—';
    if (f === 'birthDate') return date(c.birthDate);
    return (c[f] as string | null) ?? '—';
  };

  return (
    <Modal open={open} width={820} title={t('merge.title')} onCancel={onClose} destroyOnHidden
      okText={t('merge.submit')} cancelText={t('common.cancel')} okButtonProps={{ disabled: !other.data, loading: merge.isPending, danger: true }}
      onOk={() => merge.mutate()}>
      <Space direction="vertical" style={{ width: '100%' }} size={16}>
        <Alert type="info" showIcon message={t('merge.explain', { name: survivor.name })} />
        <Select showSearch filterOption={false} style={{ width: '100%' }} placeholder={t('merge.find')} onSearch={setQ} value={otherId}
          loading={candidates.isFetching} onChange={(v) => { setOtherId(v); setTake({}); }}
          options={[...(candidates.data?.items ?? []), ...(other.data && !candidates.data?.items.some((c) => c.id === other.data.id) ? [other.data] : [])]
            .filter((c) => c.id !== survivor.id).map((c) => ({ value: c.id, label: `${c.name} · ${c.number} · ${unitName(c)}` }))} data-testid="merge-other" />
        {other.data && (
          <Table rowKey="field" size="small" pagination={false}
            dataSource={fields.map((f) => ({ field: f }))}
            columns={[
              { title: t('merge.field'), dataIndex: 'field', width: 120, render: (f: Field) => t(`merge.fields.${f}`) },
              { title: <Space direction="vertical" size={0}><span>{t('merge.keep')}</span><Typography.Text type="secondary" style={{ fontSize: 12 }}>{survivor.name} · {survivor.number}</Typography.Text></Space>,
                render: (_, { field }) => <Radio checked={take[field] !== 'merged'} onChange={() => setTake({ ...take, [field]: 'survivor' })}>{show(survivor, field)}</Radio> },
              { title: <Space direction="vertical" size={0}><span>{t('merge.mergedAway')}</span><Typography.Text type="secondary" style={{ fontSize: 12 }}>{other.data.name} · {other.data.number}</Typography.Text></Space>,
                render: (_, { field }) => <Radio checked={take[field] === 'merged'} onChange={() => setTake({ ...take, [field]: 'merged' })}>{show(other.data, field)}</Radio> },
            ]} />
        )}
      </Space>
    </Modal>
  );
}
