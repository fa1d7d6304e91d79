import { useState } from 'react';
import { Alert, App, Button, DatePicker, Form, Modal, Popconfirm, Space, Table, Tag, Tooltip } from 'antd';
import { PauseCircleOutlined, PlayCircleOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../api/client.ts';
import type { Customer360T, SubscriptionT } from '../api/types.ts';
import { useCan } from '../session/session.ts';
import { date, money, phone } from '../ui/format.ts';
import { showProblemOnFields } from '../ui/problems.ts';
import { OpenServiceModal } from './OpenServiceModal.tsx';
import { RevealableValue } from './RevealableValue.tsx';
import { useCustomerChanged } from './useCustomerChanged.ts';

const serviceStatusColor = { active: 'green', suspended: 'orange', terminated: 'default' } as Record<string, string>;
type StatusChange = { subscription: SubscriptionT; status: SubscriptionT['status']; endDate?: string };

function useChangeStatus(customerId: string) {
  const changed = useCustomerChanged(customerId);
  return useMutation({
    mutationFn: ({ subscription, status, endDate }: StatusChange) =>
      api.PATCH('/customers/{customerId}/subscriptions/{subscriptionId}', { params: { path: { customerId, subscriptionId: subscription.id } }, body: { status, ...(endDate ? { endDate } : {}) } }),
    onSuccess: () => void changed('subscriptions', 'bills'),
  });
}

/** 在用业务 — the customer's services; 开户, 停机, 复机, 拆机 for those who may. */
export function ServicesTab({ view }: { view: Customer360T }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const customerId = view.customer.id;
  const canWrite = can('subscription.write') && view.customer.status !== 'merged';
  const [isOpening, setOpening] = useState(false);
  const [ending, setEnding] = useState<SubscriptionT | null>(null);
  const change = useChangeStatus(customerId);
  const changeTo = (subscription: SubscriptionT, status: 'active' | 'suspended') => change.mutateAsync({ subscription, status })
    .then(() => message.success(t(status === 'active' ? 'service.resumed' : 'service.suspended')))
    .catch((e: Error) => message.error(e.message));
  const isBusy = (r: SubscriptionT, status: string) => change.isPending && change.variables?.subscription.id === r.id && change.variables.status === status;

  const actions = (r: SubscriptionT) => (
    <Space size={0}>
      {r.status === 'active' && (
        <Popconfirm title={t('service.suspendConfirm', { number: r.serviceNumber })} okText={t('common.confirm')} cancelText={t('common.cancel')}
          onConfirm={() => changeTo(r, 'suspended')}>
          <Button type="link" size="small" icon={<PauseCircleOutlined />} disabled={change.isPending} loading={isBusy(r, 'suspended')}>{t('service.suspend')}</Button>
        </Popconfirm>
      )}
      {r.status === 'suspended' && (
        <Popconfirm title={t('service.resumeConfirm', { number: r.serviceNumber })} okText={t('common.confirm')} cancelText={t('common.cancel')}
          onConfirm={() => changeTo(r, 'active')}>
          <Button type="link" size="small" icon={<PlayCircleOutlined />} disabled={change.isPending} loading={isBusy(r, 'active')}>{t('service.resume')}</Button>
        </Popconfirm>
      )}
      {r.status === 'terminated' ? (
        <Tooltip title={t('service.endedCannotResume')}>
          <Button type="link" size="small" icon={<PlayCircleOutlined />} disabled>{t('service.resume')}</Button>
        </Tooltip>
      ) : (
        <Button type="link" size="small" danger icon={<StopOutlined />} disabled={change.isPending} onClick={() => setEnding(r)}>{t('service.terminate')}</Button>
      )}
    </Space>
  );

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      {canWrite && <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpening(true)} data-testid="service-open">{t('service.open')}</Button>}
      <Table rowKey="id" size="small" pagination={false} dataSource={view.subscriptions} data-testid="services" columns={[
        { title: t('service.product'), dataIndex: 'productName' },
        { title: t('service.category'), dataIndex: 'category', render: (v) => t(`category.${v}`, { defaultValue: v }) },
        { title: t('service.number'), dataIndex: 'serviceNumber', render: (v, r) => (r.isMasked
          ? <RevealableValue value={v} isMasked isPhone={r.category === 'mobile' || r.category === 'fixed_line'} reveal={() => api.POST('/customers/{customerId}/subscriptions/{subscriptionId}/reveal', { params: { path: { customerId, subscriptionId: r.id } } })} />
          : phone(v)) },
        { title: t('service.status'), dataIndex: 'status', render: (v) => <Tag color={serviceStatusColor[v]}>{t(`serviceStatus.${v}`)}</Tag> },
        { title: t('service.start'), dataIndex: 'startDate', render: (v) => date(v) },
        { title: t('service.end'), dataIndex: 'endDate', render: (v) => date(v) },
        { title: t('service.monthlyFee'), dataIndex: 'monthlyFeeFen', align: 'right', render: (v) => money(v) },
        ...(canWrite ? [{ title: t('common.actions'), key: 'actions', width: 170, render: (_: unknown, r: SubscriptionT) => actions(r) }] : []),
      ]} />
      <OpenServiceModal open={isOpening} customerId={customerId} onClose={() => setOpening(false)} />
      {ending && <EndServiceModal subscription={ending} customerId={customerId} onClose={() => setEnding(null)} />}
    </Space>
  );
}

/** 拆机 — the confirmation asks for the day the service ends (today unless said otherwise). */
function EndServiceModal({ subscription, customerId, onClose }: { subscription: SubscriptionT; customerId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ endDate: Dayjs }>();
  const [problem, setProblem] = useState<string | null>(null);
  const change = useChangeStatus(customerId);

  return (
    <Modal open title={t('service.endTitle', { product: subscription.productName, number: subscription.serviceNumber })}
      onCancel={onClose} okText={t('service.endSubmit')} cancelText={t('common.cancel')} onOk={() => form.submit()}
      okButtonProps={{ danger: true, loading: change.isPending }}>
      <Alert type="warning" showIcon message={t('service.endWarning')} style={{ marginBottom: 16 }} />
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" disabled={change.isPending} initialValues={{ endDate: dayjs() }}
        onFinish={(v) => {
          setProblem(null);
          change.mutate({ subscription, status: 'terminated', endDate: v.endDate.format('YYYY-MM-DD') }, {
            onSuccess: () => { message.success(t('service.ended')); onClose(); },
            onError: (e) => setProblem(showProblemOnFields(form, e)),
          });
        }}>
        <Form.Item name="endDate" label={t('service.end')} rules={[{ required: true, message: t('service.endRequired') }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
