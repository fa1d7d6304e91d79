import { defineModule } from '../module.ts';
import { defineActions, type ActionsOf } from '../platform/policy.ts';
import { auditTrailRoutes } from './routes.ts';

const actions = defineActions({ 'audit.read': ['admin', 'manager'] });
declare module '../platform/policy.ts' { interface Actions extends ActionsOf<typeof actions> {} }
declare module '../platform/access.ts' { interface Reaches { audit_log: true } }

/** 审计 — who did what, read back by those who answer for it. */
export const auditTrailModule = defineModule({ name: 'audit-trail', routes: auditTrailRoutes, actions });
