import { App, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { channelKinds } from '@xiang/shared/codes/channels';
import { showProblemOnFields } from '../ui/problems.ts';
import { useCreateChannel, type CreatedChannelT, type NewChannelBody } from './api.ts';

/** 登记渠道 — name, code and kind; the answer carries the token, which the page shows once. */
export function NewChannelModal({ onClose, onCreated }: { onClose: () => void; onCreated: (made: CreatedChannelT) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<NewChannelBody>();
  const create = useCreateChannel();
  const submit = (body: NewChannelBody) => create.mutate(body, {
    onSuccess: (made) => { message.success(t('channels.created', { name: made.name })); onCreated(made); },
    onError: (e) => { const rest = showProblemOnFields(form, e); if (rest) message.error(rest); },
  });
  return (
    <Modal open title={t('channels.newChannel')} onCancel={onClose} okText={t('channels.save')} cancelText={t('channels.cancel')}
      onOk={() => form.submit()} confirmLoading={create.isPending} destroyOnHidden width={520}>
      <Form form={form} layout="vertical" onFinish={submit} disabled={create.isPending} initialValues={{ kind: 'online_hall' }}>
        <Form.Item name="name" label={t('channels.name')} rules={[{ required: true, whitespace: true, message: t('channels.nameRequired') }]}>
          <Input placeholder={t('channels.namePlaceholder')} maxLength={100} data-testid="channel-name" />
        </Form.Item>
        <Form.Item name="code" label={t('channels.code')} extra={t('channels.codeHelp')} rules={[{ required: true, message: t('channels.codeRequired') }]}>
          <Input maxLength={40} style={{ maxWidth: 280 }} data-testid="channel-code" />
        </Form.Item>
        <Form.Item name="kind" label={t('channels.kind')}>
          <Select options={channelKinds.map((kind) => ({ value: kind, label: t(`channelKind.${kind}`) }))} style={{ maxWidth: 280 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
