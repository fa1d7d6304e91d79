import { useState, type FormEvent } from 'react';
import { Alert, Button, Input } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/client.ts';
import { changeLanguage } from '../i18n/index.ts';
import { useMe, useSignIn } from './session.ts';

// The first page everybody loads: plain form elements around antd inputs, because antd's Form,
// Typography, Segmented and Card (which brings Tabs) would add some 90 KB of script to it.
const label = { display: 'block', marginBottom: 8, color: 'rgba(0,0,0,0.88)' } as const;
const fieldError = { color: '#ff4d4f', fontSize: 14, minHeight: 22, paddingTop: 2 } as const;

/** What a refused sign-in tells the person; a wait says how long (the server counts, not the page). */
function signInProblem(error: ApiError, t: TFunction) {
  if (error.isNetwork) return t('errors.offlineText');
  if (error.status === 401) return t('signIn.wrong');
  if (error.status === 429) return t('signIn.tooMany', { seconds: Number(error.problem.retryAfter) || 60 });
  return error.message;
}

export default function SignInPage() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const me = useMe();
  const signIn = useSignIn();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [isTouched, setTouched] = useState(false);
  const next = params.get('next')?.startsWith('/') ? params.get('next')! : '/';
  if (me.data) return <Navigate to={next} replace />;

  const error = signIn.error instanceof ApiError ? signInProblem(signIn.error, t) : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!username.trim() || !password || signIn.isPending) return;
    signIn.mutate({ username: username.trim(), password }, { onSuccess: () => navigate(next, { replace: true }) });
  };
  const languageLink = (language: 'zh-CN' | 'en', text: string) => (
    <Button type={i18n.language === language ? 'link' : 'text'} size="small" onClick={() => changeLanguage(language)}>{text}</Button>
  );

  return (
    <div style={{
      minHeight: '100%', display: 'flex', alignItems: 'center', justifyContent: 'center',
      background: 'linear-gradient(135deg, #e6f4ff 0%, #f0f5ff 45%, #ffffff 100%)',
    }}>
      <div style={{ position: 'absolute', top: 16, right: 24 }}>{languageLink('zh-CN', '中文')}{languageLink('en', 'English')}</div>
      <main style={{ width: 400, padding: 32, background: '#fff', borderRadius: 8, boxShadow: '0 6px 24px rgba(0,0,0,0.08)' }}>
        <div style={{ textAlign: 'center', marginBottom: 24 }}>
          <div style={{ width: 48, height: 48, borderRadius: 10, background: '#1677ff', color: '#fff', fontSize: 26, lineHeight: '48px', margin: '0 auto 12px' }}>湘</div>
          <h1 style={{ margin: 0, fontSize: 24, fontWeight: 600, color: 'rgba(0,0,0,0.88)' }}>{t('app.name')}</h1>
          <div style={{ color: 'rgba(0,0,0,0.45)', marginTop: 4 }}>{t('signIn.subtitle')}</div>
        </div>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
        <form onSubmit={submit} noValidate>
          <label htmlFor="username" style={label}>{t('signIn.username')}</label>
          <Input id="username" prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" value={username} disabled={signIn.isPending}
            status={isTouched && !username.trim() ? 'error' : undefined} onChange={(e) => setUsername(e.target.value)} />
          <div style={fieldError}>{isTouched && !username.trim() ? t('signIn.usernameRequired') : null}</div>
          <label htmlFor="password" style={label}>{t('signIn.password')}</label>
          <Input.Password id="password" prefix={<LockOutlined />} autoComplete="current-password" size="large" value={password} disabled={signIn.isPending}
            status={isTouched && !password ? 'error' : undefined} onChange={(e) => setPassword(e.target.value)} />
          <div style={fieldError}>{isTouched && !password ? t('signIn.passwordRequired') : null}</div>
          <Button type="primary" htmlType="submit" block size="large" loading={signIn.isPending} style={{ marginTop: 8 }}>{t('signIn.submit')}</Button>
        </form>
      </main>
    </div>
  );
}
