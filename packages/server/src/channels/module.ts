import { channelEvents } from '@xiang/shared';
import { channelAudit } from '@xiang/shared/codes/channels';
import { defineModule } from '../module.ts';
import { defineActions, roles, type ActionsOf } from '../platform/policy.ts';
import { channelRoutes } from './routes.ts';
import { moveChannelTransactionsOnMerge } from './transactions.ts';

// 电子渠道 — every staff role reads the channels of their units and what they report; administrators
// and managers register and change them (a channel's token writes on their units' customers' timelines).
const actions = defineActions({ 'channel.read': roles, 'channel.manage': ['admin', 'manager'] });
declare module '../platform/policy.ts' { interface Actions extends ActionsOf<typeof actions> {} }
declare module '../platform/access.ts' { interface Reaches { channel: true } }

/** 电子渠道 — the operator's electronic channels and outlets, and the transactions their systems post. */
export const channelsModule = defineModule({
  name: 'channels',
  events: channelEvents,
  audit: channelAudit,
  routes: channelRoutes,
  actions,
  recordNames: { Channel: '渠道' },
  customerHooks: { merged: moveChannelTransactionsOnMerge },
});
