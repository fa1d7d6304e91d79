import { lazy } from 'react';
import { BarChartOutlined, CustomerServiceOutlined, FieldTimeOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../module.ts';
import { serviceMessages } from './i18n.ts';

/** 服务 — the ticket queue, one ticket's page, the SLA terms with the working calendar, and the service figures. */
export const serviceModule: ConsoleModule = {
  pages: [
    { path: 'tickets', page: lazy(() => import('./TicketsPage.tsx')), permission: 'ticket.read' },
    { path: 'tickets/:id', page: lazy(() => import('./TicketPage.tsx')), permission: 'ticket.read' },
    { path: 'service-terms', page: lazy(() => import('./TermsPage.tsx')), permission: 'ticket.read' },
    { path: 'service-stats', page: lazy(() => import('./StatsPage.tsx')), permission: 'ticket.read' },
  ],
  messages: serviceMessages,
  menu: [
    { path: '/tickets', icon: <CustomerServiceOutlined />, label: 'menu.tickets', permission: 'ticket.read' },
    { path: '/service-terms', icon: <FieldTimeOutlined />, label: 'menu.serviceTerms', permission: 'ticket.read' },
    { path: '/service-stats', icon: <BarChartOutlined />, label: 'serviceStats.menu', permission: 'ticket.read' },
  ],
};
