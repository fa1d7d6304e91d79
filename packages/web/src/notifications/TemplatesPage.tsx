import { useState } from 'react';
import { Alert, App, Button, Card, Col, Empty, Form, Input, Modal, Row, Segmented, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useCan } from '../session/session.ts';
import { dateTime } from '../ui/format.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { showProblemOnFields } from '../ui/problems.ts';
import { useCreateTemplate, useTemplates } from './api.ts';

const fields = ['{{customer.name}}', '{{customer.number}}', '{{staff.name}}', '{{unit.name}}', '{{date.today}}'];

/** 消息模板 — the messages staff send, in both languages, with fields filled per customer. */
export default function TemplatesPage() {
  const { t } = useTranslation();
  const can = useCan();
  const templates = useTemplates();
  const [isCreating, setCreating] = useState(false);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('messages.templates')}</Typography.Title>
        {can('message.template') && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="template-new">{t('messages.newTemplate')}</Button>}
      </Space>
      <Card styles={{ body: { padding: 0 } }}>
        {templates.data ? (
          <Table rowKey="id" size="small" dataSource={templates.data} pagination={false} scroll={{ x: 640 }} locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('messages.noTemplates')} /> }} columns={[
            { title: t('messages.name'), dataIndex: 'name' },
            { title: t('messages.channel'), dataIndex: 'channel', render: (v) => <Tag bordered={false}>{t(`channel.${v}`)}</Tag> },
            { title: t('messages.kindLabel'), dataIndex: 'kind', render: (v) => <Tag color={v === 'promotional' ? 'purple' : 'blue'} bordered={false}>{t(`messages.kind.${v}`)}</Tag> },
            { title: t('messages.content'), key: 'body', render: (_, tpl) => <Typography.Text ellipsis style={{ maxWidth: 360 }}>{tpl.texts['zh-CN']?.subject ?? tpl.texts['zh-CN']?.body}</Typography.Text> },
            { title: t('messages.updatedAt'), dataIndex: 'updatedAt', render: (v) => dateTime(v), width: 170 },
          ]} />
        ) : <QueryState isLoading={templates.isLoading} error={templates.error} retry={() => templates.refetch()} />}
      </Card>
      {isCreating && <NewTemplateModal onClose={() => setCreating(false)} />}
    </Space>
  );
}

interface TemplateValues { name: string; channel: 'email' | 'sms'; kind: 'service' | 'promotional'; texts: Record<'zh-CN' | 'en', { subject?: string; body: string }> }

function NewTemplateModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<TemplateValues>();
  const channel = Form.useWatch('channel', form) ?? 'sms';
  const create = useCreateTemplate();
  const [problem, setProblem] = useState<string | null>(null);
  const save = (v: TemplateValues) => {
    setProblem(null);
    const texts = Object.fromEntries((['zh-CN', 'en'] as const).map((l) => [l, { body: v.texts[l].body, ...(channel === 'email' ? { subject: v.texts[l].subject } : {}) }])) as TemplateValues['texts'];
    create.mutate({ ...v, texts }, {
      onSuccess: (tpl) => { message.success(t('messages.templateSaved', { name: tpl.name })); onClose(); },
      onError: (e) => setProblem(showProblemOnFields(form, e)),
    });
  };
  return (
    <Modal open title={t('messages.newTemplate')} width={720} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')}
      okButtonProps={{ loading: create.isPending, 'data-testid': 'template-save' } as never}>
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={save} disabled={create.isPending} initialValues={{ channel: 'sms', kind: 'service' }}>
        <Row gutter={16}>
          <Col xs={24} sm={12}><Form.Item name="name" label={t('messages.name')} rules={[{ required: true, whitespace: true }]}><Input maxLength={100} data-testid="template-name" /></Form.Item></Col>
          <Col xs={12} sm={6}><Form.Item name="channel" label={t('messages.channel')}><Segmented options={[{ value: 'sms', label: t('channel.sms') }, { value: 'email', label: t('channel.email') }]} /></Form.Item></Col>
          <Col xs={12} sm={6}><Form.Item name="kind" label={t('messages.kindLabel')}><Segmented options={[{ value: 'service', label: t('messages.kind.service') }, { value: 'promotional', label: t('messages.kind.promotional') }]} /></Form.Item></Col>
        </Row>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{t('messages.fieldsHelp')} {fields.map((f) => <Typography.Text key={f} code copyable style={{ fontSize: 12 }}>{f}</Typography.Text>)}</Typography.Paragraph>
        <Row gutter={16}>
          {(['zh-CN', 'en'] as const).map((language) => (
            <Col xs={24} md={12} key={language}>
              <Typography.Text strong>{language === 'en' ? 'English' : '中文'}</Typography.Text>
              {channel === 'email' && (
                <Form.Item name={['texts', language, 'subject']} label={t('messages.subject')} rules={[{ required: true, whitespace: true }]}><Input maxLength={200} /></Form.Item>
              )}
              <Form.Item name={['texts', language, 'body']} label={t('messages.content')} rules={[{ required: true, whitespace: true }]}>
                <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={2000} showCount data-testid={`template-body-${language}`} />
              </Form.Item>
            </Col>
          ))}
        </Row>
      </Form>
    </Modal>
  );
}
