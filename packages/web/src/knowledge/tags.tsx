import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ArticleSummaryT } from './api.ts';

// Ant Design's named colours, whose text keeps a 4.5:1 contrast on the tag.
const statusColours: Record<ArticleSummaryT['status'], string> = { draft: 'orange', published: 'green', archived: 'default' };

export function StatusTag({ status }: { status: ArticleSummaryT['status'] }) {
  const { t } = useTranslation();
  return <Tag color={statusColours[status]}>{t(`articleStatus.${status}`)}</Tag>;
}
export function AudienceTag({ audience }: { audience: ArticleSummaryT['audience'] }) {
  const { t } = useTranslation();
  return <Tag color={audience === 'public' ? 'geekblue' : 'purple'}>{t(`articleAudience.${audience}`)}</Tag>;
}
