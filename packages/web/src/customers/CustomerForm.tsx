import { useState } from 'react';
import { Alert, Col, DatePicker, Form, Input, Modal, Radio, Row, Select, App } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../api/client.ts';
import type { CustomerT } from '../api/types.ts';
import { showProblemOnFields } from '../ui/problems.ts';
import { UnitSelect, UserSelect } from '../ui/lookups.tsx';

interface Values {
  kind: 'individual' | 'enterprise'; name: string; tier: 'key' | 'regular'; unitId?: string; ownerId?: string;
  gender?: 'male' | 'female' | null; birthDate?: Dayjs | null; industry?: string; address?: string; note?: string; tags?: string[];
  phone?: string; email?: string;
}

const blankToNull = (s: string | undefined) => (s && s.trim() ? s.trim() : null);

/** Creates a customer, or edits one (PATCH); the API's messages appear on the fields they name. */
export function CustomerFormModal({ open, customer, onClose, onSaved }: {
  open: boolean; customer?: CustomerT; onClose: () => void; onSaved: (c: CustomerT) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const client = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const isEdit = !!customer;

  const save = useMutation({
    mutationFn: (v: Values) => {
      const common = {
        name: v.name, tier: v.tier, kind: v.kind, gender: v.gender ?? null,
        birthDate: v.birthDate ? v.birthDate.format('YYYY-MM-DD') : null,
        industry: blankToNull(v.industry), address: blankToNull(v.address), note: blankToNull(v.note), tags: v.tags ?? [],
      };
      if (isEdit) return api.PATCH('/customers/{customerId}', { params: { path: { customerId: customer.id } }, body: common });
      const identities = [
        ...(v.phone?.trim() ? [{ kind: 'phone' as const, value: v.phone.trim() }] : []),
        ...(v.email?.trim() ? [{ kind: 'email' as const, value: v.email.trim() }] : []),
      ];
      return api.POST('/customers', { body: { ...common, unitId: v.unitId, ownerId: v.ownerId ?? null, identities } });
    },
    onSuccess: (saved) => {
      void client.invalidateQueries({ queryKey: ['customers'] });
      void client.invalidateQueries({ queryKey: ['customer360', saved.id] });
      message.success(isEdit ? t('common.saved') : t('customers.created'));
      form.resetFields();
      onSaved(saved);
    },
    onError: (error) => {
      // Identity errors come back as identities.0.value: show them on the phone / e-mail field.
      const mapped = error as { errors?: { field: string; message: string }[] };
      for (const e of mapped.errors ?? []) {
        if (e.field.startsWith('identities')) e.field = form.getFieldValue('phone') && e.field.startsWith('identities.0') ? 'phone' : 'email';
      }
      setProblem(showProblemOnFields(form, error));
    },
  });

  const initial: Partial<Values> = customer ? {
    kind: customer.kind, name: customer.name, tier: customer.tier, gender: customer.gender,
    birthDate: customer.birthDate ? dayjs(customer.birthDate) : null, industry: customer.industry ?? undefined,
    address: customer.address ?? undefined, note: customer.note ?? undefined, tags: customer.tags,
  } : { kind: 'individual', tier: 'regular' };

  return (
    <Modal open={open} title={isEdit ? t('customers.editTitle') : t('customers.createTitle')} width={720} destroyOnHidden
      okText={t('common.save')} cancelText={t('common.cancel')} onCancel={onClose}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'customer-save' } as never} onOk={() => form.submit()}>
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" initialValues={initial} disabled={save.isPending} preserve={false}
        onFinish={(v) => { setProblem(null); save.mutate(v); }}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="kind" label={t('customers.kind')}>
              <Radio.Group optionType="button" options={[{ value: 'individual', label: t('kind.individual') }, { value: 'enterprise', label: t('kind.enterprise') }]} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="tier" label={t('customers.tier')}>
              <Radio.Group optionType="button" options={[{ value: 'regular', label: t('tier.regular') }, { value: 'key', label: t('tier.key') }]} />
            </Form.Item>
          </Col>
          <Col span={12}><Form.Item name="name" label={t('customers.name')} required><Input maxLength={200} data-testid="customer-name-input" /></Form.Item></Col>
          <Col span={12}>
            <Form.Item name="gender" label={t('customers.gender')}>
              <Select allowClear options={[{ value: 'male', label: t('gender.male') }, { value: 'female', label: t('gender.female') }]} />
            </Form.Item>
          </Col>
          {!isEdit && <>
            <Col span={12}><Form.Item name="phone" label={t('identity.phone')}><Input placeholder="138 0731 0000" data-testid="customer-phone" /></Form.Item></Col>
            <Col span={12}><Form.Item name="email" label={t('identity.email')}><Input /></Form.Item></Col>
            <Col span={12}><Form.Item name="unitId" label={t('customers.unit')}><UnitSelect allowClear placeholder={t('customers.unitDefault')} /></Form.Item></Col>
            <Col span={12}><Form.Item name="ownerId" label={t('customers.owner')}><UserSelect allowClear role="account_manager" /></Form.Item></Col>
          </>}
          <Col span={12}><Form.Item name="birthDate" label={t('customers.birthDate')}><DatePicker style={{ width: '100%' }} /></Form.Item></Col>
          <Col span={12}><Form.Item name="industry" label={t('customers.industry')}><Input maxLength={100} /></Form.Item></Col>
          <Col span={24}><Form.Item name="address" label={t('customers.address')}><Input maxLength={300} /></Form.Item></Col>
          <Col span={24}><Form.Item name="tags" label={t('customers.tags')}><Select mode="tags" tokenSeparators={[',', '，']} /></Form.Item></Col>
          <Col span={24}><Form.Item name="note" label={t('customers.note')}><Input.TextArea rows={3} maxLength={2000} /></Form.Item></Col>
        </Row>
      </Form>
    </Modal>
  );
}
