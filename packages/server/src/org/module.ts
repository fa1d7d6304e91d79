import { orgEvents } from '@xiang/shared';
import { orgAudit } from '@xiang/shared/codes/org';
import { defineModule } from '../module.ts';
import { defineActions, type ActionsOf } from '../platform/policy.ts';
import { orgRoutes, sessionRoutes } from './routes.ts';

const actions = defineActions({ 'org.manage': ['admin'], 'user.manage': ['admin'] });
declare module '../platform/policy.ts' { interface Actions extends ActionsOf<typeof actions> {} }
declare module '../platform/access.ts' { interface Reaches { user: true; org_unit: true; api_token: true; session: true } }

/** 组织 — units, staff, their sign-in, sessions and API tokens. */
export const orgModule = defineModule({
  name: 'org',
  events: orgEvents,
  audit: orgAudit,
  async routes(api) {
    await api.register(sessionRoutes);
    await api.register(orgRoutes);
  },
  actions,
  recordNames: { User: '用户', Unit: '单位', 'API token': 'API 令牌' },
});
