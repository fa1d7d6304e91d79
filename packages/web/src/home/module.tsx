import { lazy } from 'react';
import { DashboardOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../module.ts';

/** 首页 — the day's figures and my tasks. */
export const homeModule: ConsoleModule = {
  pages: [{ path: '', page: lazy(() => import('./HomePage.tsx')) }],
  menu: [{ path: '/', icon: <DashboardOutlined />, label: 'menu.home' }],
};
