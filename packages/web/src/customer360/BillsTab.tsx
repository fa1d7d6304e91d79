import { useState } from 'react';
import { Button, Col, Row, Table, Tag, Typography } from 'antd';
import { PayCircleOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { BillT, Customer360T, PaymentT } from '../api/types.ts';
import { useCan } from '../session/session.ts';
import { date, dateTime, money } from '../ui/format.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { PaymentModal } from './PaymentModal.tsx';
import { PointsPanel } from './PointsPanel.tsx';

const billColor = { open: 'blue', paid: 'green', overdue: 'red' } as Record<string, string>;

/** 账单与缴费 — every bill still owed, then the latest paid ones; the payments; 缴费 at the counter. */
export function BillsTab({ view }: { view: Customer360T }) {
  const { t } = useTranslation();
  const can = useCan();
  const customerId = view.customer.id;
  const canPay = can('subscription.write') && view.customer.status !== 'merged';
  const [paying, setPaying] = useState<BillT | null>(null);
  const bills = useQuery({ queryKey: ['bills', customerId], queryFn: () => api.GET('/customers/{customerId}/bills', { params: { path: { customerId }, query: { limit: Math.max(24, Math.min(120, view.openItems.unpaidBills + 12)) } } }) });
  const payments = useQuery({ queryKey: ['payments', customerId], queryFn: () => api.GET('/customers/{customerId}/payments', { params: { path: { customerId }, query: { limit: 24 } } }) });
  if (bills.isError) return <QueryState error={bills.error} retry={() => bills.refetch()} />;
  const periodOf = new Map((bills.data?.items ?? []).map((b) => [b.id, b.period]));
  return (
    <Row gutter={24}>
      <Col xs={24} xl={14}>
        <Typography.Title level={5}>{t('bill.bills')}</Typography.Title>
        <Table rowKey="id" size="small" loading={bills.isLoading} pagination={false} dataSource={bills.data?.items} data-testid="bills" columns={[
          { title: t('bill.period'), dataIndex: 'period' },
          { title: t('bill.amount'), dataIndex: 'amountFen', align: 'right', render: (v) => money(v) },
          { title: t('bill.paid'), dataIndex: 'paidFen', align: 'right', render: (v) => money(v) },
          { title: t('bill.due'), dataIndex: 'dueDate', render: (v) => date(v) },
          { title: t('bill.status'), dataIndex: 'status', render: (v) => <Tag color={billColor[v]} data-status={v}>{t(`billStatus.${v}`)}</Tag> },
          ...(canPay ? [{
            title: t('common.actions'), key: 'actions', width: 90,
            render: (_: unknown, b: BillT) => b.status !== 'paid' && b.paidFen < b.amountFen && (
              <Button type="link" size="small" icon={<PayCircleOutlined />} onClick={() => setPaying(b)} data-testid="bill-pay">{t('payment.record')}</Button>
            ),
          }] : []),
        ]} />
      </Col>
      <Col xs={24} xl={10}>
        <Typography.Title level={5}>{t('bill.payments')}</Typography.Title>
        {payments.isError ? <QueryState error={payments.error} retry={() => payments.refetch()} /> : (
          <Table rowKey="id" size="small" loading={payments.isLoading} pagination={false} dataSource={payments.data?.items} data-testid="payments" columns={[
            { title: t('bill.paidAt'), dataIndex: 'paidAt', render: (v) => dateTime(v) },
            { title: t('bill.period'), dataIndex: 'billId', render: (v) => (v ? periodOf.get(v) ?? '—' : '—') },
            { title: t('bill.amount'), dataIndex: 'amountFen', align: 'right', render: (v) => money(v) },
            { title: t('bill.method'), dataIndex: 'method', render: (v) => t(`payMethod.${v}`, { defaultValue: v }) },
          ]} />
        )}
        <div style={{ marginTop: 24 }}><PointsPanel view={view} /></div>
      </Col>
      {paying && <PaymentModal bill={paying} customerId={customerId} onClose={() => setPaying(null)} />}
    </Row>
  );
}
