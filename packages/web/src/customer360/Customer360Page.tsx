import { useState } from 'react';
import {
  App, Avatar, Badge, Breadcrumb, Button, Card, Col, Descriptions, Dropdown, Empty, Popconfirm, Row, Space, Statistic, Table, Tabs, Tag, Typography,
} from 'antd';
import {
  BankOutlined, EditOutlined, InboxOutlined, MailOutlined, MergeCellsOutlined, MoreOutlined, PhoneOutlined, RollbackOutlined, UserOutlined,
} from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { get, post } from '../api/client.ts';
import type { BillT, Customer360T, CustomerT, PaymentT } from '../api/types.ts';
import { useCan } from '../session/session.ts';
import { date, dateTime, money, number, phone } from '../ui/format.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { CustomerFormModal } from '../customers/CustomerForm.tsx';
import { Timeline } from './Timeline.tsx';
import { MergeModal } from './MergeModal.tsx';

/** 客户360视图 — everything known about one customer on one screen. */
export default function Customer360Page() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const view = useQuery({ queryKey: ['customer360', id], queryFn: () => get<Customer360T>(`/customers/${id}/360`) });
  if (!view.data) return <QueryState isLoading={view.isLoading} error={view.error} retry={() => view.refetch()} />;
  const v = view.data;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="customer-360">
      <Breadcrumb items={[{ title: <Link to="/customers">{t('menu.customers')}</Link> }, { title: v.customer.name }]} />
      <Header view={v} />
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs defaultActiveKey="timeline" items={[
          { key: 'timeline', label: t('c360.timeline'), children: <Timeline customerId={id} initial={v.timeline} /> },
          { key: 'contacts', label: `${t('c360.contacts')} (${v.contacts.length})`, children: <Contacts view={v} /> },
          { key: 'identities', label: `${t('c360.identities')} (${v.identities.length})`, children: <Identities view={v} /> },
          { key: 'services', label: `${t('c360.services')} (${v.subscriptions.length})`, children: <Services view={v} /> },
          { key: 'bills', label: t('c360.bills'), children: <Bills customerId={id} /> },
        ]} />
      </Card>
    </Space>
  );
}

function Header({ view }: { view: Customer360T }) {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [isEditing, setEditing] = useState(false);
  const [isMerging, setMerging] = useState(false);
  const c = view.customer;
  const phones = view.identities.filter((i) => i.kind === 'phone');
  const emails = view.identities.filter((i) => i.kind === 'email');
  const archive = useMutation({
    mutationFn: () => post<CustomerT>(`/customers/${c.id}/${c.status === 'archived' ? 'restore' : 'archive'}`),
    onSuccess: (updated) => {
      message.success(updated.status === 'archived' ? t('c360.archived') : t('c360.restored'));
      void client.invalidateQueries({ queryKey: ['customer360', c.id] });
      void client.invalidateQueries({ queryKey: ['customers'] });
    },
    onError: (e) => message.error((e as Error).message),
  });
  const interactionsTotal = Object.values(view.figures.interactions).reduce((a, b) => a + b, 0);

  return (
    <Card>
      <Row gutter={[24, 16]} align="top" wrap={false}>
        <Col flex="auto">
          <Space align="start" size={16}>
            <Avatar size={56} style={{ background: c.tier === 'key' ? '#faad14' : '#1677ff', fontSize: 24 }}
              icon={c.kind === 'enterprise' ? <BankOutlined /> : <UserOutlined />} />
            <div>
              <Space size={8} wrap>
                <Typography.Title level={4} style={{ margin: 0 }} data-testid="customer-name">{c.name}</Typography.Title>
                <Tag color={c.tier === 'key' ? 'gold' : 'default'}>{t(`tier.${c.tier}`)}</Tag>
                <Tag>{t(`kind.${c.kind}`)}</Tag>
                {c.status !== 'active' && <Badge status={c.status === 'archived' ? 'default' : 'warning'} text={t(`status.${c.status}`)} />}
                {c.tags.map((x) => <Tag key={x} color="blue">{x}</Tag>)}
              </Space>
              <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} style={{ marginTop: 8, maxWidth: 900 }} items={[
                { key: 'number', label: t('customers.number'), children: c.number },
                { key: 'owner', label: t('customers.owner'), children: c.ownerName ?? t('customers.noOwner') },
                { key: 'unit', label: t('customers.unit'), children: c.unitName },
                { key: 'phone', label: <PhoneOutlined />, children: phones.length ? phones.map((p) => phone(p.value)).join('，') : '—' },
                { key: 'email', label: <MailOutlined />, children: emails.length ? emails.map((p) => p.value).join(', ') : '—' },
                { key: 'since', label: t('c360.since'), children: date(c.createdAt) },
              ]} />
            </div>
          </Space>
        </Col>
        <Col>
          <Space>
            {can('customer.write') && c.status !== 'merged' && <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="edit-customer">{t('common.edit')}</Button>}
            {can('customer.archive') && c.status !== 'merged' && (
              <Popconfirm title={c.status === 'archived' ? t('c360.restoreConfirm') : t('c360.archiveConfirm')} onConfirm={() => archive.mutateAsync()}
                okText={t('common.confirm')} cancelText={t('common.cancel')}>
                <Button icon={c.status === 'archived' ? <RollbackOutlined /> : <InboxOutlined />} loading={archive.isPending}>
                  {c.status === 'archived' ? t('c360.restore') : t('c360.archive')}
                </Button>
              </Popconfirm>
            )}
            {can('customer.merge') && c.status === 'active' && (
              <Dropdown menu={{ items: [{ key: 'merge', icon: <MergeCellsOutlined />, label: t('c360.merge'), onClick: () => setMerging(true) }] }}>
                <Button icon={<MoreOutlined />} data-testid="more-actions" />
              </Dropdown>
            )}
          </Space>
        </Col>
      </Row>
      <Row gutter={16} style={{ marginTop: 16, paddingTop: 16, borderTop: '1px solid #f0f0f0' }}>
        <Col xs={12} md={6}><Statistic title={t('c360.monthlyFee')} value={money(view.figures.monthlyFeeFen)} /></Col>
        <Col xs={12} md={6}><Statistic title={t('c360.owed')} value={money(view.figures.owedFen)} valueStyle={view.figures.owedFen > 0 ? { color: '#cf1322' } : undefined} /></Col>
        <Col xs={12} md={6}><Statistic title={t('c360.activeServices')} value={number(view.figures.activeServices)} /></Col>
        <Col xs={12} md={6}>
          <Statistic title={t('c360.openItems')} value={number(view.openItems.unpaidBills)}
            suffix={view.openItems.overdueBills ? <Typography.Text type="danger" style={{ fontSize: 14 }}>{t('c360.overdueN', { n: view.openItems.overdueBills })}</Typography.Text> : null} />
        </Col>
      </Row>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('c360.interactionsSummary', { n: number(interactionsTotal) })}
        {Object.entries(view.figures.interactions).map(([k, n]) => ` · ${t(`interactionKind.${k}`)} ${number(n)}`).join('')}
      </Typography.Text>
      <CustomerFormModal open={isEditing} customer={c} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />
      <MergeModal open={isMerging} survivor={c} onClose={() => setMerging(false)}
        onMerged={(survivorId) => { setMerging(false); navigate(`/customers/${survivorId}`); }} />
    </Card>
  );
}

function Contacts({ view }: { view: Customer360T }) {
  const { t } = useTranslation();
  return (
    <Table rowKey="id" size="small" pagination={false} dataSource={view.contacts} locale={{ emptyText: <Empty description={t('c360.noContacts')} /> }}
      columns={[
        { title: t('contact.name'), dataIndex: 'name', render: (v, r) => <Space>{v}{r.isDecisionMaker && <Tag color="red">{t('contact.decisionMaker')}</Tag>}</Space> },
        { title: t('contact.title'), dataIndex: 'title' },
        { title: t('identity.phone'), dataIndex: 'phone', render: (v) => (v ? phone(v) : '—') },
        { title: t('identity.email'), dataIndex: 'email' },
        { title: t('customers.note'), dataIndex: 'note' },
      ]} />
  );
}

function Identities({ view }: { view: Customer360T }) {
  const { t } = useTranslation();
  return (
    <Table rowKey="id" size="small" pagination={false} dataSource={view.identities} columns={[
      { title: t('identity.kind'), dataIndex: 'kind', render: (v) => t(`identity.${v}`) },
      { title: t('identity.value'), dataIndex: 'value', render: (v, r) => <Space>{r.kind === 'phone' ? phone(v) : v}{r.isPrimary && <Tag color="blue">{t('identity.primary')}</Tag>}</Space> },
      { title: t('identity.source'), dataIndex: 'source' },
      { title: t('identity.createdAt'), dataIndex: 'createdAt', render: (v) => dateTime(v) },
    ]} />
  );
}

const serviceStatusColor = { active: 'green', suspended: 'orange', terminated: 'default' } as Record<string, string>;

function Services({ view }: { view: Customer360T }) {
  const { t } = useTranslation();
  return (
    <Table rowKey="id" size="small" pagination={false} dataSource={view.subscriptions} columns={[
      { title: t('service.product'), dataIndex: 'productName' },
      { title: t('service.category'), dataIndex: 'category', render: (v) => t(`category.${v}`, { defaultValue: v }) },
      { title: t('service.number'), dataIndex: 'serviceNumber', render: (v) => phone(v) },
      { title: t('service.status'), dataIndex: 'status', render: (v) => <Tag color={serviceStatusColor[v]}>{t(`serviceStatus.${v}`)}</Tag> },
      { title: t('service.start'), dataIndex: 'startDate', render: (v) => date(v) },
      { title: t('service.end'), dataIndex: 'endDate', render: (v) => date(v) },
      { title: t('service.monthlyFee'), dataIndex: 'monthlyFeeFen', align: 'right', render: (v) => money(v) },
    ]} />
  );
}

const billColor = { open: 'blue', paid: 'green', overdue: 'red' } as Record<string, string>;

function Bills({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const bills = useQuery({ queryKey: ['bills', customerId], queryFn: () => get<{ items: BillT[] }>(`/customers/${customerId}/bills`, { limit: 24 }) });
  const payments = useQuery({ queryKey: ['payments', customerId], queryFn: () => get<{ items: PaymentT[] }>(`/customers/${customerId}/payments`, { limit: 24 }) });
  if (bills.isError) return <QueryState error={bills.error} retry={() => bills.refetch()} />;
  return (
    <Row gutter={16}>
      <Col xs={24} xl={14}>
        <Typography.Title level={5}>{t('bill.bills')}</Typography.Title>
        <Table rowKey="id" size="small" loading={bills.isLoading} pagination={false} dataSource={bills.data?.items} columns={[
          { title: t('bill.period'), dataIndex: 'period' },
          { title: t('bill.amount'), dataIndex: 'amountFen', align: 'right', render: (v) => money(v) },
          { title: t('bill.paid'), dataIndex: 'paidFen', align: 'right', render: (v) => money(v) },
          { title: t('bill.due'), dataIndex: 'dueDate', render: (v) => date(v) },
          { title: t('bill.status'), dataIndex: 'status', render: (v) => <Tag color={billColor[v]}>{t(`billStatus.${v}`)}</Tag> },
        ]} />
      </Col>
      <Col xs={24} xl={10}>
        <Typography.Title level={5}>{t('bill.payments')}</Typography.Title>
        <Table rowKey="id" size="small" loading={payments.isLoading} pagination={false} dataSource={payments.data?.items} columns={[
          { title: t('bill.paidAt'), dataIndex: 'paidAt', render: (v) => dateTime(v) },
          { title: t('bill.amount'), dataIndex: 'amountFen', align: 'right', render: (v) => money(v) },
          { title: t('bill.method'), dataIndex: 'method', render: (v) => t(`payMethod.${v}`, { defaultValue: v }) },
        ]} />
      </Col>
    </Row>
  );
}
