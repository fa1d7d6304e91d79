import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent, TitleComponent } from 'echarts/components';
import { useTranslation } from 'react-i18next';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, PieChart, AriaComponent, GridComponent, LegendComponent, TooltipComponent, TitleComponent, CanvasRenderer]);

/** Ant Design's own colours, so charts match the rest of the console. */
const palette = ['#1677ff', '#52c41a', '#faad14', '#13c2c2', '#722ed1', '#eb2f96', '#fa8c16', '#2f54eb'];

/**
 * One ECharts chart that follows its container's width. It describes its data in words too
 * (ECharts' aria), in the console's language, for a screen reader and a test alike.
 */
export function EChart({ option, height = 300, testId }: { option: echarts.EChartsCoreOption; height?: number; testId?: string }) {
  const node = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const { i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'EN' : 'ZH';
  useEffect(() => {
    if (!node.current) return;
    chart.current = echarts.init(node.current, undefined, { locale });
    chart.current.setOption({ color: palette, aria: { enabled: true, data: { maxCount: 24 } }, ...option }, true);
    const resize = new ResizeObserver(() => chart.current?.resize());
    resize.observe(node.current);
    return () => { resize.disconnect(); chart.current?.dispose(); chart.current = null; };
  }, [locale]);
  useEffect(() => { chart.current?.setOption({ color: palette, aria: { enabled: true, data: { maxCount: 24 } }, ...option }, true); }, [option]);
  return <div ref={node} style={{ width: '100%', height }} data-testid={testId} />;
}
