import { lazy } from 'react';
import { CheckSquareOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../module.ts';
import { tasksMessages } from './i18n.ts';

/** 待办 — my tasks and call-backs. */
export const tasksModule: ConsoleModule = {
  pages: [{ path: 'tasks', page: lazy(() => import('./TasksPage.tsx')) }],
  messages: tasksMessages,
  menu: [{ path: '/tasks', icon: <CheckSquareOutlined />, label: 'menu.tasks', permission: 'task.read' }],
};
