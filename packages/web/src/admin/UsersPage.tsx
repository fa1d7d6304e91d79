import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { Body, Query, UserT } from '../api/types.ts';
import { dateTime, unitName } from '../ui/format.ts';
import { UnitSelect, useUsers } from '../ui/lookups.tsx';
import { showProblemOnFields } from '../ui/problems.ts';
import { QueryState } from '../ui/QueryState.tsx';

const roles = ['admin', 'manager', 'account_manager', 'sales', 'marketing', 'service_agent', 'analyst'];

/** 用户管理 — people who sign in, their role and unit; passwords are shown once, never stored readable. */
export default function UsersPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [filter, setFilter] = useState<Query<'/users'>>({});
  const users = useUsers(filter);
  const client = useQueryClient();
  const [editing, setEditing] = useState<UserT | 'new' | null>(null);
  const showPassword = (password: string) => modal.success({
    title: t('users.passwordOnce'),
    content: <Typography.Paragraph copyable code style={{ fontSize: 16, marginTop: 12 }}>{password}</Typography.Paragraph>,
  });
  const reset = useMutation({
    mutationFn: (id: string) => api.POST('/users/{userId}/password-reset', { params: { path: { userId: id } } }),
    onSuccess: (r) => showPassword(r.password),
    onError: (e) => message.error((e as Error).message),
  });
  if (!users.data && !users.isLoading) return <QueryState error={users.error} retry={() => users.refetch()} />;
  return (
    <Card title={t('menu.users')} extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>{t('users.create')}</Button>}>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('users.signInHelp')} />
      <Space style={{ marginBottom: 16 }}>
        <Select allowClear placeholder={t('users.role')} aria-label={t('users.role')} style={{ width: 160 }} onChange={(role) => setFilter({ ...filter, role })}
          options={roles.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
        <UnitSelect allowClear style={{ width: 240 }} onChange={(unitId) => setFilter({ ...filter, unitId })} />
      </Space>
      <Table rowKey="id" size="middle" loading={users.isLoading} dataSource={users.data} pagination={{ pageSize: 20, showSizeChanger: false }} columns={[
        { title: t('users.username'), dataIndex: 'username' },
        { title: t('users.displayName'), dataIndex: 'displayName' },
        { title: t('users.role'), dataIndex: 'role', render: (v) => <Tag color="blue">{t(`roles.${v}`)}</Tag> },
        { title: t('customers.unit'), dataIndex: 'unitName', render: (_, u) => unitName(u) },
        { title: t('users.email'), dataIndex: 'email' },
        { title: t('users.state'), dataIndex: 'isDisabled', render: (v) => (v ? <Tag>{t('users.disabled')}</Tag> : <Tag color="green">{t('users.enabled')}</Tag>) },
        { title: t('customers.createdAt'), dataIndex: 'createdAt', render: (v) => dateTime(v) },
        { title: t('common.actions'), key: 'actions', render: (_, u) => (
          <Space size={0}>
            <Button type="link" size="small" onClick={() => setEditing(u)}>{t('common.edit')}</Button>
            <Popconfirm title={t('users.resetConfirm', { name: u.displayName })} description={t('users.resetDoes')} onConfirm={() => reset.mutateAsync(u.id)} okText={t('common.confirm')} cancelText={t('common.cancel')}>
              <Button type="link" size="small">{t('users.resetPassword')}</Button>
            </Popconfirm>
          </Space>
        ) },
      ]} />
      {editing && <UserModal user={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)}
        onSaved={(password) => { setEditing(null); void client.invalidateQueries({ queryKey: ['users'] }); if (password) showPassword(password); }} />}
    </Card>
  );
}

function UserModal({ user, onClose, onSaved }: { user?: UserT; onClose: () => void; onSaved: (password?: string) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [problem, setProblem] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: async (v: Body<'/users'> & { isDisabled?: boolean }) => {
      if (user) { await api.PATCH('/users/{userId}', { params: { path: { userId: user.id } }, body: { displayName: v.displayName, email: v.email || null, role: v.role, unitId: v.unitId, isDisabled: v.isDisabled } }); return undefined; }
      const created = await api.POST('/users', { body: { ...v, email: v.email || undefined, phone: v.phone || undefined, password: v.password || undefined } });
      return created.password;
    },
    onSuccess: (password) => onSaved(password),
    onError: (e) => setProblem(showProblemOnFields(form, e)),
  });
  return (
    <Modal open title={user ? t('users.edit') : t('users.create')} onCancel={onClose} onOk={() => form.submit()} okButtonProps={{ loading: save.isPending }}
      okText={t('common.save')} cancelText={t('common.cancel')}>
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" disabled={save.isPending} initialValues={user ?? { role: 'account_manager' }} onFinish={(v) => { setProblem(null); save.mutate(v); }}>
        {!user && <Form.Item name="username" label={t('users.username')} rules={[{ required: true }]}><Input /></Form.Item>}
        <Form.Item name="displayName" label={t('users.displayName')} rules={[{ required: true }]}><Input /></Form.Item>
        <Form.Item name="role" label={t('users.role')}><Select options={roles.map((r) => ({ value: r, label: t(`roles.${r}`) }))} /></Form.Item>
        <Form.Item name="unitId" label={t('customers.unit')} rules={[{ required: true }]}><UnitSelect /></Form.Item>
        <Form.Item name="email" label={t('users.email')}><Input /></Form.Item>
        {!user && <Form.Item name="phone" label={t('identity.phone')}><Input /></Form.Item>}
        {!user && <Form.Item name="password" label={t('users.initialPassword')} extra={t('users.passwordHint')}><Input.Password autoComplete="new-password" /></Form.Item>}
        {user && <Form.Item name="isDisabled" label={t('users.disabled')} valuePropName="checked"><Switch /></Form.Item>}
      </Form>
    </Modal>
  );
}
