import { useState } from 'react';
import { Breadcrumb, Card, Space, Tabs } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../api/client.ts';
import { useLiveTopic } from '../api/realtime.ts';
import type { Customer360T } from '../api/types.ts';
import { useCan } from '../session/session.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { Header } from './Header.tsx';
import { Timeline } from './Timeline.tsx';
import { ContactsTab } from './ContactsTab.tsx';
import { IdentitiesTab } from './IdentitiesTab.tsx';
import { ServicesTab } from './ServicesTab.tsx';
import { BillsTab } from './BillsTab.tsx';
import { MergeModal } from './MergeModal.tsx';
import { CustomerTasks } from '../tasks/CustomerTasks.tsx';
import { CustomerTickets } from '../service/CustomerTickets.tsx';
import { CustomerContract } from '../service/CustomerContract.tsx';
import { CustomerWebActivity } from '../tracking/CustomerWebActivity.tsx';
import { CustomerOrders } from '../tracking/CustomerOrders.tsx';
import { CustomerMessages } from '../notifications/CustomerMessages.tsx';

/** 客户360视图 — everything known about one customer on one screen. */
export default function Customer360Page() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  /** The merge dialog, open; with the duplicate already chosen when opened from a refused identity. */
  const [merging, setMerging] = useState<{ otherId?: string } | null>(null);
  const view = useQuery({ queryKey: ['customer360', id], queryFn: () => api.GET('/customers/{customerId}/360', { params: { path: { customerId: id! } } }) });
  // Someone else changed this customer (a note, a service, a payment …): everything on the page about it is read again.
  const client = useQueryClient();
  useLiveTopic(id ? `customer:${id}` : null, () => void client.invalidateQueries({ predicate: (q) => q.queryKey[1] === id }));
  if (!view.data) return <QueryState isLoading={view.isLoading} error={view.error} retry={() => view.refetch()} />;
  const v = view.data;
  const isMergeable = can('customer.merge') && v.customer.status === 'active';
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="customer-360">
      <Breadcrumb items={[{ title: <Link to="/customers">{t('menu.customers')}</Link> }, { title: v.customer.name }]} />
      <Header view={v} onMerge={() => setMerging({})} />
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs defaultActiveKey="timeline" items={[
          { key: 'timeline', label: t('c360.timeline'), children: <Timeline customerId={id} initial={v.timeline} /> },
          ...(v.customer.kind === 'enterprise'
            ? [{ key: 'contacts', label: `${t('c360.contacts')} (${v.contacts.length})`, children: <ContactsTab view={v} /> }]
            : []),
          { key: 'identities', label: `${t('c360.identities')} (${v.identities.length})`,
            children: <IdentitiesTab view={v} onMerge={isMergeable ? (otherId) => setMerging({ otherId }) : undefined} /> },
          { key: 'services', label: `${t('c360.services')} (${v.subscriptions.length})`, children: <ServicesTab view={v} /> },
          { key: 'bills', label: t('c360.bills'), children: <BillsTab view={v} /> },
          ...(can('message.send') ? [{ key: 'messages', label: t('messages.title'), children: <CustomerMessages customerId={id}
            canSend={v.customer.status === 'active'} canChangeConsent={can('customer.write') && v.customer.status === 'active'} /> }] : []),
          ...(can('ticket.read') ? [{ key: 'tickets', label: t('menu.tickets'), children: <CustomerTickets customerId={id} canCreate={can('ticket.write') && v.customer.status === 'active'} /> }] : []),
          ...(can('ticket.read') ? [{ key: 'contract', label: t('contract.title'), children: <CustomerContract customerId={id} canEdit={can('sla.manage') && v.customer.status === 'active'} /> }] : []),
          ...(can('tracking.read') ? [{ key: 'web', label: t('webActivity.tab'), children: <CustomerWebActivity customerId={id} /> }] : []),
          ...(can('tracking.read') ? [{ key: 'orders', label: t('orders.tab'), children: <CustomerOrders customerId={id} /> }] : []),
          ...(can('task.read') ? [{ key: 'tasks', label: t('tasks.title'), children: <CustomerTasks customerId={id} canCreate={can('task.write') && v.customer.status === 'active'} /> }] : []),
        ]} />
      </Card>
      <MergeModal open={!!merging} survivor={v.customer} initialOtherId={merging?.otherId} onClose={() => setMerging(null)}
        onMerged={(survivorId) => { setMerging(null); navigate(`/customers/${survivorId}`); }} />
    </Space>
  );
}
