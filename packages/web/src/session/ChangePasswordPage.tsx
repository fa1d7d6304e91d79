import { App, Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, ApiError } from '../api/client.ts';
import { showProblemOnFields } from '../ui/problems.ts';
import { useSignedIn } from './session.ts';

interface Fields { currentPassword: string; newPassword: string; confirmPassword: string }

/** 修改密码 — also the only page open to someone whose password an administrator set. */
export default function ChangePasswordPage() {
  const { t } = useTranslation();
  const me = useSignedIn();
  const [form] = Form.useForm<Fields>();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const change = useMutation({
    mutationFn: (f: Fields) => api.POST('/me/password', { body: { currentPassword: f.currentPassword, newPassword: f.newPassword } }),
    onSuccess: async () => {
      message.success(t('session.passwordChanged'), 6);
      await client.invalidateQueries({ queryKey: ['me'] });
      navigate('/', { replace: true });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 429) {
        message.error(t('session.tooManyGuesses', { seconds: Number(error.problem.retryAfter) || 60 }));
        return;
      }
      const rest = showProblemOnFields(form, error);
      if (rest) message.error(rest);
    },
  });
  return (
    <div style={{ maxWidth: 480, margin: '48px auto', padding: '0 16px' }}>
      <Card title={t('session.changePassword')}>
        {me.user.mustChangePassword && <Alert type="warning" showIcon message={t('session.mustChange')} style={{ marginBottom: 16 }} />}
        <Form form={form} layout="vertical" onFinish={(f) => change.mutate(f)} disabled={change.isPending} data-testid="password-form">
          <Form.Item name="currentPassword" label={t('session.currentPassword')} rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" autoFocus />
          </Form.Item>
          <Form.Item name="newPassword" label={t('session.newPassword')} extra={t('session.passwordRuleFull')}
            rules={[{ required: true, min: 10, message: t('session.passwordRule') }]}>
            <Input.Password autoComplete="new-password" placeholder={t('session.passwordRule')} />
          </Form.Item>
          <Form.Item name="confirmPassword" label={t('session.confirmPassword')} dependencies={['newPassword']} rules={[{ required: true },
            ({ getFieldValue }) => ({ validator: (_, value) => (!value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('session.mismatch')))) })]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>{t('session.othersSignedOut')}</Typography.Paragraph>
          <Button type="primary" htmlType="submit" loading={change.isPending} block>{t('common.save')}</Button>
        </Form>
      </Card>
    </div>
  );
}
