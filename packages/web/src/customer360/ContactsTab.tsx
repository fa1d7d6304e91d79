import { useState } from 'react';
import { Alert, App, Button, Checkbox, Col, Empty, Form, Input, Modal, Popconfirm, Row, Space, Table, Tag } from 'antd';
import { InboxOutlined, UserAddOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { ContactT, Customer360T } from '../api/types.ts';
import { useCan } from '../session/session.ts';
import { phone } from '../ui/format.ts';
import { showProblemOnFields } from '../ui/problems.ts';
import { useCustomerChanged } from './useCustomerChanged.ts';
import { RevealableValue } from './RevealableValue.tsx';

interface ContactValues { name: string; title?: string; phone?: string; email?: string; isDecisionMaker?: boolean; note?: string }

const blankToNull = (s: string | undefined) => (s && s.trim() ? s.trim() : null);

/** 联系人 — the people at an enterprise customer the account manager deals with. */
export function ContactsTab({ view }: { view: Customer360T }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const customerId = view.customer.id;
  const changed = useCustomerChanged(customerId);
  const [isAdding, setAdding] = useState(false);
  const canWrite = can('customer.write') && view.customer.status !== 'merged';
  const archive = useMutation({
    mutationFn: (contact: ContactT) => api.POST('/customers/{customerId}/contacts/{contactId}/archive', { params: { path: { customerId, contactId: contact.id } } }),
    onSuccess: () => { message.success(t('contact.archived')); void changed('contacts'); },
    onError: (e) => message.error((e as Error).message),
  });

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      {canWrite && (
        <Button type="primary" icon={<UserAddOutlined />} onClick={() => setAdding(true)} data-testid="contact-add">{t('contact.add')}</Button>
      )}
      <Table rowKey="id" size="small" pagination={false} dataSource={view.contacts} locale={{ emptyText: <Empty description={t('c360.noContacts')} /> }}
        columns={[
          { title: t('contact.name'), dataIndex: 'name', render: (v, r) => <Space>{v}{r.isDecisionMaker && <Tag color="red">{t('contact.decisionMaker')}</Tag>}</Space> },
          { title: t('contact.title'), dataIndex: 'title' },
          { title: t('identity.phone'), dataIndex: 'phone', render: (v, r) => (!v ? '—' : r.isMasked
            ? <RevealableValue value={v} isMasked isPhone reveal={() => api.POST('/customers/{customerId}/contacts/{contactId}/reveal', { params: { path: { customerId, contactId: r.id } } })} />
            : phone(v)) },
          { title: t('identity.email'), dataIndex: 'email' },
          { title: t('customers.note'), dataIndex: 'note' },
          ...(canWrite ? [{
            title: t('common.actions'), key: 'actions', width: 100,
            render: (_: unknown, r: ContactT) => (
              <Popconfirm title={t('contact.archiveConfirm', { name: r.name })} okText={t('common.confirm')} cancelText={t('common.cancel')}
                onConfirm={() => archive.mutateAsync(r).catch(() => undefined)}>
                <Button type="link" size="small" icon={<InboxOutlined />} disabled={archive.isPending}
                  loading={archive.isPending && archive.variables?.id === r.id}>{t('contact.archive')}</Button>
              </Popconfirm>
            ),
          }] : []),
        ]} />
      <AddContactModal open={isAdding} customerId={customerId} onClose={() => setAdding(false)} />
    </Space>
  );
}

function AddContactModal({ open, customerId, onClose }: { open: boolean; customerId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ContactValues>();
  const changed = useCustomerChanged(customerId);
  const [problem, setProblem] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (v: ContactValues) => api.POST('/customers/{customerId}/contacts', { params: { path: { customerId } }, body: {
      name: v.name.trim(), title: blankToNull(v.title), phone: blankToNull(v.phone), email: blankToNull(v.email),
      isDecisionMaker: !!v.isDecisionMaker, note: blankToNull(v.note),
    } }),
    onSuccess: () => {
      message.success(t('contact.added'));
      void changed('contacts');
      onClose();
    },
    onError: (e) => setProblem(showProblemOnFields(form, e)),
  });

  return (
    <Modal open={open} title={t('contact.add')} width={640} destroyOnHidden onCancel={onClose}
      okText={t('common.save')} cancelText={t('common.cancel')} onOk={() => form.submit()}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'contact-save' } as never}>
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" disabled={save.isPending} preserve={false} initialValues={{ isDecisionMaker: false }}
        onFinish={(v) => { setProblem(null); save.mutate(v); }}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="name" label={t('contact.name')} rules={[{ required: true, whitespace: true, message: t('contact.nameRequired') }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={12}><Form.Item name="title" label={t('contact.title')}><Input maxLength={100} /></Form.Item></Col>
          <Col span={12}><Form.Item name="phone" label={t('identity.phone')}><Input maxLength={40} placeholder="139 0731 8866" /></Form.Item></Col>
          <Col span={12}>
            <Form.Item name="email" label={t('identity.email')} rules={[{ type: 'email', message: t('contact.emailInvalid') }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="isDecisionMaker" valuePropName="checked"><Checkbox>{t('contact.isDecisionMaker')}</Checkbox></Form.Item>
          </Col>
          <Col span={24}><Form.Item name="note" label={t('customers.note')}><Input.TextArea rows={3} maxLength={2000} /></Form.Item></Col>
        </Row>
      </Form>
    </Modal>
  );
}
