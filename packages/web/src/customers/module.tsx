import { lazy } from 'react';
import { TeamOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../module.ts';

/** 客户 — the customer list; each customer opens on its 360° page (customer360/). */
export const customersModule: ConsoleModule = {
  pages: [{ path: 'customers', page: lazy(() => import('./CustomerListPage.tsx')) }],
  menu: [{ path: '/customers', icon: <TeamOutlined />, label: 'menu.customers', permission: 'customer.read' }],
};
