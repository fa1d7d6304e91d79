import { useState } from 'react';
import { App, Button, Space, Tooltip } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useCan } from '../session/session.ts';
import { phone } from '../ui/format.ts';

/**
 * A phone or ID number as the server sends it — masked (138****5678) — with a "show" button for
 * roles allowed to see it in full. Each press asks the server, which records who saw it.
 */
export function RevealableValue({ value, isMasked, isPhone, reveal: askFull }: {
  value: string; isMasked: boolean; isPhone: boolean;
  /** Asks the server for the full value (the route of this kind of record). */
  reveal: () => Promise<{ value: string }>;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const [full, setFull] = useState<string | null>(null);
  const reveal = useMutation({
    mutationFn: askFull,
    onSuccess: (r) => setFull(r.value),
    onError: (e) => message.error((e as Error).message),
  });
  const shown = full ?? value;
  const text = isPhone && full ? phone(shown) : shown;
  if (!isMasked || full || !can('customer.reveal')) return <span data-testid="personal-value">{text}</span>;
  return (
    <Space size={4}>
      <span data-testid="personal-value">{text}</span>
      <Tooltip title={t('privacy.showHint')}>
        <Button type="link" size="small" icon={<EyeOutlined />} loading={reveal.isPending} onClick={() => reveal.mutate()}
          aria-label={t('privacy.showLabel', { value })} data-testid="reveal">{t('privacy.show')}</Button>
      </Tooltip>
    </Space>
  );
}
