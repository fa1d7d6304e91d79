import { useState } from 'react';
import { Alert, App, Col, DatePicker, Form, Input, Modal, Row, Select, Space, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../api/client.ts';
import type { ProductT } from '../api/types.ts';
import type { SubscriptionT } from '../api/types.ts';
import { money } from '../ui/format.ts';
import { useProducts } from '../ui/lookups.tsx';
import { showProblemOnFields } from '../ui/problems.ts';
import { yuanToFen } from '../ui/yuan.ts';
import { YuanInput } from '../ui/YuanInput.tsx';
import { renameProblemFields } from './problemFields.ts';
import { useCustomerChanged } from './useCustomerChanged.ts';

interface ServiceValues { productId: string; serviceNumber: string; startDate: Dayjs; endDate?: Dayjs | null; monthlyFee?: string | null }

const categories: ProductT['category'][] = ['mobile', 'broadband', 'iptv', 'fixed_line', 'value_added'];

/** 开户 — a new service: a product from the catalogue, its number, from when; the fee is the product's unless agreed otherwise. */
export function OpenServiceModal({ open, customerId, onClose }: { open: boolean; customerId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ServiceValues>();
  const products = useProducts();
  const changed = useCustomerChanged(customerId);
  const [problem, setProblem] = useState<string | null>(null);
  const productId = Form.useWatch('productId', form);
  const product = products.data?.find((p) => p.id === productId);
  const save = useMutation({
    mutationFn: (v: ServiceValues) => api.POST('/customers/{customerId}/subscriptions', { params: { path: { customerId } }, body: {
      productId: v.productId, serviceNumber: v.serviceNumber.trim(), startDate: v.startDate.format('YYYY-MM-DD'),
      endDate: v.endDate ? v.endDate.format('YYYY-MM-DD') : null,
      // YuanInput holds only an amount with two decimals; one past ten digits goes as null and the API's refusal names the field.
      ...(v.monthlyFee ? { monthlyFeeFen: yuanToFen(v.monthlyFee)! } : {}),
    } }),
    onSuccess: (s) => {
      message.success(t('service.opened', { product: s.productName }));
      void changed('subscriptions');
      onClose();
    },
    onError: (e) => setProblem(showProblemOnFields(form, renameProblemFields(e, { monthlyFeeFen: 'monthlyFee' }))),
  });

  const groups = categories
    .map((category) => ({ category, items: (products.data ?? []).filter((p) => p.category === category) }))
    .filter((g) => g.items.length)
    .map((g) => ({
      label: t(`category.${g.category}`),
      options: g.items.map((p) => ({
        value: p.id, search: `${p.name} ${p.code}`,
        label: <Space style={{ width: '100%', justifyContent: 'space-between' }}><span>{p.name}</span>
          <Typography.Text type="secondary">{t('service.perMonth', { fee: money(p.monthlyFeeFen) })}</Typography.Text></Space>,
      })),
    }));

  return (
    <Modal open={open} title={t('service.open')} width={640} destroyOnHidden onCancel={onClose}
      okText={t('service.openSubmit')} cancelText={t('common.cancel')} onOk={() => form.submit()}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'service-save' } as never}>
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" disabled={save.isPending} preserve={false} initialValues={{ startDate: dayjs() }}
        onFinish={(v) => { setProblem(null); save.mutate(v); }}>
        <Form.Item name="productId" label={t('service.product')} rules={[{ required: true, message: t('service.productRequired') }]}>
          <Select showSearch optionFilterProp="search" loading={products.isLoading} options={groups} placeholder={t('service.pickProduct')} data-testid="service-product" />
        </Form.Item>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="serviceNumber" label={t('service.number')} rules={[{ required: true, whitespace: true, message: t('service.numberRequired') }]}
              extra={product && (product.category === 'mobile' || product.category === 'fixed_line') ? t('service.numberStored') : undefined}>
              <Input maxLength={40} placeholder={t(`service.numberPlaceholder.${product?.category ?? 'mobile'}`)} data-testid="service-number" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="monthlyFee" label={t('service.monthlyFee')}
              extra={product ? t('service.feeDefault', { fee: money(product.monthlyFeeFen) }) : undefined}>
              <YuanInput placeholder={product ? (product.monthlyFeeFen / 100).toFixed(2) : undefined} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="startDate" label={t('service.start')} rules={[{ required: true, message: t('service.startRequired') }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="endDate" label={t('service.endOptional')}><DatePicker style={{ width: '100%' }} /></Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
