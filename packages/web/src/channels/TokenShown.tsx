import { Alert, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { intakeExample } from './api.ts';

/** The token, this once (at creation or renewal), with the request a channel's system sends with it. */
export function TokenShown({ token, onClose }: { token: string; onClose: () => void }) {
  const { t } = useTranslation();
  const copyable = (text: string) => ({ text, tooltips: [t('channels.copy'), t('channels.copied')] });
  return (
    <Modal open title={t('channels.tokenTitle')} onCancel={onClose} onOk={onClose} okText={t('channels.close')} cancelButtonProps={{ style: { display: 'none' } }} width={640} destroyOnHidden>
      <Alert type="warning" showIcon message={t('channels.tokenOnce')} style={{ marginBottom: 12 }} />
      <Typography.Paragraph code copyable={copyable(token)} style={{ wordBreak: 'break-all' }} data-testid="channel-token">{token}</Typography.Paragraph>
      <Typography.Text strong>{t('channels.example')}</Typography.Text>
      <Typography.Paragraph copyable={copyable(intakeExample(token))}>
        <pre style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 12, margin: 0 }}>{intakeExample(token)}</pre>
      </Typography.Paragraph>
    </Modal>
  );
}
