import { App, Button, Card, Descriptions, Form, Input, List, Radio, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../api/client.ts';
import { phone } from '../ui/format.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { useMyConsents, useMyNoticeChannel, usePortalMe, usePortalSignOut, useSetConsent, useSetNoticeChannel, useSetPassword } from './api.ts';

/** 我的 — their number and record, their password, whether we may send them offers, and signing out. */
export default function MePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const me = usePortalMe();
  const consents = useMyConsents();
  const setConsent = useSetConsent();
  const notices = useMyNoticeChannel();
  const setNotices = useSetNoticeChannel();
  const setPassword = useSetPassword();
  const signOut = usePortalSignOut();
  const [form] = Form.useForm<{ currentPassword?: string; newPassword: string }>();
  if (!me.data) return <QueryState isLoading={me.isLoading} error={me.error} retry={() => me.refetch()} />;
  const granted = (channel: 'email' | 'sms') => consents.data?.items.find((c) => c.channel === channel)?.isGranted ?? false;
  const savePassword = (values: { currentPassword?: string; newPassword: string }) => setPassword.mutate(values, {
    onSuccess: () => { form.resetFields(); message.success(t('portal.settings.passwordSaved')); },
    onError: (e) => {
      if (e instanceof ApiError && (e.field === 'currentPassword' || e.field === 'newPassword')) form.setFields([{ name: e.field, errors: [e.message] }]);
      else message.error(e.message);
    },
  });
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }} data-testid="portal-me">
      <Card size="small" title={me.data.name}>
        <Descriptions size="small" column={1} items={[
          { key: 'phone', label: t('portal.settings.phone'), children: phone(me.data.phone) },
          { key: 'number', label: t('portal.settings.customerNumber'), children: me.data.number },
          { key: 'unit', label: t('portal.settings.unit'), children: me.data.unitName },
        ]} />
      </Card>
      <Card size="small" title={t('portal.settings.password')}>
        <Typography.Paragraph type="secondary">{me.data.hasPassword ? t('portal.settings.hasPassword') : t('portal.settings.noPassword')}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={savePassword} requiredMark={false}>
          {me.data.hasPassword && (
            <Form.Item name="currentPassword" label={t('portal.settings.currentPassword')} rules={[{ required: true, message: t('portal.signIn.passwordRequired') }]}>
              <Input.Password autoComplete="current-password" maxLength={200} />
            </Form.Item>
          )}
          <Form.Item name="newPassword" label={t('portal.settings.newPassword')} extra={t('portal.settings.passwordHelp')} rules={[{ required: true, min: 10, message: t('portal.settings.passwordHelp') }]}>
            <Input.Password autoComplete="new-password" maxLength={200} data-testid="portal-new-password" />
          </Form.Item>
          <Button htmlType="submit" block loading={setPassword.isPending}>{me.data.hasPassword ? t('portal.settings.changePassword') : t('portal.settings.setPassword')}</Button>
        </Form>
      </Card>
      <Card size="small" title={t('portal.settings.notices')}>
        <Typography.Paragraph type="secondary">{t('portal.settings.noticeHelp')}</Typography.Paragraph>
        {notices.data ? (
          <Radio.Group value={notices.data.channel ?? 'default'} disabled={setNotices.isPending} data-testid="portal-notice-channel"
            onChange={(e) => setNotices.mutate({ channel: e.target.value === 'default' ? null : e.target.value }, { onSuccess: () => message.success(t('portal.settings.saved')), onError: (err) => message.error(err.message) })}
            style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
            options={[
              { value: 'default', label: t('portal.settings.noticeDefault') },
              ...(['sms', 'email'] as const).map((c) => ({
                value: c, disabled: !notices.data.reachableBy.includes(c),
                label: `${t(`portal.settings.${c}`)}${notices.data.reachableBy.includes(c) ? '' : ` ${t('portal.settings.noticeUnreachable')}`}`,
              })),
            ]} />
        ) : <QueryState isLoading={notices.isLoading} error={notices.error} retry={() => notices.refetch()} />}
      </Card>
      <Card size="small" title={t('portal.settings.consents')}>
        <Typography.Paragraph type="secondary">{t('portal.settings.consentHelp')}</Typography.Paragraph>
        <List dataSource={['sms', 'email'] as const} renderItem={(channel) => (
          <List.Item extra={<Switch checked={granted(channel)} loading={consents.isLoading || (setConsent.isPending && setConsent.variables?.channel === channel)} aria-label={t(`portal.settings.${channel}`)}
            data-testid={`portal-consent-${channel}`}
            onChange={(isGranted) => setConsent.mutate({ channel, isGranted }, { onSuccess: () => message.success(t('portal.settings.saved')), onError: (e) => message.error(e.message) })} />}>
            {t(`portal.settings.${channel}`)}
          </List.Item>
        )} />
      </Card>
      <Button danger block loading={signOut.isPending} onClick={() => signOut.mutate(undefined, { onSettled: () => navigate('/portal/login', { replace: true }) })} data-testid="portal-sign-out">
        {t('portal.settings.signOut')}
      </Button>
    </div>
  );
}
