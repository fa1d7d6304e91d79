import { lazy } from 'react';
import { FormOutlined, GlobalOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../module.ts';
import { trackingMessages } from './i18n.ts';

/** 网站数据采集 — the operator's sites and the snippet each carries; each site's visitors and live counts. */
export const trackingModule: ConsoleModule = {
  pages: [
    { path: 'tracking/sites', page: lazy(() => import('./SitesPage.tsx')), permission: 'tracking.read' },
    { path: 'tracking/sites/:siteId', page: lazy(() => import('./SitePage.tsx')), permission: 'tracking.read' },
    // 问卷 — built on a site, shown on it or as a link, read as charts.
    { path: 'tracking/surveys', page: lazy(() => import('./SurveysPage.tsx')), permission: 'tracking.read' },
    { path: 'tracking/surveys/new', page: lazy(() => import('./SurveyEditor.tsx')), permission: 'survey.manage' },
    { path: 'tracking/surveys/:surveyId', page: lazy(() => import('./SurveyResults.tsx')), permission: 'tracking.read' },
    { path: 'tracking/surveys/:surveyId/edit', page: lazy(() => import('./SurveyEditor.tsx')), permission: 'survey.manage' },
    { path: 'tracking/sites/:siteId/reports', page: lazy(() => import('./ReportsPage.tsx')), permission: 'tracking.read' },
  ],
  messages: trackingMessages,
  menu: [
    { path: '/tracking/sites', icon: <GlobalOutlined />, label: 'menu.sites', permission: 'tracking.read' },
    { path: '/tracking/surveys', icon: <FormOutlined />, label: 'menu.surveys', permission: 'tracking.read' },
  ],
};
