import type { ConsoleModule } from '../module.ts';
import { portalMessages } from './i18n.ts';

/**
 * 网上营业厅 — the customers' portal lives at /portal, outside the console (PortalApp.tsx); the
 * console takes only its words, for the trail's labels of what customers did there.
 */
export const portalModule: ConsoleModule = { pages: [], messages: portalMessages };
