import { lazy } from 'react';
import { GlobalOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../module.ts';
import { trackingMessages } from './i18n.ts';

/** 网站数据采集 — the operator's sites and the snippet each carries; each site's visitors and live counts. */
export const trackingModule: ConsoleModule = {
  pages: [
    { path: 'tracking/sites', page: lazy(() => import('./SitesPage.tsx')), permission: 'tracking.read' },
    { path: 'tracking/sites/:siteId', page: lazy(() => import('./SitePage.tsx')), permission: 'tracking.read' },
    { path: 'tracking/sites/:siteId/reports', page: lazy(() => import('./ReportsPage.tsx')), permission: 'tracking.read' },
  ],
  messages: trackingMessages,
  menu: [{ path: '/tracking/sites', icon: <GlobalOutlined />, label: 'menu.sites', permission: 'tracking.read' }],
};
