import { useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, Segmented, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/client.ts';
import { changeLanguage, type Language } from '../i18n/index.ts';
import { usePortalMe, usePortalSignIn, useRequestCode } from './api.ts';

/** Where to go after signing in: only a page of the portal, never another site. */
const safeNext = (next: string | null) => (next && /^\/portal(\/|$)/.test(next) && !next.startsWith('//') ? next : '/portal');

/** 登录 — by mobile number and a code sent to it, or a password once one is set. */
export default function SignInPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const me = usePortalMe();
  const [method, setMethod] = useState<'code' | 'password'>('code');
  const [form] = Form.useForm<{ phone: string; code?: string; password?: string }>();
  const requestCode = useRequestCode();
  const signIn = usePortalSignIn();
  const [wait, setWait] = useState(0);
  const [sent, setSent] = useState<number | null>(null);
  useEffect(() => {
    if (wait <= 0) return undefined;
    const timer = setTimeout(() => setWait(wait - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);
  if (me.data) return <Navigate to={safeNext(params.get('next'))} replace />;

  const fieldError = (error: unknown) => {
    if (!(error instanceof ApiError)) return;
    const name = error.field === 'phone' || error.field === 'code' || error.field === 'password' ? error.field : null;
    if (name) form.setFields([{ name, errors: [error.message] }]);
  };
  const askCode = async () => {
    const phone = (await form.validateFields(['phone'])).phone;
    requestCode.mutate(phone, {
      onSuccess: (answer) => { setWait(answer.resendAfterSeconds); setSent(answer.expiresInSeconds / 60); },
      onError: (error) => {
        fieldError(error);
        const retry = error instanceof ApiError ? Number(error.problem.retryAfter) : 0;
        if (retry > 0) setWait(retry);
      },
    });
  };
  const submit = (values: { phone: string; code?: string; password?: string }) => {
    const body = method === 'code' ? { method, phone: values.phone, code: values.code ?? '' } : { method, phone: values.phone, password: values.password ?? '' };
    signIn.mutate(body, { onSuccess: () => navigate(safeNext(params.get('next')), { replace: true }), onError: fieldError });
  };
  const error = signIn.error ?? requestCode.error;
  return (
    <div style={{ minHeight: '100%', display: 'flex', flexDirection: 'column', alignItems: 'center', padding: '32px 12px' }}>
      <Card style={{ width: '100%', maxWidth: 420 }}>
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Space style={{ width: '100%', justifyContent: 'space-between' }} align="center">
            <Typography.Title level={3} style={{ margin: 0 }}>{t('portal.signIn.title')}</Typography.Title>
            <Segmented size="small" value={i18n.language} options={[{ label: '中文', value: 'zh-CN' }, { label: 'EN', value: 'en' }]} onChange={(v) => changeLanguage(v as Language)} />
          </Space>
          <Segmented block value={method} onChange={(v) => { setMethod(v as typeof method); signIn.reset(); }} data-testid="portal-sign-in-method"
            options={[{ value: 'code', label: t('portal.signIn.byCode') }, { value: 'password', label: t('portal.signIn.byPassword') }]} />
          {error && !(error instanceof ApiError && error.field) && <Alert type="error" showIcon message={error.message} data-testid="portal-sign-in-error" />}
          {sent !== null && method === 'code' && !error && <Alert type="success" showIcon message={t('portal.signIn.codeSent', { minutes: sent })} />}
          <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} size="large">
            <Form.Item name="phone" label={t('portal.signIn.phone')} rules={[{ required: true, message: t('portal.signIn.phoneRequired') }]}>
              <Input type="tel" inputMode="tel" autoComplete="tel" placeholder={t('portal.signIn.phonePlaceholder')} maxLength={40} data-testid="portal-phone" />
            </Form.Item>
            {method === 'code' ? (
              <Form.Item label={t('portal.signIn.code')} required>
                <Space.Compact style={{ width: '100%' }}>
                  <Form.Item name="code" noStyle rules={[{ required: true, pattern: /^\d{6}$/, message: t('portal.signIn.codeRequired') }]}>
                    <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} placeholder="000000" data-testid="portal-code" aria-label={t('portal.signIn.code')} />
                  </Form.Item>
                  <Button onClick={askCode} disabled={wait > 0} loading={requestCode.isPending} data-testid="portal-get-code">
                    {wait > 0 ? t('portal.signIn.resendIn', { n: wait }) : t('portal.signIn.getCode')}
                  </Button>
                </Space.Compact>
              </Form.Item>
            ) : (
              <Form.Item name="password" label={t('portal.signIn.password')} rules={[{ required: true, message: t('portal.signIn.passwordRequired') }]}>
                <Input.Password autoComplete="current-password" maxLength={200} data-testid="portal-password" />
              </Form.Item>
            )}
            <Button type="primary" htmlType="submit" block loading={signIn.isPending} data-testid="portal-sign-in">{t('portal.signIn.submit')}</Button>
          </Form>
          <Typography.Text type="secondary">{t('portal.signIn.help')}</Typography.Text>
          <Typography.Link href="/login">{t('portal.signIn.staff')}</Typography.Link>
        </Space>
      </Card>
    </div>
  );
}
