import { useState } from 'react';
import { App, Button, Popconfirm, Space, Typography } from 'antd';
import { EyeOutlined, SyncOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { signingExample, useIdentitySecret, useRotateIdentitySecret } from './api.ts';

/**
 * 身份密钥 — for managers: the secret the site's server signs `xiang.identify` with, how to sign,
 * and rotating it. Fetched only when asked to show it, so it is not on screen by default.
 */
export function IdentitySecret({ siteId }: { siteId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [isShown, setShown] = useState(false);
  const secret = useIdentitySecret(siteId, isShown);
  const rotate = useRotateIdentitySecret(siteId);
  return (
    <Space direction="vertical" style={{ width: '100%', minWidth: 0 }} data-testid="identity-secret">
      <Typography.Text strong>{t('sites.identity')}</Typography.Text>
      <Typography.Text type="secondary">{t('sites.identityHelp')}</Typography.Text>
      {isShown && secret.data
        ? <Typography.Paragraph code copyable style={{ marginBottom: 0, wordBreak: 'break-all' }} data-testid="identity-secret-value">{secret.data.identitySecret}</Typography.Paragraph>
        : <Button size="small" icon={<EyeOutlined />} loading={secret.isFetching} onClick={() => setShown(true)}>{t('sites.showSecret')}</Button>}
      <Typography.Paragraph code style={{ marginBottom: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{signingExample}</Typography.Paragraph>
      <Popconfirm title={t('sites.rotateConfirm')} okText={t('sites.rotate')} cancelText={t('sites.cancel')}
        onConfirm={() => rotate.mutateAsync().then(() => { setShown(true); message.success(t('sites.rotated')); }, () => message.error(t('sites.rotateFailed')))}>
        <Button size="small" danger icon={<SyncOutlined />} loading={rotate.isPending} data-testid="rotate-secret">{t('sites.rotate')}</Button>
      </Popconfirm>
    </Space>
  );
}
