import { useState } from 'react';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Space, Statistic, Table, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { Customer360T } from '../api/types.ts';
import { useCan } from '../session/session.ts';
import { dateTime, number } from '../ui/format.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { showProblemOnFields } from '../ui/problems.ts';
import { useCustomerChanged } from './useCustomerChanged.ts';

/** 积分 — the balance, where the points came from and went, and (for who may) an adjustment with its reason. */
export function PointsPanel({ view }: { view: Customer360T }) {
  const { t } = useTranslation();
  const can = useCan();
  const customerId = view.customer.id;
  const [isAdjusting, setAdjusting] = useState(false);
  const points = useQuery({ queryKey: ['points', customerId], queryFn: () => api.GET('/customers/{customerId}/points', { params: { path: { customerId }, query: { limit: 24 } } }) });
  if (points.isError) return <QueryState error={points.error} retry={() => points.refetch()} />;
  return (
    <div data-testid="points">
      <Space align="center" wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={5} style={{ margin: 0 }}>{t('points.title')}</Typography.Title>
        {can('subscription.write') && view.customer.status === 'active' && (
          <Button size="small" icon={<EditOutlined />} onClick={() => setAdjusting(true)} data-testid="points-adjust">{t('points.adjust')}</Button>
        )}
      </Space>
      <Statistic value={number(points.data?.balance ?? view.figures.points)} suffix={t('points.unit')} data-testid="points-balance" style={{ margin: '8px 0' }} />
      <Table rowKey="id" size="small" loading={points.isLoading} pagination={false} dataSource={points.data?.entries}
        locale={{ emptyText: t('points.none') }} scroll={{ x: 'max-content' }} columns={[
          { title: t('points.when'), dataIndex: 'occurredAt', render: (v) => dateTime(v) },
          { title: t('points.reason'), dataIndex: 'reason', render: (v, e) => <>{t(`points.reasons.${v}`)}{e.billPeriod ? ` ${e.billPeriod}` : ''}{e.note ? <Typography.Text type="secondary"> · {e.note}</Typography.Text> : null}</> },
          { title: t('points.change'), dataIndex: 'points', align: 'right', render: (v: number) => <Typography.Text type={v < 0 ? 'danger' : 'success'}>{v > 0 ? '+' : ''}{number(v)}</Typography.Text> },
        ]} />
      {isAdjusting && <AdjustPointsModal customerId={customerId} balance={points.data?.balance ?? 0} onClose={() => setAdjusting(false)} />}
    </div>
  );
}

interface AdjustValues { points: number | null; note: string }

function AdjustPointsModal({ customerId, balance, onClose }: { customerId: string; balance: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<AdjustValues>();
  const changed = useCustomerChanged(customerId);
  const [problem, setProblem] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (v: AdjustValues) => api.POST('/customers/{customerId}/points', { params: { path: { customerId } }, body: { points: v.points!, note: v.note } }),
    onSuccess: (p) => {
      message.success(t('points.adjusted', { balance: number(p.balance) }));
      void changed('points');
      onClose();
    },
    onError: (e) => setProblem(showProblemOnFields(form, e)),
  });
  return (
    <Modal open title={t('points.adjustTitle')} onCancel={onClose} okText={t('points.adjustSubmit')} cancelText={t('common.cancel')}
      onOk={() => form.submit()} okButtonProps={{ loading: save.isPending, 'data-testid': 'points-save' } as never}>
      <Typography.Paragraph type="secondary">{t('points.balanceNow', { balance: number(balance) })}</Typography.Paragraph>
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" disabled={save.isPending} onFinish={(v) => { setProblem(null); save.mutate(v); }}>
        <Form.Item name="points" label={t('points.amount')} extra={t('points.amountHint')} rules={[{
          validator: (_, v) => (Number.isInteger(v) && v !== 0 ? Promise.resolve() : Promise.reject(new Error(t('points.amountRequired')))),
        }]}>
          <InputNumber precision={0} min={-1_000_000} max={1_000_000} style={{ width: '100%' }} data-testid="points-amount" />
        </Form.Item>
        <Form.Item name="note" label={t('points.note')} rules={[{ required: true, whitespace: true, message: t('points.noteRequired') }]}>
          <Input maxLength={500} placeholder={t('points.notePlaceholder')} data-testid="points-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
