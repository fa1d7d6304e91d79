import { lazy } from 'react';
import { MailOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../module.ts';
import { notificationsMessages } from './i18n.ts';

/** 消息 — message templates; sending lives on the 360° page. */
export const notificationsModule: ConsoleModule = {
  pages: [{ path: 'messages/templates', page: lazy(() => import('./TemplatesPage.tsx')), permission: 'message.send' }],
  messages: notificationsMessages,
  menu: [{ path: '/messages/templates', icon: <MailOutlined />, label: 'menu.messageTemplates', permission: 'message.send' }],
};
