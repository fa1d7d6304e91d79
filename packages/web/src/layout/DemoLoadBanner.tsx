import { useEffect, useRef } from 'react';
import { Alert, Progress } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { number } from '../ui/format.ts';

interface Health { demo: { customersWanted: number; customersLoaded: number } | null }

/**
 * A first start loads the demo's customers in the background: say how far it is, every few
 * seconds, and when it ends refresh what was counted while it ran (figures, lists).
 */
export function DemoLoadBanner() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const health = useQuery({
    queryKey: ['health'],
    queryFn: async (): Promise<Health> => (await fetch('/api/health')).json(),
    refetchInterval: (query) => (query.state.data?.demo ? 3_000 : false),
  });
  const demo = health.data?.demo ?? null;
  const wasLoading = useRef(false);
  useEffect(() => {
    if (demo) wasLoading.current = true;
    else if (wasLoading.current) {
      wasLoading.current = false;
      void client.invalidateQueries({ queryKey: ['dashboard'] });
      void client.invalidateQueries({ queryKey: ['customers'] });
    }
  }, [demo, client]);
  if (!demo) return null;
  return (
    <Alert banner type="info" showIcon data-testid="demo-load"
      message={t('demoLoad.progress', { loaded: number(demo.customersLoaded), wanted: number(demo.customersWanted) })}
      action={<Progress percent={Math.floor((demo.customersLoaded / demo.customersWanted) * 100)} size="small" style={{ width: 120 }} />} />
  );
}
