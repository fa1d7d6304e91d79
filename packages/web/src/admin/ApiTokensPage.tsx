import { Alert, App, Button, Card, Form, Input, Popconfirm, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import { api } from '../api/client.ts';
import { dateTime } from '../ui/format.ts';
import { showProblemOnFields } from '../ui/problems.ts';
import { QueryState } from '../ui/QueryState.tsx';

/** API 令牌 — for integrations; the secret is shown once, at creation, and only its hash is kept. */
export default function ApiTokensPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const [secret, setSecret] = useState<string | null>(null);
  const tokens = useQuery({ queryKey: ['api-tokens'], queryFn: () => api.GET('/api-tokens').then((r) => r.items) });
  const create = useMutation({
    mutationFn: (name: string) => api.POST('/api-tokens', { body: { name } }),
    onSuccess: (r) => { setSecret(r.token); form.resetFields(); void client.invalidateQueries({ queryKey: ['api-tokens'] }); },
    onError: (e) => { const rest = showProblemOnFields(form, e); if (rest) message.error(rest); },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.DELETE('/api-tokens/{tokenId}', { params: { path: { tokenId: id } } }),
    onSuccess: () => { message.success(t('tokens.revoked')); void client.invalidateQueries({ queryKey: ['api-tokens'] }); },
    onError: (e) => message.error((e as Error).message),
  });
  if (!tokens.data && !tokens.isLoading) return <QueryState error={tokens.error} retry={() => tokens.refetch()} />;
  return (
    <Card title={t('menu.apiTokens')}>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('tokens.limits')} />
      <Form form={form} layout="inline" onFinish={(v) => create.mutate(v.name)} disabled={create.isPending} style={{ marginBottom: 16 }}>
        <Form.Item name="name" rules={[{ required: true, message: t('tokens.nameRequired') }]}><Input placeholder={t('tokens.name')} style={{ width: 280 }} /></Form.Item>
        <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={create.isPending}>{t('tokens.create')}</Button>
      </Form>
      {secret && (
        <Alert type="success" showIcon closable onClose={() => setSecret(null)} style={{ marginBottom: 16 }} message={t('tokens.shownOnce')}
          description={<Typography.Paragraph copyable code style={{ marginBottom: 0 }} data-testid="new-token">{secret}</Typography.Paragraph>} />
      )}
      <Table rowKey="id" size="middle" loading={tokens.isLoading} dataSource={tokens.data} pagination={false} columns={[
        { title: t('tokens.name'), dataIndex: 'name' },
        { title: t('tokens.prefix'), dataIndex: 'prefix', render: (v) => <Typography.Text code>{v}…</Typography.Text> },
        { title: t('customers.createdAt'), dataIndex: 'createdAt', render: (v) => dateTime(v) },
        { title: t('tokens.lastUsed'), dataIndex: 'lastUsedAt', render: (v) => dateTime(v) },
        { title: t('users.state'), dataIndex: 'revokedAt', render: (v) => (v ? <Tag>{t('tokens.revokedAt', { at: dateTime(v) })}</Tag> : <Tag color="green">{t('tokens.active')}</Tag>) },
        { title: t('common.actions'), key: 'a', render: (_, tk) => !tk.revokedAt && (
          <Popconfirm title={t('tokens.revokeConfirm')} onConfirm={() => revoke.mutateAsync(tk.id)} okText={t('common.confirm')} cancelText={t('common.cancel')}>
            <Button type="link" danger size="small">{t('tokens.revoke')}</Button>
          </Popconfirm>
        ) },
      ]} />
    </Card>
  );
}
