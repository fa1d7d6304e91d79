import { useState } from 'react';
import { Alert, App, Button, Form, Input, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { DeleteOutlined, MergeCellsOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api/client.ts';
import type { Customer360T, IdentityT } from '../api/types.ts';
import { useCan } from '../session/session.ts';
import { dateTime, phone } from '../ui/format.ts';
import { showProblemOnFields } from '../ui/problems.ts';
import { addIdentity, IdentityTaken, type NewIdentityValues } from './identityRequests.ts';
import { useCustomerChanged } from './useCustomerChanged.ts';
import { RevealableValue } from './RevealableValue.tsx';

/** Kinds staff add by hand; a cookie id only ever comes from the web channel. */
const addableKinds = ['phone', 'email', 'id_number', 'member_id', 'wechat'] as const;

/** 身份标识 — the phones, e-mails, ID and member numbers the outside world knows the customer by. */
export function IdentitiesTab({ view, onMerge }: { view: Customer360T; onMerge?: (otherId: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const customerId = view.customer.id;
  const changed = useCustomerChanged(customerId);
  const canWrite = can('customer.write') && view.customer.status !== 'merged';
  const remove = useMutation({
    mutationFn: (identity: IdentityT) => api.DELETE('/customers/{customerId}/identities/{identityId}', { params: { path: { customerId, identityId: identity.id } } }),
    onSuccess: () => { message.success(t('identity.removed')); void changed('identities'); },
    onError: (e) => message.error((e as Error).message),
  });

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      {canWrite && <AddIdentityForm customerId={customerId} onMerge={onMerge} />}
      <Table rowKey="id" size="small" pagination={false} dataSource={view.identities} data-testid="identities" columns={[
        { title: t('identity.kind'), dataIndex: 'kind', width: 120, render: (v) => t(`identity.${v}`) },
        { title: t('identity.value'), dataIndex: 'value', render: (v, r) => <Space>{r.isMasked
          ? <RevealableValue value={v} isMasked isPhone={r.kind === 'phone'} reveal={() => api.POST('/customers/{customerId}/identities/{identityId}/reveal', { params: { path: { customerId, identityId: r.id } } })} />
          : r.kind === 'phone' ? phone(v) : v}{r.isPrimary && <Tag color="blue">{t('identity.primary')}</Tag>}</Space> },
        { title: t('identity.source'), dataIndex: 'source', width: 120, render: (v) => t(`identitySource.${v}`, { defaultValue: v }) },
        { title: t('identity.createdAt'), dataIndex: 'createdAt', width: 200, render: (v) => dateTime(v) },
        ...(canWrite ? [{
          title: t('common.actions'), key: 'actions', width: 100,
          render: (_: unknown, r: IdentityT) => (
            <Popconfirm title={t('identity.removeConfirm', { value: r.kind === 'phone' && !r.isMasked ? phone(r.value) : r.value })}
              description={t('identity.removeHint')} okText={t('common.confirm')} cancelText={t('common.cancel')} okButtonProps={{ danger: true }}
              onConfirm={() => remove.mutateAsync(r).catch(() => undefined)}>
              <Button type="link" size="small" danger icon={<DeleteOutlined />} disabled={remove.isPending}
                loading={remove.isPending && remove.variables?.id === r.id}>{t('identity.remove')}</Button>
            </Popconfirm>
          ),
        }] : []),
      ]} />
    </Space>
  );
}

function AddIdentityForm({ customerId, onMerge }: { customerId: string; onMerge?: (otherId: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<NewIdentityValues>();
  const kind = Form.useWatch('kind', form) ?? 'phone';
  const changed = useCustomerChanged(customerId);
  const [taken, setTaken] = useState<IdentityTaken | null>(null);
  const add = useMutation({
    mutationFn: (v: NewIdentityValues) => addIdentity(customerId, { kind: v.kind, value: v.value.trim() }),
    onSuccess: () => {
      message.success(t('identity.added'));
      form.resetFields(['value']);
      void changed('identities');
    },
    onError: (e) => {
      if (e instanceof IdentityTaken) { setTaken(e); return; }
      const rest = showProblemOnFields(form, e);
      if (rest) message.error(rest);
    },
  });

  return (
    <div>
      <Form form={form} layout="inline" initialValues={{ kind: 'phone' }} disabled={add.isPending}
        onFinish={(v) => { setTaken(null); add.mutate(v); }} onValuesChange={() => setTaken(null)}>
        <Form.Item name="kind">
          <Select style={{ width: 130 }} options={addableKinds.map((k) => ({ value: k, label: t(`identity.${k}`) }))} data-testid="identity-kind" />
        </Form.Item>
        <Form.Item name="value" rules={[{ required: true, whitespace: true, message: t('identity.valueRequired') }]}>
          <Input style={{ width: 280 }} maxLength={200} placeholder={t(`identity.placeholder.${kind}`)} data-testid="identity-value" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={add.isPending} data-testid="identity-add">{t('identity.add')}</Button>
        </Form.Item>
      </Form>
      {taken && (
        <Alert type="warning" showIcon style={{ marginTop: 12 }} data-testid="identity-taken"
          message={taken.duplicateOf ? t('identity.takenVisible') : t('identity.takenElsewhere')} description={taken.message}
          action={taken.duplicateOf && (
            <Space direction="vertical" align="end">
              <Link to={`/customers/${taken.duplicateOf}`}>{t('identity.openDuplicate')}</Link>
              {onMerge && <Button size="small" icon={<MergeCellsOutlined />} onClick={() => onMerge(taken.duplicateOf!)}>{t('identity.mergeDuplicate')}</Button>}
            </Space>
          )} />
      )}
    </div>
  );
}
