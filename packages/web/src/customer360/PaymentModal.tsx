import { useState } from 'react';
import { Alert, App, Col, DatePicker, Descriptions, Form, Modal, Row, Select } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../api/client.ts';
import type { BillT, PaymentT } from '../api/types.ts';
import { date, money } from '../ui/format.ts';
import { showProblemOnFields } from '../ui/problems.ts';
import { fenToYuan, yuanToFen } from '../ui/yuan.ts';
import { YuanInput } from '../ui/YuanInput.tsx';
import { renameProblemFields } from './problemFields.ts';
import { useCustomerChanged } from './useCustomerChanged.ts';

const methods = ['cash', 'wechat', 'alipay', 'card', 'bank', 'recharge_card'] as const;
interface PaymentValues { amount: string; method: (typeof methods)[number]; paidAt?: Dayjs | null }

/**
 * 缴费 — a payment against one bill, all or part of what is owed. The amount is typed in yuan
 * and sent in fen; whether it is more than is owed is the API's to say (another payment may
 * have come in since the bill was read).
 */
export function PaymentModal({ bill, customerId, onClose }: { bill: BillT; customerId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PaymentValues>();
  const changed = useCustomerChanged(customerId);
  const [problem, setProblem] = useState<string | null>(null);
  const owedFen = bill.amountFen - bill.paidFen;
  const save = useMutation({
    mutationFn: (v: PaymentValues) => api.POST('/customers/{customerId}/payments', { params: { path: { customerId } }, body: {
      // The amount's rule has refused what is not yuan.
      billId: bill.id, amountFen: yuanToFen(v.amount)!, method: v.method, ...(v.paidAt ? { paidAt: v.paidAt.toISOString() } : {}),
    } }),
    onSuccess: (p) => {
      message.success(t('payment.recorded', { amount: money(p.amountFen), period: bill.period }));
      void changed('bills', 'payments');
      onClose();
    },
    onError: (e) => setProblem(showProblemOnFields(form, renameProblemFields(e, { amountFen: 'amount' }))),
  });

  return (
    <Modal open title={t('payment.title', { period: bill.period })} width={560} onCancel={onClose}
      okText={t('payment.submit')} cancelText={t('common.cancel')} onOk={() => form.submit()}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'payment-save' } as never}>
      <Descriptions size="small" column={3} bordered layout="vertical" style={{ marginBottom: 16 }} items={[
        { key: 'amount', label: t('bill.amount'), children: money(bill.amountFen) },
        { key: 'paid', label: t('bill.paid'), children: money(bill.paidFen) },
        { key: 'owed', label: t('payment.owed'), children: <strong style={{ color: '#cf1322' }}>{money(owedFen)}</strong> },
      ]} />
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" disabled={save.isPending} initialValues={{ amount: fenToYuan(owedFen), method: 'cash' }}
        onFinish={(v) => { setProblem(null); save.mutate(v); }}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="amount" label={t('payment.amount')} required extra={t('payment.due', { date: date(bill.dueDate) })} rules={[{
              validator: (_, v) => ((yuanToFen(v) ?? 0) > 0 ? Promise.resolve() : Promise.reject(new Error(t('payment.amountRequired')))),
            }]}>
              <YuanInput data-testid="payment-amount" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="method" label={t('bill.method')} rules={[{ required: true }]}>
              <Select options={methods.map((m) => ({ value: m, label: t(`payMethod.${m}`) }))} data-testid="payment-method" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="paidAt" label={t('payment.paidAt')} extra={t('payment.paidAtHint')}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }}
                disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
