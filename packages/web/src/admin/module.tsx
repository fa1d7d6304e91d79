import { lazy } from 'react';
import { ApartmentOutlined, AuditOutlined, KeyOutlined, ScheduleOutlined, UserOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../module.ts';

/** 系统管理 — the organisation, staff, API tokens, the audit trail and operations. */
export const adminModule: ConsoleModule = {
  pages: [
    { path: 'admin/org-units', page: lazy(() => import('./OrgUnitsPage.tsx')), permission: 'org.manage' },
    { path: 'admin/users', page: lazy(() => import('./UsersPage.tsx')), permission: 'user.manage' },
    // Everyone keeps their own API tokens.
    { path: 'admin/api-tokens', page: lazy(() => import('./ApiTokensPage.tsx')) },
    { path: 'admin/audit', page: lazy(() => import('./AuditPage.tsx')), permission: 'audit.read' },
    { path: 'admin/operations', page: lazy(() => import('./OperationsPage.tsx')), permission: 'operations.manage' },
  ],
  menu: [
    { path: '/admin/org-units', icon: <ApartmentOutlined />, label: 'menu.orgUnits', permission: 'org.manage', group: 'admin' },
    { path: '/admin/users', icon: <UserOutlined />, label: 'menu.users', permission: 'user.manage', group: 'admin' },
    { path: '/admin/api-tokens', icon: <KeyOutlined />, label: 'menu.apiTokens', group: 'admin' },
    { path: '/admin/audit', icon: <AuditOutlined />, label: 'menu.audit', permission: 'audit.read', group: 'admin' },
    { path: '/admin/operations', icon: <ScheduleOutlined />, label: 'menu.operations', permission: 'operations.manage', group: 'admin' },
  ],
};
