import type { ConsoleModule } from './module.ts';
import { homeModule } from './home/module.tsx';
import { customersModule } from './customers/module.tsx';
import { customer360Module } from './customer360/module.tsx';
import { tasksModule } from './tasks/module.tsx';
import { serviceModule } from './service/module.tsx';
import { contactCentreModule } from './contactcentre/module.tsx';
import { knowledgeModule } from './knowledge/module.tsx';
import { notificationsModule } from './notifications/module.tsx';
import { importsModule } from './imports/module.tsx';
import { trackingModule } from './tracking/module.tsx';
import { channelsModule } from './channels/module.tsx';
import { adminModule } from './admin/module.tsx';
import { portalModule } from './portal/module.tsx';

/** 模块 — every module of the console, one line each, in menu order; routes and menu come from it. */
export const consoleModules: readonly ConsoleModule[] = [
  homeModule,
  customersModule,
  customer360Module,
  tasksModule,
  serviceModule,
  contactCentreModule,
  knowledgeModule,
  notificationsModule,
  importsModule,
  trackingModule,
  channelsModule,
  adminModule,
  portalModule,
];
