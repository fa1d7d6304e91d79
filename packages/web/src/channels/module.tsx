import { lazy } from 'react';
import { ApiOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../module.ts';
import { channelsMessages } from './i18n.ts';

/** 电子渠道 — the channels of the caller's units and the transactions their systems post. */
export const channelsModule: ConsoleModule = {
  pages: [
    { path: 'channels', page: lazy(() => import('./ChannelsPage.tsx')), permission: 'channel.read' },
    { path: 'channels/:channelId', page: lazy(() => import('./ChannelPage.tsx')), permission: 'channel.read' },
  ],
  messages: channelsMessages,
  menu: [{ path: '/channels', icon: <ApiOutlined />, label: 'menu.channels', permission: 'channel.read' }],
};
