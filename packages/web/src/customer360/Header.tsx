import { useState } from 'react';
import {
  App, Avatar, Badge, Button, Card, Col, Descriptions, Dropdown, Popconfirm, Row, Space, Statistic, Tag, Typography,
} from 'antd';
import {
  BankOutlined, EditOutlined, InboxOutlined, MailOutlined, MergeCellsOutlined, MoreOutlined, PhoneOutlined, RollbackOutlined, UserOutlined,
} from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { Customer360T, CustomerT } from '../api/types.ts';
import { useCan } from '../session/session.ts';
import { date, money, number, phone, unitName } from '../ui/format.ts';
import { CustomerFormModal } from '../customers/CustomerForm.tsx';

/** Who the customer is, how to reach them, and what they spend and owe; the record's own actions. */
export function Header({ view, onMerge }: { view: Customer360T; onMerge: () => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [isEditing, setEditing] = useState(false);
  const c = view.customer;
  const phones = view.identities.filter((i) => i.kind === 'phone');
  const emails = view.identities.filter((i) => i.kind === 'email');
  const archive = useMutation({
    mutationFn: () => c.status === 'archived'
      ? api.POST('/customers/{customerId}/restore', { params: { path: { customerId: c.id } } })
      : api.POST('/customers/{customerId}/archive', { params: { path: { customerId: c.id } } }),
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
      <Row gutter={[24, 16]} align="top">
        <Col flex="auto" style={{ minWidth: 0 }}>
          <div style={{ display: 'flex', alignItems: 'flex-start', gap: 16 }}>
            <Avatar size={56} style={{ flex: 'none', background: c.tier === 'key' ? '#faad14' : '#1677ff', fontSize: 24 }}
              icon={c.kind === 'enterprise' ? <BankOutlined /> : <UserOutlined />} />
            <div style={{ flex: 1, minWidth: 0 }}>
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
                { key: 'unit', label: t('customers.unit'), children: unitName(c) },
                { key: 'phone', label: <PhoneOutlined />, children: phones.length ? phones.map((p) => phone(p.value)).join('，') : '—' },
                { key: 'email', label: <MailOutlined />, children: emails.length ? emails.map((p) => p.value).join(', ') : '—' },
                { key: 'customerSince', label: t('customerList.customerSince'), children: <span data-testid="customer-since">{c.customerSince ? date(c.customerSince) : '—'}</span> },
                { key: 'since', label: t('c360.since'), children: date(c.createdAt) },
              ]} />
            </div>
          </div>
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
              <Dropdown menu={{ items: [{ key: 'merge', icon: <MergeCellsOutlined />, label: t('c360.merge'), onClick: onMerge }] }}>
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
          <Statistic title={t('c360.openItems')} value={number(view.openItems.unpaidBills)} data-testid="header-unpaid" data-count={view.openItems.unpaidBills}
            suffix={view.openItems.overdueBills ? (
              <Typography.Text type="danger" style={{ fontSize: 14 }} data-testid="header-overdue" data-count={view.openItems.overdueBills}>
                {t('c360.overdueN', { n: number(view.openItems.overdueBills) })}
              </Typography.Text>
            ) : null} />
        </Col>
      </Row>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('c360.interactionsSummary', { n: number(interactionsTotal) })}
        {Object.entries(view.figures.interactions).map(([k, n]) => ` · ${t(`interactionKind.${k}`)} ${number(n)}`).join('')}
      </Typography.Text>
      <CustomerFormModal open={isEditing} customer={c} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />
    </Card>
  );
}
