import type { ModuleDefinition } from './module.ts';
import { allowActions } from './platform/policy.ts';
import { nameRecords } from './platform/errors.ts';
import { onCustomerChanges } from './customers/hooks.ts';
import { orgModule } from './org/module.ts';
import { operationsModule } from './platform/operations.ts';
import { customersModule } from './customers/module.ts';
import { subscriptionsModule } from './subscriptions/module.ts';
import { interactionsModule } from './interactions/module.ts';
import { customer360Module } from './customer360/module.ts';
import { importsModule } from './imports/module.ts';
import { dashboardModule } from './dashboard/module.ts';
import { auditTrailModule } from './audit-trail/module.ts';
import { tasksModule } from './tasks/module.ts';
import { notificationsModule } from './notifications/module.ts';
import { trackingModule } from './tracking/module.ts';
import { serviceModule } from './service/module.ts';
import { portalModule } from './portal/module.ts';
import { knowledgeModule } from './knowledge/module.ts';
import { channelsModule } from './channels/module.ts';
import { contactcentreModule } from './contactcentre/module.ts';

/** 模块 — every module of the server, one line each; the app is built from this list. */
export const modules: readonly ModuleDefinition[] = [
  orgModule,
  operationsModule,
  customersModule,
  subscriptionsModule,
  interactionsModule,
  customer360Module,
  importsModule,
  dashboardModule,
  auditTrailModule,
  tasksModule,
  notificationsModule,
  trackingModule,
  serviceModule,
  portalModule,
  knowledgeModule,
  channelsModule,
  contactcentreModule,
];

/**
 * Hands the modules' actions, record names and customer hooks to the platform. The app does it
 * when it is built; a script that calls services without an app (bench/) calls it first.
 */
export function installModules(): void {
  for (const module of modules) {
    if (module.actions) allowActions(module.name, module.actions);
    if (module.recordNames) nameRecords(module.recordNames);
    // Records that belong to a customer follow it when it is merged or changes hands.
    if (module.customerHooks) onCustomerChanges(module.name, module.customerHooks);
  }
}
