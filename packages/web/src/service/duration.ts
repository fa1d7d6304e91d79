import { useTranslation } from 'react-i18next';

/** A number of minutes as a person reads it: 1620 → 27 小时, 90 → 1 小时 30 分钟, 45 → 45 分钟. */
export function useDuration() {
  const { t } = useTranslation();
  return (minutes: number) => {
    const [h, m] = [Math.floor(minutes / 60), minutes % 60];
    return h === 0 ? t('terms.minutes', { n: m }) : m === 0 ? t('terms.hours', { n: h }) : t('contract.hoursMinutes', { h, m });
  };
}
