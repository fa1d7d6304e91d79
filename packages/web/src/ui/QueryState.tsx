import { Button, Result, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { NotFoundPage, ForbiddenPage } from './ErrorPages.tsx';

/** What a page shows instead of its content while loading, or when the API could not answer. */
export function QueryState({ isLoading, error, retry }: { isLoading?: boolean; error: unknown; retry: () => void }) {
  const { t } = useTranslation();
  if (isLoading) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (error instanceof ApiError && error.status === 404) return <NotFoundPage />;
  if (error instanceof ApiError && error.status === 403) return <ForbiddenPage />;
  const isNetwork = error instanceof ApiError && error.isNetwork;
  return (
    <Result
      status={isNetwork ? 'warning' : 'error'}
      title={isNetwork ? t('errors.offlineTitle') : t('errors.failedTitle')}
      subTitle={isNetwork ? t('errors.offlineText') : (error as Error)?.message}
      extra={<Button type="primary" onClick={retry}>{t('common.retry')}</Button>}
    />
  );
}
