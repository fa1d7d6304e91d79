import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <div data-testid="not-found"><Result status="404" title="404" subTitle={t('errors.notFound')}
      extra={<Link to="/"><Button type="primary">{t('errors.backHome')}</Button></Link>} /></div>
  );
}

export function ForbiddenPage() {
  const { t } = useTranslation();
  return (
    <div data-testid="forbidden"><Result status="403" title="403" subTitle={t('errors.forbidden')}
      extra={<Link to="/"><Button type="primary">{t('errors.backHome')}</Button></Link>} /></div>
  );
}
