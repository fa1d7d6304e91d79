import { Image, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { downloadHref } from '../api/client.ts';

/** The photos a customer sent with a ticket or a message: each opens at full size, read through the customer's record. */
export function TicketFiles({ customerId, ids }: { customerId: string; ids: readonly string[] }) {
  const { t } = useTranslation();
  if (!ids.length) return null;
  return (
    <Image.PreviewGroup>
      <Space wrap data-testid="ticket-files">
        {ids.map((attachmentId, i) => (
          <Image key={attachmentId} width={72} height={72} style={{ objectFit: 'cover', borderRadius: 4 }} alt={t('tickets.photo', { n: i + 1 })}
            src={downloadHref('/customers/{customerId}/attachments/{attachmentId}', { path: { customerId, attachmentId } })} />
        ))}
      </Space>
    </Image.PreviewGroup>
  );
}
