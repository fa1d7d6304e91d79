import { useState } from 'react';
import { App, Button, Empty, InputNumber, List, Select, Space, Switch, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useProducts } from '../ui/lookups.tsx';
import { QueryState } from '../ui/QueryState.tsx';
import { useServiceContract, useSetServiceContract, type ContractTermBody, type ServiceContractT } from './api.ts';
import { useDuration } from './duration.ts';
import { PriorityTag, prioritiesUrgentFirst as priorities } from './tags.tsx';

type Term = ServiceContractT['items'][number];

const bodyOf = ({ priority, productId, firstResponseMinutes, nextResponseMinutes, resolutionMinutes, clock, isActive }: Term): ContractTermBody =>
  ({ priority, productId, firstResponseMinutes, nextResponseMinutes, resolutionMinutes, clock, isActive });

/**
 * The 360° page's service contract (服务合同): the customer's own SLA terms per priority, which
 * come before the general ones; those who set SLA terms edit them here. Laid out as a list, not a
 * table, so a phone shows it without scrolling sideways.
 */
export function CustomerContract({ customerId, canEdit }: { customerId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const contract = useServiceContract(customerId);
  const [draft, setDraft] = useState<ContractTermBody[] | null>(null);
  if (!contract.data) return <QueryState isLoading={contract.isLoading} error={contract.error} retry={() => contract.refetch()} />;
  if (draft) return <ContractForm customerId={customerId} draft={draft} setDraft={setDraft} />;
  const terms = contract.data.items;
  const isInForce = terms.some((p) => p.isActive);
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="customer-contract">
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>{t('contract.intro')}</Typography.Paragraph>
      {!isInForce && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(terms.length ? 'contract.noneActive' : 'contract.none')} data-testid="customer-contract-none" />}
      {terms.length > 0 && <List size="small" dataSource={terms} rowKey="id" renderItem={(p) => <TermLine term={p} />} />}
      {canEdit && <Button onClick={() => setDraft(terms.map(bodyOf))} data-testid="customer-contract-edit">{t('contract.edit')}</Button>}
    </Space>
  );
}

function TermLine({ term }: { term: Term }) {
  const { t } = useTranslation();
  const duration = useDuration();
  return (
    <List.Item>
      <Space direction="vertical" size={2} style={{ minWidth: 0 }}>
        <Space wrap size={4}>
          <PriorityTag priority={term.priority} />
          <Tag>{term.productName ?? t('contract.allServices')}</Tag>
          <Tag color={term.clock === 'business' ? 'default' : 'blue'}>{term.clock === 'business' ? t('terms.clockBusiness') : t('terms.clockAlways')}</Tag>
          {term.isActive ? <Tag color="green">{t('contract.active')}</Tag> : <Tag>{t('terms.inactive')}</Tag>}
        </Space>
        <Typography.Text type="secondary">
          {t('contract.line', { first: duration(term.firstResponseMinutes), next: duration(term.nextResponseMinutes), resolution: duration(term.resolutionMinutes) })}
        </Typography.Text>
      </Space>
    </List.Item>
  );
}

const newTerm: ContractTermBody = { priority: 'urgent', productId: null, firstResponseMinutes: 15, nextResponseMinutes: 15, resolutionMinutes: 120, clock: 'around_the_clock', isActive: true };

function ContractForm({ customerId, draft, setDraft }: { customerId: string; draft: ContractTermBody[]; setDraft: (d: ContractTermBody[] | null) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const products = useProducts();
  const save = useSetServiceContract(customerId);
  const edit = (i: number, patch: Partial<ContractTermBody>) => setDraft(draft.map((p, n) => (n === i ? { ...p, ...patch } : p)));
  const minutesInput = (i: number, key: 'firstResponseMinutes' | 'nextResponseMinutes' | 'resolutionMinutes', label: string) => (
    <Space direction="vertical" size={0}>
      <Typography.Text type="secondary">{label}</Typography.Text>
      <InputNumber min={1} max={525_600} precision={0} value={draft[i][key]} addonAfter={t('terms.min')} style={{ width: 140 }} aria-label={label}
        // A cleared field keeps the last minutes: a term has no "no limit".
        onChange={(v) => edit(i, { [key]: v ?? draft[i][key] })} />
    </Space>
  );
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="customer-contract-form">
      {draft.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('contract.none')} />}
      {draft.map((p, i) => (
        <Space key={i} direction="vertical" size={6} style={{ width: '100%', paddingBottom: 12, borderBottom: '1px solid rgba(5, 5, 5, 0.06)' }}>
          <Typography.Text strong>{t('contract.term', { n: i + 1 })}</Typography.Text>
          <Space wrap>
            <Select value={p.priority} style={{ width: 100 }} aria-label={t('tickets.priority')} onChange={(v) => edit(i, { priority: v })}
              options={priorities.map((v) => ({ value: v, label: t(`ticketPriority.${v}`) }))} />
            <Select value={p.productId ?? 'any'} style={{ width: 170 }} aria-label={t('terms.product')} onChange={(v) => edit(i, { productId: v === 'any' ? null : v })}
              options={[{ value: 'any', label: t('contract.allServices') }, ...(products.data ?? []).map((x) => ({ value: x.id, label: x.name }))]} />
            <Select value={p.clock} style={{ width: 150 }} aria-label={t('terms.clock')} onChange={(v) => edit(i, { clock: v })}
              options={[{ value: 'business', label: t('terms.clockBusiness') }, { value: 'around_the_clock', label: t('terms.clockAlways') }]} />
          </Space>
          <Space wrap>
            {minutesInput(i, 'firstResponseMinutes', t('terms.firstResponse'))}
            {minutesInput(i, 'nextResponseMinutes', t('terms.nextResponse'))}
            {minutesInput(i, 'resolutionMinutes', t('terms.resolution'))}
          </Space>
          <Space wrap>
            <Switch checked={p.isActive} onChange={(isActive) => edit(i, { isActive })} aria-label={t('contract.active')} />
            <Typography.Text>{p.isActive ? t('contract.active') : t('terms.inactive')}</Typography.Text>
            <Button danger size="small" onClick={() => setDraft(draft.filter((_x, n) => n !== i))}>{t('terms.remove')}</Button>
          </Space>
        </Space>
      ))}
      <Space wrap>
        <Button onClick={() => setDraft([...draft, newTerm])} data-testid="customer-contract-add">{t('contract.add')}</Button>
        <Button type="primary" loading={save.isPending} data-testid="customer-contract-save"
          onClick={() => save.mutate(draft, {
            onSuccess: () => { setDraft(null); void message.success(t(draft.length ? 'contract.saved' : 'contract.ended')); },
            onError: (e) => message.error(e.message),
          })}>{t('terms.save')}</Button>
        <Button onClick={() => setDraft(null)}>{t('terms.cancel')}</Button>
      </Space>
      <Typography.Text type="secondary">{t('contract.removeHelp')}</Typography.Text>
    </Space>
  );
}
