import { useState } from 'react';
import { App, Button, Card, Form, Image, Input, Radio, Select, Space, Upload } from 'antd';
import { CameraOutlined, DeleteOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../api/client.ts';
import { phone } from '../ui/format.ts';
import { useMyServices, useOpenTicket, useUploadPhoto } from './api.ts';

const MAX_PHOTOS = 5;
const MAX_BYTES = 10 * 1024 * 1024;

interface Photo { id: string; name: string; preview: string }

/** 报障与投诉 — what is wrong, on which of their services, with photos; the ticket opens at once. */
export default function ReportPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ kind: 'fault' | 'complaint' | 'inquiry'; subscriptionId?: string; title: string; description?: string }>();
  const services = useMyServices();
  const upload = useUploadPhoto();
  const open = useOpenTicket();
  const [photos, setPhotos] = useState<Photo[]>([]);

  const addPhoto = (file: File) => {
    if (file.size > MAX_BYTES) { message.error(t('portal.newTicket.photoHelp')); return false; }
    upload.mutate(file, {
      onSuccess: (stored) => setPhotos((list) => [...list, { id: stored.id, name: stored.fileName, preview: URL.createObjectURL(file) }]),
      onError: (e) => message.error(e.message),
    });
    return false;
  };
  const submit = (values: { kind: 'fault' | 'complaint' | 'inquiry'; subscriptionId?: string; title: string; description?: string }) => {
    open.mutate({ ...values, description: values.description || undefined, subscriptionId: values.subscriptionId || undefined, attachmentIds: photos.map((p) => p.id) }, {
      onSuccess: (ticket) => {
        message.success(t('portal.newTicket.submitted', { reference: ticket.reference }));
        navigate(`/portal/tickets/${ticket.id}`);
      },
      onError: (e) => {
        if (e instanceof ApiError && e.field && ['title', 'description', 'subscriptionId', 'kind'].includes(e.field)) form.setFields([{ name: e.field as 'title', errors: [e.message] }]);
        else message.error(e.message);
      },
    });
  };
  return (
    <Card title={t('portal.newTicket.title')} size="small">
      <Form form={form} layout="vertical" initialValues={{ kind: 'fault' }} onFinish={submit} requiredMark={false} data-testid="portal-report">
        <Form.Item name="kind" label={t('portal.newTicket.kind')}>
          <Radio.Group optionType="button" buttonStyle="solid" style={{ display: 'flex' }}
            options={(['fault', 'complaint', 'inquiry'] as const).map((k) => ({ value: k, label: t(`portal.newTicket.kinds.${k}`), style: { flex: 1, textAlign: 'center' } }))} />
        </Form.Item>
        <Form.Item name="subscriptionId" label={t('portal.newTicket.service')}>
          <Select allowClear placeholder={t('portal.newTicket.anyService')} loading={services.isLoading} data-testid="portal-report-service"
            options={(services.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.productName} ${phone(s.serviceNumber)}` }))} />
        </Form.Item>
        <Form.Item name="title" label={t('portal.newTicket.what')} rules={[{ required: true, whitespace: true, message: t('portal.newTicket.whatRequired') }]}>
          <Input maxLength={200} placeholder={t('portal.newTicket.whatPlaceholder')} data-testid="portal-report-title" />
        </Form.Item>
        <Form.Item name="description" label={t('portal.newTicket.details')}>
          <Input.TextArea rows={4} maxLength={5000} placeholder={t('portal.newTicket.detailsPlaceholder')} data-testid="portal-report-details" />
        </Form.Item>
          <Form.Item label={t('portal.newTicket.photos')} extra={t('portal.newTicket.photoHelp')}>
            <Space wrap>
              {photos.map((p) => (
                <div key={p.id} style={{ position: 'relative' }}>
                  <Image src={p.preview} width={80} height={80} style={{ objectFit: 'cover', borderRadius: 6 }} alt={p.name} />
                  <Button size="small" shape="circle" danger icon={<DeleteOutlined />} aria-label={p.name} style={{ position: 'absolute', top: -8, right: -8 }}
                    onClick={() => setPhotos((list) => list.filter((x) => x.id !== p.id))} />
                </div>
              ))}
              {photos.length < MAX_PHOTOS && (
                <Upload accept="image/*" showUploadList={false} beforeUpload={addPhoto}>
                  <Button loading={upload.isPending} aria-label={t('portal.newTicket.addPhoto')}
                    style={{ width: 80, height: 80, display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'center', gap: 4, padding: 4, fontSize: 12 }}>
                    {!upload.isPending && <CameraOutlined style={{ fontSize: 20 }} />}{t(upload.isPending ? 'portal.newTicket.uploading' : 'portal.newTicket.addPhoto')}
                  </Button>
                </Upload>
              )}
            </Space>
          </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={open.isPending} disabled={upload.isPending} data-testid="portal-report-submit">{t('portal.newTicket.submit')}</Button>
      </Form>
    </Card>
  );
}
