import { lazy } from 'react';
import { PhoneOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../module.ts';
import { contactCentreMessages } from './i18n.ts';

/** 热线与信箱 — the hotline's call log and the complaint mailbox, on one page. */
export const contactCentreModule: ConsoleModule = {
  pages: [{ path: 'contact-centre', page: lazy(() => import('./ContactCentrePage.tsx')), permission: 'hotline.read' }],
  messages: contactCentreMessages,
  menu: [{ path: '/contact-centre', icon: <PhoneOutlined />, label: 'contactCentre.menu', permission: 'hotline.read' }],
};
