import { useState } from 'react';
import { Alert, App, Col, Form, Input, Modal, Row, Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../api/client.ts';
import { showProblemOnFields } from '../ui/problems.ts';
import { useCustomerServices, useOpenTicket, type NewTicketBody } from './api.ts';

const kinds = ['fault', 'complaint', 'inquiry'] as const;
const priorities = ['low', 'normal', 'high', 'urgent'] as const;
const channels = ['staff', 'phone', 'hotline', 'email', 'sms', 'web', 'chat', 'store'] as const;

/** Finds a customer by number or name, for a ticket opened from the queue. */
function CustomerPicker(props: { value?: string; onChange?: (v: string) => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const found = useQuery({ queryKey: ['customers', 'pick', q], enabled: q.trim().length > 0,
    queryFn: () => api.GET('/customers', { params: { query: { q, limit: 10 } } }) });
  return (
    <Select {...props} showSearch filterOption={false} onSearch={setQ} loading={found.isFetching} placeholder={t('tickets.customerPlaceholder')}
      aria-label={t('tickets.customer')} data-testid="ticket-customer"
      options={(found.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name} · ${c.number}` }))} />
  );
}

type Values = Omit<NewTicketBody, 'customerId'> & { customerId?: string };

/** 新建工单 — from the queue (choose the customer) or from the 360° page (about that customer). */
export function NewTicketModal({ customerId, onClose }: { customerId?: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<string | null>(null);
  const open = useOpenTicket();
  const chosen = Form.useWatch('customerId', form);
  const services = useCustomerServices(customerId ?? chosen);
  const save = (v: Values) => {
    setProblem(null);
    const body = Object.fromEntries(Object.entries({ ...v, customerId: customerId ?? v.customerId })
      .filter(([, value]) => value !== undefined && value !== '')) as NewTicketBody;
    open.mutate(body, {
      onSuccess: (ticket) => { message.success(t('tickets.created', { title: ticket.title })); onClose(); navigate(`/tickets/${ticket.id}`); },
      onError: (e) => setProblem(showProblemOnFields(form, e)),
    });
  };
  return (
    <Modal open title={t('tickets.newTicket')} width={600} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')}
      okButtonProps={{ loading: open.isPending, 'data-testid': 'ticket-save' } as never} destroyOnHidden>
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" disabled={open.isPending} onFinish={save} initialValues={{ kind: 'fault', channel: 'phone' }}>
        {!customerId && (
          <Form.Item name="customerId" label={t('tickets.customer')} rules={[{ required: true, message: t('tickets.customerRequired') }]}>
            <CustomerPicker />
          </Form.Item>
        )}
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="kind" label={t('tickets.kind')}>
              <Select data-testid="ticket-kind" options={kinds.map((k) => ({ value: k, label: t(`ticketKind.${k}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="channel" label={t('tickets.channel')}>
              <Select options={channels.map((c) => ({ value: c, label: t(`channel.${c}`, { defaultValue: c }) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="subscriptionId" label={t('tickets.subscription')} extra={t('tickets.subscriptionHelp')}>
          <Select allowClear loading={services.isLoading} disabled={!(customerId ?? chosen)} data-testid="ticket-subscription"
            notFoundContent={t('tickets.noServices')}
            options={(services.data ?? []).map((s) => ({ value: s.id, label: `${s.productName} · ${s.serviceNumber}` }))} />
        </Form.Item>
        <Form.Item name="title" label={t('tickets.titleLabel')} rules={[{ required: true, whitespace: true, message: t('tickets.titleRequired') }, { max: 200 }]}>
          <Input autoFocus maxLength={200} data-testid="ticket-title" />
        </Form.Item>
        <Form.Item name="description" label={t('tickets.description')} rules={[{ max: 5000 }]}>
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="category" label={t('tickets.category')} rules={[{ max: 60 }]}>
              <Input maxLength={60} placeholder={t('tickets.categoryPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="priority" label={t('tickets.priority')} extra={t('tickets.priorityDefault')}>
              <Select allowClear options={priorities.map((p) => ({ value: p, label: t(`ticketPriority.${p}`) }))} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
