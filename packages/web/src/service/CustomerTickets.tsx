import { useState } from 'react';
import { Button, Input, Segmented, Select, Space } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useCustomerServices } from './api.ts';
import { TicketTable } from './TicketTable.tsx';
import { NewTicketModal } from './NewTicketModal.tsx';

/**
 * The 360° page's tickets — the customer's service archive (服务档案): open ones or all, one
 * service's history, words of a title or description; a new one is about this customer.
 */
export function CustomerTickets({ customerId, canCreate }: { customerId: string; canCreate: boolean }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<'open' | 'all'>('open');
  const [subscriptionId, setSubscriptionId] = useState<string>();
  const [q, setQ] = useState('');
  const [isCreating, setCreating] = useState(false);
  const services = useCustomerServices(customerId);
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="customer-tickets">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Space wrap>
          <Segmented size="small" value={status} onChange={(v) => setStatus(v as typeof status)}
            options={[{ value: 'open', label: t('tickets.open') }, { value: 'all', label: t('tickets.all') }]} />
          <Select size="small" allowClear value={subscriptionId} onChange={setSubscriptionId} placeholder={t('tickets.everyService')} aria-label={t('tickets.subscription')}
            style={{ width: 200 }} data-testid="customer-tickets-service"
            options={(services.data ?? []).map((s) => ({ value: s.id, label: `${s.productName} ${s.serviceNumber}` }))} />
          <Input.Search size="small" allowClear placeholder={t('tickets.searchArchive')} aria-label={t('tickets.searchArchive')} onSearch={setQ} style={{ width: 200 }} />
        </Space>
        {canCreate && <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="customer-ticket-new">{t('tickets.newTicket')}</Button>}
      </Space>
      <TicketTable filter={{ customerId, status, limit: 10, ...(subscriptionId ? { subscriptionId } : {}), ...(q.trim() ? { q: q.trim() } : {}) }} showCustomer={false} />
      {isCreating && <NewTicketModal customerId={customerId} onClose={() => setCreating(false)} />}
    </Space>
  );
}
