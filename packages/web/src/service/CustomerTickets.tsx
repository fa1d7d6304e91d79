import { useState } from 'react';
import { Button, Segmented, Space } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { TicketTable } from './TicketTable.tsx';
import { NewTicketModal } from './NewTicketModal.tsx';

/** The 360° page's tickets: this customer's, open ones first; a new one is about them. */
export function CustomerTickets({ customerId, canCreate }: { customerId: string; canCreate: boolean }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<'open' | 'all'>('open');
  const [isCreating, setCreating] = useState(false);
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="customer-tickets">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Segmented size="small" value={status} onChange={(v) => setStatus(v as typeof status)}
          options={[{ value: 'open', label: t('tickets.open') }, { value: 'all', label: t('tickets.all') }]} />
        {canCreate && <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="customer-ticket-new">{t('tickets.newTicket')}</Button>}
      </Space>
      <TicketTable filter={{ customerId, status, limit: 10 }} showCustomer={false} />
      {isCreating && <NewTicketModal customerId={customerId} onClose={() => setCreating(false)} />}
    </Space>
  );
}
