import { lazy, Suspense } from 'react';
import { Skeleton } from 'antd';

// ECharts is large; only the pages with charts load it.
const LazyChart = lazy(() => import('../ui/EChart.tsx').then((m) => ({ default: m.EChart })));
export const ReportChart = (props: Parameters<typeof LazyChart>[0]) => (
  <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: props.height ?? 300 }} />}><LazyChart {...props} /></Suspense>
);

/** A share (0.333) as a percentage in the reader's language (33.3 %). */
export const percent = (share: number | null | undefined, language: string) => (share === null || share === undefined ? '—'
  : new Intl.NumberFormat(language === 'en' ? 'en-US' : 'zh-CN', { style: 'percent', maximumFractionDigits: 1 }).format(share));
