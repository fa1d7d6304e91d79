import { Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { CallsTab } from './CallsTab.tsx';
import { MailTab } from './MailTab.tsx';

/** 热线与信箱 — the hotline's calls and the complaint mailbox's messages, one tab each (the tab is in the address). */
export default function ContactCentrePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'mail' ? 'mail' : 'calls';
  return (
    <>
      <Typography.Title level={3}>{t('contactCentre.title')}</Typography.Title>
      <Tabs activeKey={tab} onChange={(key) => setParams(key === 'mail' ? { tab: 'mail' } : {}, { replace: true })} destroyOnHidden
        items={[
          { key: 'calls', label: t('contactCentre.calls'), children: <CallsTab /> },
          { key: 'mail', label: t('contactCentre.mail'), children: <MailTab /> },
        ]} />
    </>
  );
}
